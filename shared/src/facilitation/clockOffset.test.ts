import { describe, expect, it } from 'vitest';
import {
  addClockSample,
  type ClockSample,
  estimateClockOffset,
  sampleOffset,
  sampleRtt,
  serverNow,
} from './clockOffset.js';

/** A small seeded generator (mulberry32), so the jitter is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('clock offset', () => {
  it('reads offset and round trip from one exchange', () => {
    const sample = { clientSent: 1_000, serverTime: 5_100, clientReceived: 1_200 };
    expect(sampleOffset(sample)).toBe(4_000);
    expect(sampleRtt(sample)).toBe(200);
    expect(serverNow(4_000, 2_000)).toBe(6_000);
  });

  it('has no estimate without samples, and drops samples that went back in time', () => {
    expect(estimateClockOffset([])).toBeUndefined();
    const backwards = { clientSent: 10, serverTime: 0, clientReceived: 5 };
    expect(addClockSample([], backwards)).toEqual([]);
    expect(
      addClockSample([], { clientSent: 0, serverTime: Number.NaN, clientReceived: 1 }),
    ).toEqual([]);
  });

  it('keeps the last samples only', () => {
    let samples: ClockSample[] = [];
    for (let i = 0; i < 20; i++) {
      samples = addClockSample(samples, { clientSent: i, serverTime: i, clientReceived: i + 1 });
    }
    expect(samples).toHaveLength(8);
    expect(samples[0]?.clientSent).toBe(12);
  });

  it('estimates within 0.5 s a client clock 2 minutes slow, with asymmetric jitter and stalls', () => {
    const trueOffset = 120_000; // server = client + 2 min
    const random = seeded(42);
    let samples: ClockSample[] = [];
    let clientTime = 1_700_000_000_000;
    for (let i = 0; i < 30; i++) {
      // The upload leg is slow and jittery (a busy uplink), the download fast;
      // every fourth answer waits behind a large sync message.
      const up = 40 + random() * 400 + (i % 4 === 3 ? 3_000 : 0);
      const down = 10 + random() * 40;
      const clientSent = clientTime;
      const serverTime = clientSent + up + trueOffset;
      const clientReceived = clientSent + up + down;
      samples = addClockSample(samples, { clientSent, serverTime, clientReceived });
      const estimate = estimateClockOffset(samples);
      expect(estimate).toBeDefined();
      expect(Math.abs((estimate as number) - trueOffset)).toBeLessThan(500);
      clientTime = clientReceived + 2_000 + random() * 500;
    }
    const final = estimateClockOffset(samples) as number;
    expect(Math.abs(serverNow(final, clientTime) - (clientTime + trueOffset))).toBeLessThan(500);
  });

  it('prefers the short round trips over a median of all', () => {
    const samples: ClockSample[] = [
      { clientSent: 0, serverTime: 1_000, clientReceived: 20 }, // offset 990, rtt 20
      { clientSent: 0, serverTime: 1_005, clientReceived: 30 }, // 990, rtt 30
      { clientSent: 0, serverTime: 995, clientReceived: 10 }, // 990, rtt 10
      { clientSent: 0, serverTime: 9_000, clientReceived: 4_000 }, // 7000, rtt 4000
      { clientSent: 0, serverTime: 9_000, clientReceived: 4_000 },
    ];
    expect(estimateClockOffset(samples)).toBe(990);
  });
});
