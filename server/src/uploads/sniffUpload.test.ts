import { describe, expect, it } from 'vitest';
import {
  gifBytes,
  htmlBytes,
  isoMediaBytes,
  jpegBytes,
  padTo,
  pngBytes,
  svgBytes,
  webmBytes,
  webpBytes,
} from '../testing/mediaSamples.js';
import { sniffHeadBytes, sniffUpload, unsupportedTypeMessage } from './sniffUpload.js';

const text = (value: string) => new TextEncoder().encode(value);

/** A PNG with an `acTL` chunk before the image data: an animated PNG. */
function apngBytes(): Uint8Array {
  const png = pngBytes();
  // acTL: 2 frames, loop forever; CRC left as zeros (sniffers do not check it).
  const acTL = Uint8Array.from([0, 0, 0, 8, ...text('acTL'), 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
  const afterIhdr = 8 + 25;
  const bytes = new Uint8Array(png.byteLength + acTL.byteLength);
  bytes.set(png.subarray(0, afterIhdr));
  bytes.set(acTL, afterIhdr);
  bytes.set(png.subarray(afterIhdr), afterIhdr + acTL.byteLength);
  return bytes;
}

describe('sniffUpload', () => {
  it.each([
    ['image/png', pngBytes()],
    ['image/jpeg', jpegBytes()],
    ['image/webp', webpBytes()],
    ['image/gif', gifBytes()],
    ['video/mp4', isoMediaBytes('isom')],
    ['video/webm', webmBytes()],
  ])('accepts %s from its bytes', async (type, bytes) => {
    expect(await sniffUpload(bytes)).toEqual({ allowed: true, contentType: type });
  });

  it('accepts an animated PNG as image/png', async () => {
    expect(await sniffUpload(apngBytes())).toEqual({ allowed: true, contentType: 'image/png' });
  });

  it('recognises a PNG whose metadata runs past the sniffed head', async () => {
    const bytes = pngBytes(2, 2, sniffHeadBytes * 2);
    expect(await sniffUpload(bytes.subarray(0, sniffHeadBytes))).toEqual({
      allowed: true,
      contentType: 'image/png',
    });
  });

  it.each([
    ['an SVG with an XML declaration', svgBytes(), 'image/svg+xml'],
    [
      'a bare SVG',
      text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      'image/svg+xml',
    ],
    ['an HTML page', htmlBytes(), 'text/html'],
    ['a QuickTime movie', isoMediaBytes('qt  '), 'video/quicktime'],
    ['a PDF', padTo(text('%PDF-1.7\n'), 64), 'application/pdf'],
    ['plain text', text('just some notes'), 'an unrecognised format'],
    ['nothing', new Uint8Array(0), 'an unrecognised format'],
  ])('refuses %s and says what it is', async (_, bytes, detected) => {
    expect(await sniffUpload(bytes)).toEqual({ allowed: false, detected });
  });

  it('ignores bytes past the head', async () => {
    const late = new Uint8Array(sniffHeadBytes + pngBytes().byteLength);
    late.set(pngBytes(), sniffHeadBytes);
    expect((await sniffUpload(late)).allowed).toBe(false);
  });
});

describe('unsupportedTypeMessage', () => {
  it('names what was detected and every allowed type', () => {
    const message = unsupportedTypeMessage('text/html');
    expect(message).toContain('text/html');
    for (const type of [
      'image/png',
      'image/jpeg',
      'image/webp',
      'image/gif',
      'video/mp4',
      'video/webm',
    ]) {
      expect(message).toContain(type);
    }
  });

  it('explains why SVG is refused', () => {
    expect(unsupportedTypeMessage('image/svg+xml')).toMatch(/SVG can contain scripts/);
  });
});
