import { roomIdSchema } from '@kohtaamo/shared';
import { z } from 'zod';
import { type KeyValueStorage, readJson, writeJson } from './browserStorage';

/** localStorage key of boards opened on this device, newest first. */
export const recentBoardsStorageKey = 'kohtaamo.recentBoards';

/** How many boards the landing page remembers. */
export const recentBoardsLimit = 10;

const recentBoardSchema = z.object({
  roomId: roomIdSchema,
  /** Milliseconds since the epoch of the latest visit. */
  openedAt: z.number().int().nonnegative(),
});

/** A board opened on this device. */
export type RecentBoard = z.infer<typeof recentBoardSchema>;

/** Stored boards, newest first. Unreadable entries are dropped, not fatal. */
export function readRecentBoards(storage: KeyValueStorage): RecentBoard[] {
  const stored = readJson(storage, recentBoardsStorageKey);
  if (!Array.isArray(stored)) return [];
  const boards: RecentBoard[] = [];
  for (const entry of stored) {
    const result = recentBoardSchema.safeParse(entry);
    if (result.success && !boards.some((board) => board.roomId === result.data.roomId)) {
      boards.push(result.data);
    }
  }
  return boards.sort((a, b) => b.openedAt - a.openedAt).slice(0, recentBoardsLimit);
}

/** Records a visit: moves the board to the top and keeps at most {@link recentBoardsLimit}. */
export function rememberBoard(
  storage: KeyValueStorage,
  roomId: string,
  openedAt: number,
): RecentBoard[] {
  const others = readRecentBoards(storage).filter((board) => board.roomId !== roomId);
  const boards = [{ roomId, openedAt }, ...others].slice(0, recentBoardsLimit);
  writeJson(storage, recentBoardsStorageKey, boards);
  return boards;
}

/** Removes one board from the list. */
export function forgetBoard(storage: KeyValueStorage, roomId: string): RecentBoard[] {
  const boards = readRecentBoards(storage).filter((board) => board.roomId !== roomId);
  writeJson(storage, recentBoardsStorageKey, boards);
  return boards;
}
