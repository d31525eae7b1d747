import { z } from 'zod';

/** Shortest accepted room id. */
export const roomIdMinLength = 3;
/** Longest accepted room id. */
export const roomIdMaxLength = 64;

/**
 * A room id: URL-safe characters only (letters, digits, `-`, `_`), so it can
 * sit in a path segment and a database key without escaping.
 */
export const roomIdSchema = z
  .string()
  .min(roomIdMinLength, `room id must be at least ${roomIdMinLength} characters`)
  .max(roomIdMaxLength, `room id must be at most ${roomIdMaxLength} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'room id may contain only letters, digits, "-" and "_"');

/** A validated room id. */
export type RoomId = z.infer<typeof roomIdSchema>;

/** Length in characters of ids made by {@link createRoomId} (128 bits of entropy). */
export const generatedRoomIdLength = 22;

/**
 * A new unguessable room id: 16 random bytes, base64url without padding.
 * Uses the Web Crypto API, available in browsers and Node ≥ 20.
 */
export function createRoomId(): RoomId {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
