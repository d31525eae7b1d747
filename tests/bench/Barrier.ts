/**
 * Lets concurrent fan-out runs start and end their phases together, so
 * servers measured side by side share the same machine conditions.
 */
export class Barrier {
  readonly #parties: number;
  #waiting: { resolve: () => void; reject: (reason: unknown) => void }[] = [];
  #broken: unknown;

  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new Error(`a barrier needs at least one party, got ${parties}`);
    }
    this.#parties = parties;
  }

  /** Resolves once every party has arrived this round; rejects if the barrier was broken. */
  arrive(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#broken !== undefined) {
        reject(this.#broken);
        return;
      }
      this.#waiting.push({ resolve, reject });
      if (this.#waiting.length < this.#parties) return;
      const released = this.#waiting;
      this.#waiting = [];
      for (const party of released) party.resolve();
    });
  }

  /** A party failed: release everyone waiting now or later with `reason`. */
  break(reason: unknown): void {
    this.#broken = reason ?? new Error('barrier broken');
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const party of waiting) party.reject(this.#broken);
  }
}
