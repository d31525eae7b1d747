import { z } from 'zod';
import { type KeyValueStorage, readJson, writeJson } from './browserStorage';

/** localStorage key of the last view of each board opened on this device. */
export const boardViewStorageKey = 'kohtaamo.boardViews';

/** Boards remembered at most; the least recently viewed are forgotten first (they open fitted again). */
export const maxRememberedBoardViews = 100;

/** Where a person last looked on a board: the page and tldraw's camera on it. */
export const boardViewSchema = z.object({
  pageId: z.string().min(1),
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite().positive(),
});

/** A remembered view of one board. */
export type BoardView = z.infer<typeof boardViewSchema>;

// Entries oldest first, so the cap drops the board least recently looked at.
const storedViewsSchema = z.array(z.tuple([z.string(), boardViewSchema]));

function readViews(storage: KeyValueStorage): [string, BoardView][] {
  const parsed = storedViewsSchema.safeParse(readJson(storage, boardViewStorageKey));
  return parsed.success ? parsed.data : [];
}

/** The view this device last had of `roomId`, or `undefined` on a first visit. */
export function readBoardView(storage: KeyValueStorage, roomId: string): BoardView | undefined {
  return readViews(storage).find(([id]) => id === roomId)?.[1];
}

/** Remembers `view` as this device's last view of `roomId`. */
export function rememberBoardView(storage: KeyValueStorage, roomId: string, view: BoardView): void {
  const others = readViews(storage).filter(([id]) => id !== roomId);
  const entry: [string, BoardView] = [
    roomId,
    { pageId: view.pageId, x: view.x, y: view.y, z: view.z },
  ];
  writeJson(storage, boardViewStorageKey, [...others, entry].slice(-maxRememberedBoardViews));
}
