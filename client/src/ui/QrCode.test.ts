import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from './QrCode';

describe('qrPath', () => {
  it('draws every dark module once, inside a four-module quiet zone', () => {
    const code = create('http://localhost/b/room-1?t=abc', { errorCorrectionLevel: 'M' });
    const { size, path } = qrPath(code);
    expect(size).toBe(code.modules.size + 8);
    const dark = [...code.modules.data].filter((bit) => bit).length;
    expect(path.match(/M/g)?.length).toBe(dark);
    // The top-left finder pattern starts right after the quiet zone.
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
