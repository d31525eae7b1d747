import { describe, expect, it } from 'vitest';
import { cachedFrameMaxBytes, FrameCache } from './FrameCache.js';

describe('FrameCache', () => {
  it('frames a broadcast once: the same message object gets the same frame', () => {
    const frames = new FrameCache();
    const message = new Uint8Array([0, 2, 1, 7]);
    const frame = frames.frameOf(message);
    expect(frames.frameOf(message)).toBe(frame);
    expect([...frame]).toEqual([0x82, 4, 0, 2, 1, 7]);
  });

  it('frames a new message object anew, even with the same bytes', () => {
    const frames = new FrameCache();
    const first = frames.frameOf(new Uint8Array([1]));
    const second = frames.frameOf(new Uint8Array([1]));
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it('keeps no frame of a large message', () => {
    const frames = new FrameCache();
    const large = new Uint8Array(cachedFrameMaxBytes + 1);
    expect(frames.frameOf(large)).not.toBe(frames.frameOf(large));
  });
});
