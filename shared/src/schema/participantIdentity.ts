import { toBase64UrlEncoded } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { z } from 'zod';

/**
 * Who a person is on a board, without accounts. Each browser keeps a
 * random secret key; its participant id is derived from the key with
 * SHA-256. The id is public (it names authors in `meta.authorId` and keys
 * votes such as `meta['fit:<id>']`); the key is sent only to the server, on
 * the sync socket. So the server can tell which content a guest wrote, and
 * nobody can claim an id without holding its key.
 *
 * SHA-256 comes from lib0 (pure JS in browsers): WebCrypto's `subtle` is
 * missing on plain-http origins such as a self-hosted server on a LAN.
 */

/** Query parameter of the sync socket that carries the participant key. */
export const participantKeyParam = 'k';

/** Bytes of randomness in a participant key. */
export const participantKeyBytes = 32;

/** A participant key: 32 random bytes, base64url without padding (43 characters). */
export const participantKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'malformed participant key');

/** Characters of the base64url SHA-256 digest kept as the id: 132 bits. */
const participantIdLength = 22;

/** A new participant key from `random` (which must be 32 bytes from a CSPRNG). */
export function participantKeyFromBytes(random: Uint8Array): string {
  if (random.byteLength !== participantKeyBytes) {
    throw new Error(`a participant key needs ${participantKeyBytes} random bytes`);
  }
  return toBase64UrlEncoded(random);
}

/** The public participant id of `key`. The caller validates the key ({@link participantKeySchema}). */
export function participantIdFromKey(key: string): string {
  return toBase64UrlEncoded(digest(encodeUtf8(key))).slice(0, participantIdLength);
}
