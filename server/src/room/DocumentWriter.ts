import type { Logger } from '../logger.js';
import type { DocumentStore, StoredDocument } from '../persistence/DocumentStore.js';
import { FencedOutError } from '../persistence/FencedOutError.js';
import type { TimerHandle, Timers } from './Timers.js';

/** When the writer folds the update log into a snapshot. */
export interface CompactionLimits {
  /** Fold the update log into a snapshot once it holds this many entries... */
  readonly compactAfterUpdates: number;
  /** ...or this many bytes. */
  readonly compactAfterBytes: number;
}

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
   * Storage refused a write because another instance owns the room now
   * (`FencedOutError`). The writer stops writing; the room must go.
   */
  readonly onFencedOut?: (() => void) | undefined;
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

  /** After a successful append: compacts when the log is due or storage just recovered. */
  async compactIfDue(): Promise<void> {
    if (this.#dirty || this.compactionDue()) await this.compact();
  }

  /** Whether the log has grown past the compaction limits. */
  compactionDue(): boolean {
    const { limits } = this.#options;
    return (
      this.#logCount >= limits.compactAfterUpdates || this.#logBytes >= limits.compactAfterBytes
    );
  }

  /** Whether unload must write a snapshot (a log to fold, or a change only in memory). */
  get needsSnapshot(): boolean {
    return this.#dirty || this.#logCount > 0;
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
