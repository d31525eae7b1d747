import { describe, expect, it } from 'vitest';
import { AddressRateLimiter, type RateDecision } from './AddressRateLimiter.js';

const minute = 60_000;

const waitOf = (decision: RateDecision): number =>
  decision.ok ? Number.NaN : decision.retryAfterSeconds;

describe('AddressRateLimiter', () => {
  it('lets an address act perHour times at once, then refuses with the wait in seconds', () => {
    const limiter = new AddressRateLimiter({ perHour: 3 });
    for (let index = 0; index < 3; index++)
      expect(limiter.take('1.2.3.4', 0)).toEqual({ ok: true });
    // One action comes back every 20 minutes; the wait is rounded up, never down.
    const empty = limiter.take('1.2.3.4', 0);
    expect(empty.ok).toBe(false);
    expect(waitOf(empty)).toBeGreaterThanOrEqual(1200);
    expect(waitOf(empty)).toBeLessThanOrEqual(1201);
    const later = limiter.take('1.2.3.4', 15 * minute);
    expect(waitOf(later)).toBeGreaterThanOrEqual(300);
    expect(waitOf(later)).toBeLessThanOrEqual(301);
    // Two seconds short is still too early; waiting exactly as told works.
    expect(limiter.take('1.2.3.4', 15 * minute + (waitOf(later) - 2) * 1000).ok).toBe(false);
    expect(limiter.take('1.2.3.4', 15 * minute + waitOf(later) * 1000)).toEqual({ ok: true });
  });

  it('counts each address on its own', () => {
    const limiter = new AddressRateLimiter({ perHour: 1 });
    expect(limiter.take('1.2.3.4', 0).ok).toBe(true);
    expect(limiter.take('1.2.3.4', 0).ok).toBe(false);
    expect(limiter.take('5.6.7.8', 0).ok).toBe(true);
  });

  it('never asks for less than a second', () => {
    const limiter = new AddressRateLimiter({ perHour: 3600 });
    for (let index = 0; index < 3600; index++) limiter.take('a', 0);
    expect(limiter.take('a', 999.9)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('a', 1000.5).ok).toBe(true);
  });

  it('forgets addresses whose bucket refilled once the map has grown', () => {
    const limiter = new AddressRateLimiter({ perHour: 60 });
    for (let index = 0; index < 1024; index++) limiter.take(`old-${index}`, 0);
    expect(limiter.trackedCount).toBe(1024);
    // An hour later every old bucket is full again; the next new address sweeps them away.
    limiter.take('new', 60 * minute);
    expect(limiter.trackedCount).toBe(1);
  });

  it('keeps buckets that still hold a debt through a sweep', () => {
    const limiter = new AddressRateLimiter({ perHour: 1 });
    for (let index = 0; index < 1024; index++) limiter.take(`old-${index}`, 0);
    limiter.take('new', minute);
    expect(limiter.trackedCount).toBe(1025);
    expect(limiter.take('old-7', minute).ok).toBe(false);
  });

  it('refuses a rate that is not a positive integer', () => {
    expect(() => new AddressRateLimiter({ perHour: 0 })).toThrow(RangeError);
    expect(() => new AddressRateLimiter({ perHour: 1.5 })).toThrow(RangeError);
  });
});
