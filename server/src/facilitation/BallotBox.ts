import { type Ballot, ballotSchema } from '@kohtaamo/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import { type CompactionLimits, DocumentWriter } from '../room/DocumentWriter.js';
import type { Timers } from '../room/Timers.js';

/**
 * Where a board's ballots are stored: a document of their own beside the
 * board's, never sent to anyone. A room id holds only letters, digits, `-`
 * and `_`, so this id can never be another board's.
 */
export function ballotDocumentId(roomId: string): string {
  return `${roomId}.ballots`;
}

/** Dependencies of a {@link BallotBox}. */
export interface BallotBoxOptions {
  readonly roomId: string;
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly timers: Timers;
}

/** Ballots are few and small: fold the log often, so erased ballots leave storage soon. */
const ballotCompaction: CompactionLimits = {
  compactAfterUpdates: 200,
  compactAfterBytes: 256 * 1024,
};

const keySeparator = '\u001f';

/**
 * The secret half of dot voting: each voter's ballot per session, kept by
 * the server in a Y.Doc of its own (stored through the same
 * `DocumentStore`, with the same append chain and retry as a board), so
 * the board's document — which every browser receives — never holds who
 * voted for what. A ballot is written before its vote is acknowledged, so
 * a restart in the middle of a vote loses none. When a session's results
 * are revealed its ballots are erased and the log is compacted, which
 * drops their content from storage.
 */
export class BallotBox {
  /** Replaced by a fresh document on {@link erase}; see there. */
  #doc = new Y.Doc();
  #ballots: Y.Map<unknown>;
  readonly #writer: DocumentWriter;
  readonly #store: DocumentStore;
  readonly #id: string;

  constructor(options: BallotBoxOptions) {
    this.#id = ballotDocumentId(options.roomId);
    this.#store = options.store;
    this.#ballots = this.#doc.getMap('ballots');
    this.#writer = new DocumentWriter({
      roomId: this.#id,
      store: options.store,
      logger: options.logger.child({ ballots: true }),
      timers: options.timers,
      limits: ballotCompaction,
      snapshot: () => Y.encodeStateAsUpdate(this.#doc),
    });
  }

  /** False while a ballot exists only in memory because storage failed. */
  get healthy(): boolean {
    return !this.#writer.dirty;
  }

  /**
   * Reads the stored ballots. If storage still holds erased ballots (the
   * server stopped between storing an erasure and folding the log), the
   * erasure is finished first: a fresh document, folded into a snapshot.
   */
  async load(): Promise<void> {
    const stored = await this.#store.load(this.#id);
    Y.transact(this.#doc, () => {
      for (const update of stored.updates) Y.applyUpdate(this.#doc, update);
    });
    this.#writer.loaded(stored);
    if (Y.snapshot(this.#doc).ds.clients.size > 0) {
      this.#startOver();
      await this.#writer.enqueue(() => this.#writer.compact());
    }
  }

  /** `voterKey`'s ballot in `sessionId`, if they voted. */
  ballot(sessionId: string, voterKey: string): Ballot | undefined {
    const parsed = ballotSchema.safeParse(this.#ballots.get(ballotKey(sessionId, voterKey)));
    return parsed.success ? parsed.data : undefined;
  }

  /** Every ballot of `sessionId`. */
  ballots(sessionId: string): Ballot[] {
    const prefix = `${sessionId}${keySeparator}`;
    const result: Ballot[] = [];
    for (const [key, value] of this.#ballots.entries()) {
      if (!key.startsWith(prefix)) continue;
      const parsed = ballotSchema.safeParse(value);
      if (parsed.success) result.push(parsed.data);
    }
    return result;
  }

  /** Stores `ballot` (at once in memory); resolves once it is written. */
  put(sessionId: string, ballot: Ballot): Promise<void> {
    return this.#write(() => this.#ballots.set(ballotKey(sessionId, ballot.voterKey), ballot));
  }

  /**
   * Erases every ballot of `sessionId` and folds the log, so storage keeps
   * none of them. A deleted Y.Map key stays in its document as a tombstone
   * (only the value is dropped), and the key names the voter; so once the
   * deletion is stored (a crash then loses no erasure) the ballots left
   * move to a fresh document, and the snapshot that folds the log is of
   * that one. Nobody syncs with this document, so it may start over.
   */
  async erase(sessionId: string): Promise<void> {
    const prefix = `${sessionId}${keySeparator}`;
    await this.#write(() => {
      for (const key of [...this.#ballots.keys()]) {
        if (key.startsWith(prefix)) this.#ballots.delete(key);
      }
    });
    this.#startOver();
    await this.#writer.enqueue(() => this.#writer.compact());
  }

  /** Resolves once every write queued so far has finished. */
  async flush(): Promise<void> {
    await this.#writer.enqueue(async () => {
      if (this.#writer.needsSnapshot) await this.#writer.compact();
    });
  }

  /** Stops retrying and frees the document. */
  destroy(): void {
    this.#writer.close();
    this.#doc.destroy();
  }

  /** Moves the ballots left to a fresh document, which holds no deleted keys. */
  #startOver(): void {
    const kept = [...this.#ballots.entries()];
    const fresh = new Y.Doc();
    const ballots = fresh.getMap<unknown>('ballots');
    Y.transact(fresh, () => {
      for (const [key, value] of kept) ballots.set(key, value);
    });
    const old = this.#doc;
    this.#doc = fresh;
    this.#ballots = ballots;
    old.destroy();
  }

  #write(change: () => void): Promise<void> {
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array) => {
      update = u;
    };
    this.#doc.on('update', capture);
    try {
      Y.transact(this.#doc, change);
    } finally {
      this.#doc.off('update', capture);
    }
    const written = update;
    if (written === undefined) return Promise.resolve();
    this.#writer.reserve(written.byteLength);
    return this.#writer.enqueue(async () => {
      if (await this.#writer.append([written])) await this.#writer.compactIfDue();
    });
  }
}

function ballotKey(sessionId: string, voterKey: string): string {
  return `${sessionId}${keySeparator}${voterKey}`;
}
