import type { TemplateCell } from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { ControlChannel } from '../facilitation/ControlChannel';
import type { FacilitationState } from '../facilitation/FacilitationState';

/**
 * The live objects of the open board, on `window.kohtaamo`. Browser tests
 * read shapes, presence and the Y.Doc through it instead of scraping the
 * canvas, and it is the quickest way to inspect a board from the console.
 * It exposes nothing the page does not already hold.
 */
export interface KohtaamoDebugHandle {
  readonly editor: Editor;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** This person's private document of the room (see `PrivateNotes`); `null` for a viewer. */
  readonly privateDoc: Y.Doc | null;
  /** The template cell a shape sits in (see `cellOfShape`), for tests and export checks. */
  readonly cellOfShape: (shapeId: TLShapeId) => TemplateCell | undefined;
  /** The facilitator toolkit: its channel, its state, and the timer as this client counts it. */
  readonly facilitation: {
    readonly control: ControlChannel;
    readonly state: FacilitationState;
    /** Milliseconds left on the shared timer by this client's estimate of server time. */
    readonly timerRemainingMs: () => number;
  };
}

declare global {
  interface Window {
    kohtaamo?: KohtaamoDebugHandle;
  }
}

/** Publishes the handle; the returned function removes it again if it is still this one. */
export function exposeDebugHandle(handle: KohtaamoDebugHandle): () => void {
  window.kohtaamo = handle;
  return () => {
    if (window.kohtaamo === handle) delete window.kohtaamo;
  };
}
