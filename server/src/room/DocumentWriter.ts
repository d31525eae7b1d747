import type { Logger } from '../logger.js';
import type { DocumentStore, StoredDocument } from '../persistence/DocumentStore.js';
import { FencedOutError } from '../persistence/FencedOutError.js';
import type { TimerHandle, Timers } from './Timers.js';
import type { UpdateFolder } from './UpdateFolder.js';

/** When the writer folds the update log into a snapshot. */
export interface CompactionLimits {
  /**
   * Fold the update log into a snapshot once it holds this many entries
   * (and at least {@link logShareOfSnapshot} of the snapshot's bytes)...
   */
  readonly compactAfterUpdates: number;
  /** ...or this many bytes. */
  readonly compactAfterBytes: number;
  /**
   * From this stored size on, a compaction folds the stored snapshot and
   * log with the writer's {@link DocumentWriterOptions.folder} (off the
   * event loop) instead of encoding the in-memory document. Unset: never.
   */
  readonly foldFromBytes?: number | undefined;
}

/**
 * The share of the snapshot's size the log must reach, besides
 * {@link CompactionLimits.compactAfterUpdates} entries, before it is folded:
 * a compaction costs in proportion to the whole board, so a big board's is
 * spread over as many more updates. 500 edits of a few hundred bytes fold a
 * board of up to ~1 MB as before; a 10 MB board folds every ~1.3 MB of edits.
 */
export const logShareOfSnapshot = 1 / 8;

/** Dependencies of a {@link DocumentWriter}. */
export interface DocumentWriterOptions {
  readonly roomId: string;
  readonly store: DocumentStore;
  /** The room's logger (already carrying the room id). */
  readonly logger: Logger;
  readonly timers: Timers;
  readonly limits: CompactionLimits;
  /** The whole in-memory document as one update, for snapshots. */
  readonly snapshot: () => Uint8Array;
  /**
   * Folds stored updates off the event loop, for boards of at least
   * {@link CompactionLimits.foldFromBytes}. Without one, every compaction
   * encodes the in-memory document.
   */
  readonly folder?: UpdateFolder | undefined;
  /**
   * Storage refused a write because another instance owns the room now
   * (`FencedOutError`). The writer stops writing; the room must go.
   */
  readonly onFencedOut?: (() => void) | undefined;
}

/** What a fold read from storage, and the writer's counters at that point. */
interface FoldRead {
  readonly generation: number;
  readonly throughSeq: number;
  readonly logCount: number;
  readonly logBytes: number;
  readonly storedBytes: number;
  readonly updates: readonly Uint8Array[];
}

/** First retry delay after a storage failure; doubles up to {@link repairMaxDelayMs}. */
export const repairInitialDelayMs = 500;
/** Longest delay between snapshot retries while storage is failing. */
export const repairMaxDelayMs = 30_000;

/**
 * A room's side of storage: one write chain (appends and snapshots run one
 * at a time, in order), compaction of the update log, and the repair loop
 * after a failure.
 *
 * Storage failures never lose the in-memory document: a failed append marks
 * the writer dirty (`healthy` false) and a full snapshot is retried with
 * back-off until storage accepts it.
 */
export class DocumentWriter {
  readonly #options: DocumentWriterOptions;
  readonly #logger: Logger;
  /** Tail of the write chain; never rejects. */
  #writes: Promise<unknown> = Promise.resolve();
  #outstanding = 0;
  #lastSeq = 0;
  #logCount = 0;
  #logBytes = 0;
  #storedBytes = 0;
  #dirty = false;
  #closed = false;
  #fencedOut = false;
  #repairTimer: TimerHandle | undefined;
  #repairDelayMs = repairInitialDelayMs;
  /** Counts snapshots written; a fold read before the latest one is stale. */
  #generation = 0;
  /** The fold under way (at most one), resolving as {@link compact} does. */
  #folding: Promise<boolean> | undefined;

  constructor(options: DocumentWriterOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  /** Estimated stored size: loaded bytes plus appended (or queued) updates, reset by compaction. */
  get storedBytes(): number {
    return this.#storedBytes;
  }

  /** Log entries written since the last snapshot. */
  get logCount(): number {
    return this.#logCount;
  }

  /** Bytes of those entries. */
  get logBytes(): number {
    return this.#logBytes;
  }

  /** True while some change is only in memory because storage failed. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** Whether writes are queued or running. */
  get busy(): boolean {
    return this.#outstanding > 0;
  }

  /** Takes the counters of what was loaded. */
  loaded(stored: StoredDocument): void {
    this.#lastSeq = stored.lastSeq;
    this.#logCount = stored.logCount;
    // Snapshot first (if any), then the log: the snapshot is the entry the log count leaves over.
    const logEntries = stored.updates.slice(stored.updates.length - stored.logCount);
    this.#logBytes = logEntries.reduce((total, update) => total + update.byteLength, 0);
    this.#storedBytes = stored.byteLength;
  }

  /** Counts bytes that will be appended, so the size limit sees them before the write. */
  reserve(bytes: number): void {
    this.#storedBytes += bytes;
  }

  /** Runs `task` after every write queued before it; the chain survives failures. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.#outstanding += 1;
    const run = this.#writes.then(task);
    this.#writes = run.then(
      () => {
        this.#outstanding -= 1;
      },
      (error: unknown) => {
        this.#outstanding -= 1;
        this.#logger.error({ err: error }, 'unexpected error in room write');
      },
    );
    return run;
  }

  /** Resolves once every write queued so far has finished (never rejects). */
  settled(): Promise<unknown> {
    return this.#writes;
  }

  /**
   * Appends `updates` (already counted with {@link reserve}); call inside
   * {@link enqueue}. Resolves whether they were written; a failure is logged
   * and turns the writer dirty, with a snapshot retried later.
   */
  async append(updates: readonly Uint8Array[]): Promise<boolean> {
    const bytes = updates.reduce((total, update) => total + update.byteLength, 0);
    if (this.#fencedOut) return false;
    try {
      this.#lastSeq = await this.#options.store.append(this.#options.roomId, updates);
      this.#logCount += updates.length;
      this.#logBytes += bytes;
      return true;
    } catch (error) {
      if (error instanceof FencedOutError) {
        this.#fenced(error);
        return false;
      }
      this.#logger.error(
        { err: error, updates: updates.length, bytes },
        'append failed; document kept in memory, snapshot will be retried',
      );
      this.#dirty = true;
      this.#scheduleRepair();
      return false;
    }
  }

  /**
   * After a successful append, inside {@link enqueue}: compacts when the log
   * is due or storage just recovered. A fold (a board of at least
   * {@link CompactionLimits.foldFromBytes}) only reads here; the chain goes
   * on while it runs and its snapshot is written later.
   */
  async compactIfDue(): Promise<void> {
    if (this.#dirty) {
      await this.compact();
      return;
    }
    if (!this.compactionDue() || this.#folding !== undefined) return;
    if (this.#foldable()) {
      // The read stays on the chain, so no append lands between it and `throughSeq`.
      const reading = this.#readForFold();
      this.#folding = this.#fold(reading);
      await reading.catch(() => undefined);
      return;
    }
    await this.compact();
  }

  /** Whether the log has grown past the compaction limits. */
  compactionDue(): boolean {
    const { limits } = this.#options;
    if (this.#logBytes >= limits.compactAfterBytes) return true;
    const snapshotBytes = this.#storedBytes - this.#logBytes;
    return (
      this.#logCount >= limits.compactAfterUpdates &&
      this.#logBytes >= snapshotBytes * logShareOfSnapshot
    );
  }

  /** Whether unload must write a snapshot (a log to fold, or a change only in memory). */
  get needsSnapshot(): boolean {
    return this.#dirty || this.#logCount > 0;
  }

  /**
   * Compacts now, as unload must: waits for a fold under way, then folds
   * (big boards) or encodes the in-memory document. Not inside
   * {@link enqueue}: it queues its own steps. Resolves `true` once storage
   * holds everything in one snapshot, or nothing was left to fold.
   */
  async compactNow(): Promise<boolean> {
    if (this.#folding !== undefined) await this.#folding;
    if (!this.needsSnapshot) return !this.#fencedOut;
    if (this.#foldable()) {
      const folding = this.#fold(this.enqueue(() => this.#readForFold()));
      this.#folding = folding;
      return folding;
    }
    return this.enqueue(() => this.compact());
  }

  /** Whether the next compaction folds stored updates (off the event loop) instead of encoding. */
  #foldable(): boolean {
    const { folder, limits } = this.#options;
    return (
      folder !== undefined &&
      limits.foldFromBytes !== undefined &&
      !this.#dirty &&
      !this.#fencedOut &&
      !this.#closed &&
      this.#storedBytes >= limits.foldFromBytes
    );
  }

  /**
   * Inside {@link enqueue}: what storage holds now, which is everything (the
   * writer is not dirty and no write is running), and the counters it covers.
   */
  async #readForFold(): Promise<FoldRead> {
    const generation = this.#generation;
    const throughSeq = this.#lastSeq;
    const logCount = this.#logCount;
    const logBytes = this.#logBytes;
    const storedBytes = this.#storedBytes;
    const stored = await this.#options.store.load(this.#options.roomId);
    return { generation, throughSeq, logCount, logBytes, storedBytes, updates: stored.updates };
  }

  /**
   * Folds what was read away from the event loop, then writes it as the
   * snapshot through `throughSeq`; entries appended meanwhile stay in the
   * log. Falls back to {@link compact} when folding fails.
   */
  async #fold(reading: Promise<FoldRead>): Promise<boolean> {
    const folder = this.#options.folder as UpdateFolder;
    try {
      let read: FoldRead;
      try {
        read = await reading;
      } catch (error) {
        this.#logger.error({ err: error }, 'compaction could not read storage');
        return false;
      }
      let folded: Uint8Array;
      const started = Date.now();
      try {
        folded = await folder.fold(read.updates);
      } catch (error) {
        this.#logger.warn({ err: error }, 'folding failed; compacting the in-memory document');
        return await this.enqueue(() => this.compact());
      }
      const foldMs = Date.now() - started;
      return await this.enqueue(() => this.#writeFold(read, folded, foldMs));
    } finally {
      this.#folding = undefined;
    }
  }

  /** Inside {@link enqueue}: writes a fold unless a later snapshot or a failure overtook it. */
  async #writeFold(read: FoldRead, folded: Uint8Array, foldMs: number): Promise<boolean> {
    if (this.#closed) return true;
    if (this.#fencedOut) return false;
    // A snapshot of the in-memory document went in meanwhile: it holds all this fold does.
    if (this.#generation !== read.generation) return true;
    // An append failed meanwhile: the repair writes the in-memory document.
    if (this.#dirty) return false;
    try {
      await this.#options.store.compact(this.#options.roomId, folded, read.throughSeq);
    } catch (error) {
      if (error instanceof FencedOutError) {
        this.#fenced(error);
        return false;
      }
      this.#logger.error({ err: error }, 'compaction failed');
      return false;
    }
    this.#generation += 1;
    this.#logCount -= read.logCount;
    this.#logBytes -= read.logBytes;
    this.#storedBytes = folded.byteLength + (this.#storedBytes - read.storedBytes);
    this.#logger.debug(
      { bytes: folded.byteLength, throughSeq: read.throughSeq, foldMs },
      'room compacted off the event loop',
    );
    return true;
  }

  /** Replaces snapshot + log with one snapshot of the in-memory document; call inside {@link enqueue}. */
  async compact(): Promise<boolean> {
    if (this.#closed) return true;
    if (this.#fencedOut) return false;
    const snapshot = this.#options.snapshot();
    const throughSeq = this.#lastSeq;
    const storedBefore = this.#storedBytes;
    try {
      await this.#options.store.compact(this.#options.roomId, snapshot, throughSeq);
    } catch (error) {
      if (error instanceof FencedOutError) {
        this.#fenced(error);
        return false;
      }
      this.#logger.error({ err: error, dirty: this.#dirty }, 'compaction failed');
      if (this.#dirty) this.#scheduleRepair();
      return false;
    }
    this.#generation += 1;
    this.#logCount = 0;
    this.#logBytes = 0;
    // Updates that arrived while the snapshot was being written are still to be appended.
    this.#storedBytes = snapshot.byteLength + (this.#storedBytes - storedBefore);
    if (this.#dirty) {
      this.#dirty = false;
      this.#repairDelayMs = repairInitialDelayMs;
      this.#cancelRepair();
      this.#logger.info({ bytes: snapshot.byteLength }, 'storage recovered; snapshot written');
    } else {
      this.#logger.debug({ bytes: snapshot.byteLength, throughSeq }, 'room compacted');
    }
    return true;
  }

  /** Stops retrying; later compactions do nothing. */
  close(): void {
    this.#closed = true;
    this.#cancelRepair();
  }

  /** Another instance took the room over: stop writing, stop retrying, tell the room once. */
  #fenced(error: FencedOutError): void {
    if (this.#fencedOut) return;
    this.#fencedOut = true;
    this.#dirty = false;
    this.#cancelRepair();
    this.#logger.warn(
      { reason: error.message },
      'room taken over by another instance; letting it go',
    );
    this.#options.onFencedOut?.();
  }

  #scheduleRepair(): void {
    if (this.#repairTimer !== undefined || this.#closed) return;
    const delay = this.#repairDelayMs;
    this.#repairDelayMs = Math.min(delay * 2, repairMaxDelayMs);
    this.#repairTimer = this.#options.timers.setTimeout(() => {
      this.#repairTimer = undefined;
      if (this.#dirty) void this.enqueue(() => this.compact());
    }, delay);
  }

  #cancelRepair(): void {
    if (this.#repairTimer !== undefined) this.#options.timers.clearTimeout(this.#repairTimer);
    this.#repairTimer = undefined;
  }
}
