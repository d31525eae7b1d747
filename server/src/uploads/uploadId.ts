import { randomBytes } from 'node:crypto';

/** Length of an upload id: 16 random bytes in base64url without padding. */
export const uploadIdLength = 22;

const uploadIdPattern = /^[A-Za-z0-9_-]{22}$/;

/**
 * A new upload id. Random rather than the content hash, so an id reveals
 * nothing about the bytes and cannot be derived by someone who has a copy of
 * the file but not the link.
 */
export function createUploadId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Whether `value` has the shape of an upload id. Checked before any storage
 * lookup, so a path segment such as `..` never reaches the filesystem.
 */
export function isUploadId(value: string): boolean {
  return uploadIdPattern.test(value);
}
