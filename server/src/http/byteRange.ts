/** How to answer a request's `Range` header for a representation of `size` bytes. */
export type RangeDecision =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly offset: number; readonly length: number }
  | { readonly kind: 'unsatisfiable' };

const singleByteRange = /^bytes=(\d*)-(\d*)$/;

/**
 * Decides a `Range` header (RFC 9110 §14) for a body of `size` bytes. One
 * range is served as 206; a header that is absent, malformed, in another
 * unit or asks for several ranges is answered with the whole body, which the
 * RFC allows and which spares a multipart/byteranges encoder no client here
 * needs (video elements ask for one open-ended range at a time).
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const match = singleByteRange.exec(header.replace(/\s+/g, ''));
  if (match === null) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    const length = Math.min(suffix, size);
    return { kind: 'partial', offset: size - length, length };
  }
  const offset = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < offset) return { kind: 'full' };
  if (offset >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', offset, length: end - offset + 1 };
}

/** Strong entity tag of content with this SHA-256 (hex). */
export function entityTag(sha256: string): string {
  return `"${sha256}"`;
}

function tagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim());
}

/**
 * Whether `If-None-Match` matches `etag`, so the answer is 304. Uses the weak
 * comparison the RFC prescribes for this header: `W/` is ignored.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return tagList(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag);
}

/**
 * Whether a `Range` may be honoured given `If-Range`: only when the client's
 * copy is this exact content (strong comparison; dates never match, because
 * uploads carry no `Last-Modified`).
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}
