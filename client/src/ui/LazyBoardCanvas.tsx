import { lazy } from 'react';

/**
 * The canvas (tldraw, Yjs) in its own chunk: the front page and the name
 * dialog load fast on a phone, and the heavy code downloads while the
 * visitor types their name.
 */
export const LazyBoardCanvas = lazy(() =>
  import('../canvas/BoardCanvas').then((module) => ({ default: module.BoardCanvas })),
);

/** Starts downloading the canvas chunk ahead of need; safe to call repeatedly. */
export function preloadBoardCanvas(): void {
  void import('../canvas/BoardCanvas');
}
