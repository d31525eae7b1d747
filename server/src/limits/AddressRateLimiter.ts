import { TokenBucket } from './TokenBucket.js';

/** Outcome of {@link AddressRateLimiter.take}. */
export type RateDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Whole seconds after which the address may act again (at least 1), for `Retry-After`. */
      readonly retryAfterSeconds: number;
    };

/** How many actions an address may take, and how fast it earns them back. */
export interface AddressRate {
  /** Actions per hour, sustained; also how many may be taken back to back. */
  readonly perHour: number;
}

/** Buckets kept before the first sweep for full ones. */
const initialSweepAt = 1024;

/**
 * A token bucket per client address key (see `clientAddress`) for an
 * occasional, costly action such as creating a room: `perHour` at once, then
 * one more every `3600 / perHour` seconds. A bucket that has refilled to
 * full is the same as no bucket, so such buckets are dropped whenever the
 * map has doubled since the last sweep: memory follows the addresses that
 * acted recently, and the sweeps cost O(1) per call amortized.
 */
export class AddressRateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, TokenBucket>();
  #sweepAt = initialSweepAt;

  /** @throws RangeError unless `perHour` is an integer ≥ 1. */
  constructor(rate: AddressRate) {
    if (!Number.isInteger(rate.perHour) || rate.perHour < 1) {
      throw new RangeError(`perHour must be an integer ≥ 1, got ${rate.perHour}`);
    }
    this.#burst = rate.perHour;
    this.#perSecond = rate.perHour / 3600;
  }

  /** Addresses with a bucket that is not full (or not swept yet). */
  get trackedCount(): number {
    return this.#buckets.size;
  }

  /**
   * Charges one action to `address` at `now` (ms, monotonic), or says how
   * long to wait if its bucket is empty.
   */
  take(address: string, now: number): RateDecision {
    let bucket = this.#buckets.get(address);
    if (bucket === undefined) {
      this.#sweep(now);
      bucket = new TokenBucket(this.#perSecond, this.#burst, now);
      this.#buckets.set(address, bucket);
    }
    if (bucket.take(1, now)) return { ok: true };
    const missing = 1 - bucket.available(now);
    // Rounded up past the exact time, so a client that waits as told is not refused by a rounding error.
    return { ok: false, retryAfterSeconds: Math.floor(missing / this.#perSecond) + 1 };
  }

  #sweep(now: number): void {
    if (this.#buckets.size < this.#sweepAt) return;
    for (const [address, bucket] of this.#buckets) {
      if (bucket.available(now) >= this.#burst) this.#buckets.delete(address);
    }
    this.#sweepAt = Math.max(initialSweepAt, this.#buckets.size * 2);
  }
}
