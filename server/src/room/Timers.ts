/** Opaque handle returned by {@link Timers.setTimeout}. */
export type TimerHandle = { readonly timer: unknown };

/**
 * The clock the room layer schedules with. Injected so unit tests can drive
 * time (Vitest fake timers patch the globals that {@link systemTimers} reads
 * at call time), and so pure room code never touches runtime-specific APIs
 * directly.
 */
export interface Timers {
  /** Runs `callback` once after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a pending {@link Timers.setTimeout}; ignores handles that already ran. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Runs `callback` after the current event-loop turn, once pending I/O
   * callbacks of this turn have run (`setImmediate` on Node). Rooms batch
   * every update that arrives within one turn into one write.
   */
  defer(callback: () => void): void;
}

/** {@link Timers} backed by the runtime's global timer functions. */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const timer = globalThis.setTimeout(callback, ms);
    // An idle-unload or retry timer alone must not keep a shutting-down process alive.
    if (typeof timer === 'object' && timer !== null && 'unref' in timer) timer.unref();
    return { timer };
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle.timer as ReturnType<typeof globalThis.setTimeout>);
  },
  defer(callback) {
    if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(callback);
    else globalThis.setTimeout(callback, 0);
  },
};
