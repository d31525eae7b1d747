import type { TimerHandle, Timers } from '../room/Timers.js';

interface Scheduled {
  readonly at: number;
  readonly callback: () => void;
}

/** Lets pending promise callbacks (microtasks and their follow-ups) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Fake {@link Timers}: time moves only through {@link ManualTimers.advance},
 * deferred callbacks run only through {@link ManualTimers.runDeferred}.
 */
export class ManualTimers implements Timers {
  now = 0;
  #deferred: (() => void)[] = [];
  readonly #timers = new Map<TimerHandle, Scheduled>();

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = { timer: Symbol('timer') };
    this.#timers.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  defer(callback: () => void): void {
    this.#deferred.push(callback);
  }

  /** Number of timers not yet run. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Ends the current turn: runs deferred callbacks until none are left, settling promises between. */
  async runDeferred(): Promise<void> {
    await settle();
    while (this.#deferred.length > 0) {
      const callbacks = this.#deferred;
      this.#deferred = [];
      for (const callback of callbacks) callback();
      await settle();
    }
  }

  /** Moves time forward, running due timers in order (and deferred work after each). */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    await this.runDeferred();
    for (;;) {
      let next: [TimerHandle, Scheduled] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry;
      }
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.now = next[1].at;
      next[1].callback();
      await this.runDeferred();
    }
    this.now = target;
  }
}
