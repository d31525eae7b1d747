import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeFileName } from './fileName.js';

describe('sanitizeFileName', () => {
  it.each([
    ['kuva.png', 'image/png', 'kuva.png'],
    ['Holiday.JPEG', 'image/jpeg', 'Holiday.jpeg'],
    ['clip.m4v', 'video/mp4', 'clip.m4v'],
    ['page.html', 'image/png', 'page.png'],
    ['no extension', 'image/gif', 'no extension.gif'],
    ['C:\\Users\\me\\Desktop\\photo.webp', 'image/webp', 'photo.webp'],
    ['../../etc/passwd', 'image/png', 'passwd.png'],
    ['..%2F..%2Fsecret.png', 'image/png', 'secret.png'],
    ['%C3%A4%C3%A4ni%20muistio.webm', 'video/webm', 'ääni muistio.webm'],
    ['100%.png', 'image/png', '100%.png'],
    ['evil\u202Egnp.exe', 'image/png', 'evilgnp.png'],
    ['a"b<c>d|e?.png', 'image/png', 'abcde.png'],
    ['line\r\nbreak.png', 'image/png', 'line break.png'],
    ['...hidden.png', 'image/png', 'hidden.png'],
    ['.png', 'image/png', 'png.png'],
    ['trailing dots...png', 'image/png', 'trailing dots.png'],
  ] as const)('%j as %s becomes %j', (raw, type, expected) => {
    expect(sanitizeFileName(raw, type)).toBe(expected);
  });

  it.each([undefined, '', '   ', '...', '/', '\u0000\u0001', 'dir/'])(
    'gives nothing usable for %j',
    (raw) => {
      expect(sanitizeFileName(raw, 'image/png')).toBeUndefined();
    },
  );

  it('caps a very long name', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.png`, 'image/png');
    expect(name).toBe(`${'x'.repeat(100)}.png`);
  });
});

describe('contentDisposition', () => {
  it('is plain inline without a name', () => {
    expect(contentDisposition(undefined)).toBe('inline');
  });

  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition("ääni (1) it's.webm")).toBe(
      `inline; filename="__ni (1) it's.webm"; filename*=UTF-8''%C3%A4%C3%A4ni%20%281%29%20it%27s.webm`,
    );
  });

  it('produces a header value of printable ASCII only', () => {
    expect(contentDisposition('😀 "quoted" \\ 100%.png')).toMatch(/^[\x20-\x7e]+$/);
  });
});
