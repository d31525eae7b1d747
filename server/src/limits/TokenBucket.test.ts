import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket.js';

describe('TokenBucket', () => {
  it('starts full and lets a whole burst through back to back, then refuses', () => {
    const bucket = new TokenBucket(10, 5, 0);
    for (let index = 0; index < 5; index++) expect(bucket.take(1, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
  });

  it('refills at the rate from the elapsed time, without a timer', () => {
    const bucket = new TokenBucket(10, 5, 1000);
    for (let index = 0; index < 5; index++) bucket.take(1, 1000);
    expect(bucket.take(1, 1099)).toBe(false);
    expect(bucket.take(1, 1100)).toBe(true);
    expect(bucket.take(1, 1100)).toBe(false);
    expect(bucket.available(1350)).toBeCloseTo(2.5);
  });

  it('never holds more than the burst, however long it idles', () => {
    const bucket = new TokenBucket(100, 3, 0);
    expect(bucket.available(60_000)).toBe(3);
    for (let index = 0; index < 3; index++) expect(bucket.take(1, 60_000)).toBe(true);
    expect(bucket.take(1, 60_000)).toBe(false);
  });

  it('sustains exactly its rate: a sender at the rate is never refused, one just above it is', () => {
    const atRate = new TokenBucket(50, 10, 0);
    const above = new TokenBucket(50, 10, 0);
    let refusedAtRate = 0;
    let firstRefusalAbove: number | undefined;
    for (let ms = 0; ms <= 10_000; ms += 20) {
      if (!atRate.take(1, ms)) refusedAtRate += 1;
    }
    for (let ms = 0; ms <= 10_000 && firstRefusalAbove === undefined; ms += 19) {
      if (!above.take(1, ms)) firstRefusalAbove = ms;
    }
    expect(refusedAtRate).toBe(0);
    // 50/s against 52.6/s drains the 10-token burst in about 3.8 s.
    expect(firstRefusalAbove).toBeGreaterThan(3000);
    expect(firstRefusalAbove).toBeLessThan(4500);
  });

  it('takes nothing when it refuses, so a cheaper take can still pass', () => {
    const bucket = new TokenBucket(1, 10, 0);
    expect(bucket.take(8, 0)).toBe(true);
    expect(bucket.take(5, 0)).toBe(false);
    expect(bucket.available(0)).toBe(2);
    expect(bucket.take(2, 0)).toBe(true);
  });

  it('charges a cost above the burst as a full bucket', () => {
    const bucket = new TokenBucket(1000, 100, 0);
    expect(bucket.take(5000, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(5000, 50)).toBe(false);
    expect(bucket.take(5000, 100)).toBe(true);
  });

  it('ignores a clock that steps back instead of draining or overfilling', () => {
    const bucket = new TokenBucket(10, 5, 1000);
    bucket.take(5, 1000);
    expect(bucket.available(500)).toBe(0);
    expect(bucket.take(1, 1100)).toBe(true);
  });

  it('refuses a rate or burst that could never admit anything', () => {
    expect(() => new TokenBucket(0, 5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN, 5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(10, 0.5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(10, Number.POSITIVE_INFINITY, 0)).toThrow(RangeError);
  });
});
