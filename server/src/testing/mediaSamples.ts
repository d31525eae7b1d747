import { crc32, deflateSync } from 'node:zlib';

const ascii = (text: string) => new TextEncoder().encode(text);

function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const arrays = parts.map((part) => (part instanceof Uint8Array ? part : Uint8Array.from(part)));
  const bytes = new Uint8Array(arrays.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of arrays) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(ascii(type), data);
  return concat(uint32(data.byteLength), typeAndData, uint32(crc32(typeAndData)));
}

/**
 * A complete, valid RGB PNG of `width` × `height` in one colour. With
 * `textBytes`, a tEXt chunk of that size comes before the image data (as a
 * camera's metadata would), making the file larger.
 */
export function pngBytes(width = 2, height = 2, textBytes = 0): Uint8Array {
  const header = concat(uint32(width), uint32(height), [8, 2, 0, 0, 0]);
  const row = concat([0], new Uint8Array(width * 3).fill(0x7f));
  const pixels = concat(...Array.from({ length: height }, () => row));
  const chunks = [pngChunk('IHDR', header)];
  if (textBytes > 0) {
    chunks.push(pngChunk('tEXt', concat(ascii('Comment\0'), new Uint8Array(textBytes).fill(0x61))));
  }
  chunks.push(pngChunk('IDAT', deflateSync(pixels)), pngChunk('IEND', new Uint8Array(0)));
  return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ...chunks);
}

/** The smallest GIF: one transparent pixel. */
export function gifBytes(): Uint8Array {
  return concat(
    ascii('GIF89a'),
    [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff],
    [0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b],
  );
}

/** A JPEG's start (SOI + JFIF APP0) and end: enough for sniffing, not for decoding. */
export function jpegBytes(): Uint8Array {
  return concat(
    [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10],
    ascii('JFIF\0'),
    [1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9],
  );
}

/** A lossy WebP's RIFF header: enough for sniffing. */
export function webpBytes(): Uint8Array {
  return concat(ascii('RIFF'), [0x24, 0, 0, 0], ascii('WEBPVP8 '), [0x18, 0, 0, 0]);
}

/** An ISO base media `ftyp` box with the given major brand (`isom` → MP4, `qt  ` → QuickTime). */
export function isoMediaBytes(brand = 'isom'): Uint8Array {
  return concat(
    uint32(24),
    ascii('ftyp'),
    ascii(brand),
    uint32(0x200),
    ascii(brand),
    ascii('mp41'),
  );
}

/** A WebM EBML header (DocType `webm`): enough for sniffing. */
export function webmBytes(): Uint8Array {
  return concat(
    [0x1a, 0x45, 0xdf, 0xa3, 0x9f],
    [
      0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81,
      0x08,
    ],
    [0x42, 0x82, 0x84],
    ascii('webm'),
    [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02],
  );
}

/** An SVG with a script: what must never be served from the board's origin. */
export function svgBytes(): Uint8Array {
  return ascii(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
  );
}

/** An HTML page with a script (the classic "image.png" that is really a page). */
export function htmlBytes(): Uint8Array {
  return ascii('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
}

/** `bytes` followed by zeros up to `size` bytes (sniffers read only the start). */
export function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const padded = new Uint8Array(Math.max(size, bytes.byteLength));
  padded.set(bytes);
  return padded;
}
