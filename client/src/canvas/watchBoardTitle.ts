import { boardInfoMapName, readBoardTitle } from '@kohtaamo/shared';
import type * as Y from 'yjs';

/**
 * Calls `listener` with the title the board's document holds (`undefined`
 * until the board's first rename), at once and after every change of the
 * board map the server writes on a rename. Returns the function that stops it.
 */
export function watchBoardTitle(
  doc: Y.Doc,
  listener: (title: string | undefined) => void,
): () => void {
  const map = doc.getMap(boardInfoMapName);
  const report = () => listener(readBoardTitle(doc));
  report();
  map.observe(report);
  return () => map.unobserve(report);
}
