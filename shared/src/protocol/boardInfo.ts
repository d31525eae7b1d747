import type * as Y from 'yjs';
import { roomTitleSchema } from '../schema/roomAccess.js';

/**
 * Facts about the board that the server keeps in the board's document, so
 * that every open board hears of a change at once: a top-level Y.Map only
 * the server writes (clients' updates outside the records are refused).
 * The room directory stays the authority (the API and exports read it);
 * the document holds a copy made when the facilitator renames the board.
 *
 * ```
 * doc.getMap('board')
 *   'title' → string (the board's title, after the first rename)
 * ```
 */
export const boardInfoMapName = 'board';

/** Key of the board's title in {@link boardInfoMapName}. */
export const boardTitleKey = 'title';

/** The title the document holds, or `undefined` if it has none (never renamed) or a malformed one. */
export function readBoardTitle(doc: Y.Doc): string | undefined {
  const parsed = roomTitleSchema.safeParse(doc.getMap(boardInfoMapName).get(boardTitleKey));
  return parsed.success ? parsed.data : undefined;
}

/** Writes `title` into the document (the server does, on a rename). */
export function writeBoardTitle(doc: Y.Doc, title: string): void {
  doc.getMap(boardInfoMapName).set(boardTitleKey, title);
}
