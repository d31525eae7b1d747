import {
  type RoomLinks,
  type RoomRole,
  roomLinksSchema,
  roomRoleSchema,
  roomTokenParam,
} from '@kohtaamo/shared';
import { z } from 'zod';
import { type KeyValueStorage, readJson, writeJson } from './browserStorage';

/** What the client reads from a link's token to mirror the role in the UI; the server enforces it. */
export interface RoomTokenClaims {
  readonly room: string;
  readonly role: RoomRole;
  /** Expiry, seconds since the epoch. */
  readonly exp?: number;
}

const claimsSchema = z.object({
  room: z.string().min(1),
  role: roomRoleSchema,
  exp: z.number().optional(),
});

/**
 * The claims of a capability token (a JWT), without checking its signature:
 * only the server can, and does. `null` for anything that is not a readable token.
 */
export function decodeRoomToken(token: string): RoomTokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
    const parsed = claimsSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The token in a board URL's query (`?t=`), if any. */
export function tokenFromSearch(search: string): string | null {
  const token = new URLSearchParams(search).get(roomTokenParam);
  return token === null || token === '' ? null : token;
}

/** The same URL without its token, so the address bar (and screenshots of it) do not show it. */
export function withoutToken(url: string): string {
  const parsed = new URL(url, 'http://kohtaamo.invalid');
  parsed.searchParams.delete(roomTokenParam);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** sessionStorage key of the token this tab uses for a room. */
export function tabTokenKey(roomId: string): string {
  return `kohtaamo.token.${roomId}`;
}

/** localStorage key of the links of the rooms created on this device. */
export const ownRoomLinksStorageKey = 'kohtaamo.ownRooms';

const ownRoomsSchema = z.record(z.string(), roomLinksSchema);

/** The links of every room created on this device, by room id. */
export function readOwnRoomLinks(storage: KeyValueStorage): Record<string, RoomLinks> {
  const parsed = ownRoomsSchema.safeParse(readJson(storage, ownRoomLinksStorageKey));
  return parsed.success ? parsed.data : {};
}

/** The links of one room created on this device, if any. */
export function readRoomLinks(storage: KeyValueStorage, roomId: string): RoomLinks | undefined {
  return readOwnRoomLinks(storage)[roomId];
}

/** Keeps (or replaces) the links of a room created on this device. */
export function saveRoomLinks(storage: KeyValueStorage, roomId: string, links: RoomLinks): void {
  writeJson(storage, ownRoomLinksStorageKey, { ...readOwnRoomLinks(storage), [roomId]: links });
}

/** Forgets the links of a room (deleted). */
export function forgetRoomLinks(storage: KeyValueStorage, roomId: string): void {
  const { [roomId]: _removed, ...others } = readOwnRoomLinks(storage);
  writeJson(storage, ownRoomLinksStorageKey, others);
}

/**
 * A stored link of a role whose link the facilitator turned off: the server
 * refuses every token of that role until a new link is made.
 */
export const turnedOffLink = '';

/**
 * Replaces one role's link of a room created on this device: the new link
 * after rotating it, {@link turnedOffLink} after turning it off.
 */
export function updateRoomLink(
  storage: KeyValueStorage,
  roomId: string,
  role: RoomRole,
  link: string,
): RoomLinks | undefined {
  const links = readRoomLinks(storage, roomId);
  if (!links) return undefined;
  const next = { ...links, [role]: link };
  saveRoomLinks(storage, roomId, next);
  return next;
}

/** Where a tab's room tokens are kept: per tab, plus this device's own rooms. */
export interface TokenStorages {
  /** sessionStorage: the token of the link this tab was opened with. */
  readonly tab: KeyValueStorage;
  /** localStorage: links of the rooms created on this device. */
  readonly device: KeyValueStorage;
}

/**
 * The token to use for a room: the one in the URL (kept for the tab), else
 * the one this tab was opened with, else the facilitator link of a room
 * created on this device. `null` opens the board without a token.
 */
export function resolveRoomToken(
  storages: TokenStorages,
  roomId: string,
  urlToken: string | null,
): string | null {
  if (urlToken !== null) {
    try {
      storages.tab.setItem(tabTokenKey(roomId), urlToken);
    } catch {
      // Without storage the token still works for this page view.
    }
    return urlToken;
  }
  const tabToken = storages.tab.getItem(tabTokenKey(roomId));
  if (tabToken) return tabToken;
  const own = readRoomLinks(storages.device, roomId);
  return own ? tokenFromSearch(own.facilitator.split('?')[1] ?? '') : null;
}
