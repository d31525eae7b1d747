/**
 * Fan-out bookkeeping for clients living in one process: send times by
 * (sender, seq) and the last seq each receiver has seen from each sender. A
 * receipt of seq s also delivers any earlier seq not seen yet (a server may
 * merge updates), each timed from its own send.
 */
export class LatencyRecorder {
  readonly #clientCount: number;
  readonly #warmup: number;
  readonly #sentAt: Float64Array;
  readonly #lastSeen: Int32Array;
  readonly #samples: number[] = [];
  readonly #perSender: number;
  #delivered = 0;

  constructor(clientCount: number, warmupPerClient: number, updatesPerClient: number) {
    this.#clientCount = clientCount;
    this.#warmup = warmupPerClient;
    this.#perSender = warmupPerClient + updatesPerClient + 1;
    this.#sentAt = new Float64Array(clientCount * this.#perSender);
    this.#lastSeen = new Int32Array(clientCount * clientCount);
  }

  /** Deliveries so far, warm-up included (one per update per receiving client). */
  get delivered(): number {
    return this.#delivered;
  }

  /** Latencies (ms) of measured (post-warm-up) deliveries. */
  get samples(): readonly number[] {
    return this.#samples;
  }

  /** The highest seq `receiver` has seen from `sender` (0 if none). */
  lastSeen(receiver: number, sender: number): number {
    return this.#lastSeen[receiver * this.#clientCount + sender] ?? 0;
  }

  sent(sender: number, seq: number, at: number): void {
    this.#sentAt[sender * this.#perSender + seq] = at;
  }

  received(receiver: number, sender: number, seq: number, at: number): void {
    const slot = receiver * this.#clientCount + sender;
    const last = this.#lastSeen[slot] ?? 0;
    for (let next = last + 1; next <= seq; next += 1) {
      this.#delivered += 1;
      if (next > this.#warmup) {
        this.#samples.push(at - (this.#sentAt[sender * this.#perSender + next] ?? at));
      }
    }
    if (seq > last) this.#lastSeen[slot] = seq;
  }
}
