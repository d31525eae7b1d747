import { z } from 'zod';
import { type KeyValueStorage, readJson, writeJson } from './browserStorage';

/** localStorage key of the rooms whose guest notice this browser has read. */
export const guestNoticeStorageKey = 'kohtaamo.guestNoticeRead';

/** Rooms remembered at most; the oldest are forgotten first (they then show the notice once more). */
export const maxRememberedGuestNotices = 200;

const roomIdsSchema = z.array(z.string());

function readRoomIds(storage: KeyValueStorage): string[] {
  const parsed = roomIdsSchema.safeParse(readJson(storage, guestNoticeStorageKey));
  return parsed.success ? parsed.data : [];
}

/** Whether this browser already read (and continued past) the guest notice of `roomId`. */
export function hasReadGuestNotice(storage: KeyValueStorage, roomId: string): boolean {
  return readRoomIds(storage).includes(roomId);
}

/** Remembers that the guest notice of `roomId` was read, so a reload does not show it again. */
export function rememberGuestNoticeRead(storage: KeyValueStorage, roomId: string): void {
  const others = readRoomIds(storage).filter((id) => id !== roomId);
  writeJson(storage, guestNoticeStorageKey, [...others, roomId].slice(-maxRememberedGuestNotices));
}
