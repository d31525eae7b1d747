import { describe, expect, it } from 'vitest';
import {
  type AcquireResult,
  type ConnectionLease,
  ConnectionLimiter,
} from './ConnectionLimiter.js';

function leaseOf(result: AcquireResult): ConnectionLease {
  if (!result.ok) throw new Error(`refused: ${result.full} full`);
  return result.lease;
}

describe('ConnectionLimiter', () => {
  it('refuses the connection past the per-address cap, in any room', () => {
    const limiter = new ConnectionLimiter({ maxPerAddress: 2, maxPerRoom: 10 });
    leaseOf(limiter.acquire('10.0.0.1', 'a'));
    leaseOf(limiter.acquire('10.0.0.1', 'b'));
    expect(limiter.acquire('10.0.0.1', 'c')).toEqual({ ok: false, full: 'address' });
    expect(limiter.acquire('10.0.0.2', 'c').ok).toBe(true);
    expect(limiter.countForAddress('10.0.0.1')).toBe(2);
  });

  it('refuses the connection past the per-room cap, from any address', () => {
    const limiter = new ConnectionLimiter({ maxPerAddress: 10, maxPerRoom: 2 });
    leaseOf(limiter.acquire('10.0.0.1', 'a'));
    leaseOf(limiter.acquire('10.0.0.2', 'a'));
    expect(limiter.acquire('10.0.0.3', 'a')).toEqual({ ok: false, full: 'room' });
    expect(limiter.acquire('10.0.0.3', 'b').ok).toBe(true);
    expect(limiter.countForRoom('a')).toBe(2);
  });

  it('counts nothing for a refused connection', () => {
    const limiter = new ConnectionLimiter({ maxPerAddress: 5, maxPerRoom: 1 });
    leaseOf(limiter.acquire('10.0.0.1', 'a'));
    limiter.acquire('10.0.0.1', 'a');
    expect(limiter.countForAddress('10.0.0.1')).toBe(1);
    expect(limiter.total).toBe(1);
  });

  it('frees the slot on release, and only once however often release is called', () => {
    const limiter = new ConnectionLimiter({ maxPerAddress: 2, maxPerRoom: 2 });
    const first = leaseOf(limiter.acquire('10.0.0.1', 'a'));
    leaseOf(limiter.acquire('10.0.0.1', 'a'));
    expect(limiter.acquire('10.0.0.1', 'a').ok).toBe(false);
    first.release();
    first.release();
    expect(limiter.countForAddress('10.0.0.1')).toBe(1);
    expect(limiter.countForRoom('a')).toBe(1);
    expect(limiter.total).toBe(1);
    expect(limiter.acquire('10.0.0.1', 'a').ok).toBe(true);
    expect(limiter.acquire('10.0.0.1', 'a').ok).toBe(false);
  });

  it('forgets addresses and rooms whose count drops to zero', () => {
    const limiter = new ConnectionLimiter({ maxPerAddress: 1, maxPerRoom: 1 });
    const leases = Array.from({ length: 1000 }, (_, index) =>
      leaseOf(limiter.acquire(`10.0.${index >> 8}.${index & 255}`, `room-${index}`)),
    );
    expect(limiter.total).toBe(1000);
    expect(limiter.addressCount).toBe(1000);
    for (const lease of leases) lease.release();
    expect(limiter.total).toBe(0);
    expect(limiter.addressCount).toBe(0);
    expect(limiter.roomCount).toBe(0);
    expect(limiter.countForAddress('10.0.0.0')).toBe(0);
  });

  it('refuses caps that would admit nobody', () => {
    expect(() => new ConnectionLimiter({ maxPerAddress: 0, maxPerRoom: 1 })).toThrow(RangeError);
    expect(() => new ConnectionLimiter({ maxPerAddress: 1, maxPerRoom: 1.5 })).toThrow(
      /maxPerRoom/,
    );
  });
});
