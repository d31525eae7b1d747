/**
 * Fan-out latency of a room whose clients all live in this process: send
 * times by (sender, seq), and the last seq each receiver has seen from each
 * sender. A receipt of seq s also delivers every earlier seq not seen yet
 * (the server may merge a turn's updates, and a record field is last writer
 * wins), each timed from its own send. Samples are kept per phase, the
 * phase an update was sent in.
 */
export class FanOutMeter<Phase extends string> {
  readonly #senders: number;
  readonly #sent = new Map<number, { at: number; phase: Phase }>();
  readonly #lastSeen: Int32Array;
  readonly #samples = new Map<Phase, number[]>();
  #delivered = 0;

  constructor(senders: number) {
    this.#senders = senders;
    this.#lastSeen = new Int32Array(senders * senders);
  }

  /** Deliveries so far (one per update per receiving client other than its sender). */
  get delivered(): number {
    return this.#delivered;
  }

  /** Sender `sender` made its update `seq` (1, 2, …) at `at` (performance.now()). */
  sent(sender: number, seq: number, at: number, phase: Phase): void {
    this.#sent.set(this.#slot(sender, seq), { at, phase });
  }

  /** Receiver `receiver` saw sender `sender`'s seq `seq` at `at`. */
  received(receiver: number, sender: number, seq: number, at: number): void {
    const slot = receiver * this.#senders + sender;
    const last = this.#lastSeen[slot] ?? 0;
    for (let next = last + 1; next <= seq; next++) {
      const sent = this.#sent.get(this.#slot(sender, next));
      if (sent === undefined) continue;
      this.#delivered++;
      let samples = this.#samples.get(sent.phase);
      if (samples === undefined) {
        samples = [];
        this.#samples.set(sent.phase, samples);
      }
      samples.push(at - sent.at);
    }
    if (seq > last) this.#lastSeen[slot] = seq;
  }

  /** The last seq `receiver` has seen from `sender`. */
  lastSeen(receiver: number, sender: number): number {
    return this.#lastSeen[receiver * this.#senders + sender] ?? 0;
  }

  /** Latencies (ms) of updates sent in `phase`, ascending. */
  latencies(phase: Phase): number[] {
    return [...(this.#samples.get(phase) ?? [])].sort((a, b) => a - b);
  }

  #slot(sender: number, seq: number): number {
    return seq * this.#senders + sender;
  }
}
