import { MessageType } from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { TimerHandle, Timers } from './Timers.js';

/** How long an encoded state is kept after its last use when nothing changes the document. */
export const encodedStateTtlMs = 5_000;

/**
 * The whole document encoded once, as the sync step 2 frame that answers a
 * joining client, so twenty people opening a big board at once cost one
 * encoding instead of twenty. The room drops it ({@link invalidate}) on
 * every transaction that changes the document, so what it serves is never
 * older than the document; a client it was served to hears later changes
 * through the room's broadcast, which it already receives as a member.
 *
 * Memory: one encoded state per room at most, released {@link encodedStateTtlMs}
 * after its last use, so a loaded board does not keep a second copy of
 * itself once the joins are over.
 */
export class EncodedStateCache {
  readonly #doc: Y.Doc;
  readonly #timers: Timers;
  /** `[sync, step 2, length, update]`: a reply frame as it goes on the wire. */
  #frame: Uint8Array | undefined;
  /** Where the update starts inside {@link #frame}. */
  #updateOffset = 0;
  #used = false;
  #expiry: TimerHandle | undefined;

  constructor(doc: Y.Doc, timers: Timers) {
    this.#doc = doc;
    this.#timers = timers;
  }

  /** Whether an encoded state is held (for tests and metrics). */
  get held(): boolean {
    return this.#frame !== undefined;
  }

  /**
   * Whether the answer to `stateVector` is the whole document: the client
   * knows nothing of any writer the document has (a new browser, or one
   * whose only changes are its own, not yet sent). Yjs then writes every
   * struct and the whole delete set, exactly what the cache holds.
   */
  servesWhole(stateVector: Map<number, number>): boolean {
    for (const [client, clock] of stateVector) {
      if (clock > 0 && Y.getState(this.#doc.store, client) > 0) return false;
    }
    return true;
  }

  /** The sync step 2 frame carrying the whole document; encoded now unless held. */
  step2Frame(): Uint8Array {
    return this.#encode();
  }

  /** The whole document as one update (a view into the held frame, not a copy). */
  update(): Uint8Array {
    const frame = this.#encode();
    return frame.subarray(this.#updateOffset);
  }

  /** The document changed: the held state is stale. */
  invalidate(): void {
    this.#frame = undefined;
    this.#cancelExpiry();
  }

  /** Releases the held state and its timer. */
  dispose(): void {
    this.invalidate();
  }

  #encode(): Uint8Array {
    this.#used = true;
    if (this.#frame !== undefined) return this.#frame;
    const update = Y.encodeStateAsUpdate(this.#doc);
    const header = encoding.createEncoder();
    encoding.writeVarUint(header, MessageType.sync);
    encoding.writeVarUint(header, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint(header, update.byteLength);
    const head = encoding.toUint8Array(header);
    const frame = new Uint8Array(head.byteLength + update.byteLength);
    frame.set(head, 0);
    frame.set(update, head.byteLength);
    this.#frame = frame;
    this.#updateOffset = head.byteLength;
    this.#scheduleExpiry();
    return frame;
  }

  /** Drops the state once a whole period passes without a use. */
  #scheduleExpiry(): void {
    this.#cancelExpiry();
    this.#used = false;
    this.#expiry = this.#timers.setTimeout(() => {
      this.#expiry = undefined;
      if (this.#used) this.#scheduleExpiry();
      else this.#frame = undefined;
    }, encodedStateTtlMs);
  }

  #cancelExpiry(): void {
    if (this.#expiry !== undefined) this.#timers.clearTimeout(this.#expiry);
    this.#expiry = undefined;
  }
}
