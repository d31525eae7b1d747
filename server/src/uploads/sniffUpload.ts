import { allowedUploadTypes, isUploadContentType, type UploadContentType } from '@kohtaamo/shared';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Bytes from the start of an upload that its type is decided from. Every
 * allowed format identifies itself in its first few dozen bytes; the margin
 * lets file-type walk PNG chunks to tell APNG from PNG.
 */
export const sniffHeadBytes = 64 * 1024;

/** Formats file-type names differently from the allow-list entry that covers them. */
const aliases: Readonly<Record<string, UploadContentType>> = {
  // An APNG is a PNG with extra chunks, and browsers animate it served as image/png.
  'image/apng': 'image/png',
};

/** What the bytes of an upload turned out to be. */
export type SniffResult =
  | { readonly allowed: true; readonly contentType: UploadContentType }
  | { readonly allowed: false; readonly detected: string };

/**
 * Decides an upload's content type from its first bytes (at most
 * {@link sniffHeadBytes} are looked at), never from what the client claims.
 * Anything file-type does not recognise as an allowed format is refused.
 */
export async function sniffUpload(head: Uint8Array): Promise<SniffResult> {
  const found = await fileTypeFromBuffer(head.subarray(0, sniffHeadBytes));
  const mime = found === undefined ? undefined : (aliases[found.mime] ?? found.mime);
  if (mime !== undefined && isUploadContentType(mime)) return { allowed: true, contentType: mime };
  const markup =
    mime === undefined || mime === 'application/xml' ? describeMarkup(head) : undefined;
  return { allowed: false, detected: markup ?? mime ?? 'an unrecognised format' };
}

/** The message of the refusal of an upload whose bytes are `detected`. */
export function unsupportedTypeMessage(detected: string): string {
  const why = detected === 'image/svg+xml' ? ' (SVG can contain scripts)' : '';
  return `uploads must be one of ${allowedUploadTypes.join(', ')}; this file is ${detected}${why}`;
}

/**
 * Names the text formats file-type leaves unnamed, only so the refusal says
 * what was sent; it never makes anything acceptable.
 */
function describeMarkup(head: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 4096))
    .toLowerCase();
  if (/<svg[\s>/]/.test(text)) return 'image/svg+xml';
  if (/<!doctype html|<(html|head|body|script)[\s>/]/.test(text)) return 'text/html';
  return undefined;
}
