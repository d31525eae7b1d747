/**
 * A token bucket that refills lazily: no timer, just the time since the last
 * call. Holds `burst` tokens at most and gains `ratePerSecond` per second.
 * Times are milliseconds from a monotonic clock (`performance.now()`), passed
 * in by the caller so one clock read serves several buckets and tests can
 * drive time by hand.
 */
export class TokenBucket {
  readonly #burst: number;
  readonly #perMs: number;
  #tokens: number;
  #updatedAt: number;

  /**
   * Starts full at time `now`.
   *
   * @throws RangeError unless `ratePerSecond` > 0 and `burst` ≥ 1.
   */
  constructor(ratePerSecond: number, burst: number, now: number) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
    }
    if (!(burst >= 1) || !Number.isFinite(burst)) {
      throw new RangeError(`burst must be at least 1, got ${burst}`);
    }
    this.#burst = burst;
    this.#perMs = ratePerSecond / 1000;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  /**
   * Takes `cost` tokens if the bucket holds that many at `now`; takes nothing
   * otherwise. A cost above `burst` is charged as `burst`, so it needs a full
   * bucket instead of never passing.
   */
  take(cost: number, now: number): boolean {
    const tokens = this.#refill(now);
    const charge = Math.min(cost, this.#burst);
    if (tokens < charge) return false;
    this.#tokens = tokens - charge;
    return true;
  }

  /** Gives `amount` tokens back at `now`, never beyond `burst`. */
  give(amount: number, now: number): void {
    this.#tokens = Math.min(this.#refill(now) + amount, this.#burst);
  }

  /** Tokens in the bucket at `now`. */
  available(now: number): number {
    return this.#refill(now);
  }

  #refill(now: number): number {
    const elapsed = now - this.#updatedAt;
    // A clock that stands still or steps back adds nothing (and never removes).
    if (elapsed <= 0) return this.#tokens;
    this.#updatedAt = now;
    const tokens = this.#tokens + elapsed * this.#perMs;
    this.#tokens = Math.min(tokens, this.#burst);
    return this.#tokens;
  }
}
