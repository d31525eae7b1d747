import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { CheckpointReport, CheckpointWorkerData } from './sqliteCheckpointWorker.js';

/** How often the thread checkpoints (a checkpoint with nothing new to copy costs next to nothing). */
export const checkpointIntervalMs = 1_000;
/** How long after the last write the thread is let go (and its ~15 MB with it). */
export const checkpointIdleMs = 60_000;

/** Dependencies of a {@link SqliteCheckpointer}. */
export interface SqliteCheckpointerOptions {
  /** The database file; its connection must already be in WAL mode. */
  readonly file: string;
  readonly logger: Logger;
  /**
   * The thread started (`true`: the store's own connection must stop
   * checkpointing on commit) or stopped, idle or failed (`false`: it must
   * checkpoint again, so the WAL cannot grow without bound).
   */
  readonly onRunning: (running: boolean) => void;
  readonly intervalMs?: number;
  readonly idleMs?: number;
  /** The worker script; the built `sqliteCheckpointWorker.js` beside this module by default. */
  readonly workerUrl?: URL;
  /** Hears each checkpoint that moved frames (tests). */
  readonly onCheckpoint?: (report: CheckpointReport) => void;
}

/**
 * Checkpoints a SQLite WAL from a worker thread while the store is being
 * written. A checkpoint copies the WAL into the database file and syncs
 * both: tens of milliseconds every few thousand appends, which on the
 * store's own connection happened inside whichever append crossed the
 * threshold, stopping every room on the event loop meanwhile. While the
 * thread runs, the store's connection never checkpoints and the thread runs
 * PASSIVE checkpoints, which never block the writer. It starts at the first
 * write ({@link wrote}) and stops {@link checkpointIdleMs} after the last,
 * so an idle server carries no second V8 heap. Durability is unchanged:
 * commits are in the WAL either way.
 */
export class SqliteCheckpointer {
  readonly #options: SqliteCheckpointerOptions;
  readonly #idleMs: number;
  #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | undefined;
  #lastWrite = 0;
  /** A thread failed: the store checkpoints on commit from then on. */
  #failed = false;
  #closed = false;

  constructor(options: SqliteCheckpointerOptions) {
    this.#options = options;
    this.#idleMs = options.idleMs ?? checkpointIdleMs;
  }

  /** Whether the thread is running (for tests). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** The store committed a write: start the thread unless it runs (cheap when it does). */
  wrote(): void {
    this.#lastWrite = Date.now();
    if (this.#worker !== undefined || this.#failed || this.#closed) return;
    this.#start();
  }

  /** Stops the thread and closes its connection (before the store's own closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#stop();
  }

  #start(): void {
    const workerData: CheckpointWorkerData = {
      file: this.#options.file,
      intervalMs: this.#options.intervalMs ?? checkpointIntervalMs,
    };
    const worker = new Worker(
      this.#options.workerUrl ?? new URL('./sqliteCheckpointWorker.js', import.meta.url),
      { workerData },
    );
    // Checkpoints alone must not keep a stopping process alive.
    worker.unref();
    worker.on('message', (report: CheckpointReport) => this.#options.onCheckpoint?.(report));
    worker.on('error', (error) => {
      this.#options.logger.error(
        { err: error },
        'WAL checkpoint thread failed; the store checkpoints on commit again',
      );
    });
    this.#exited = new Promise<void>((resolve) => {
      worker.once('exit', () => {
        if (this.#worker === worker) {
          // Not stopped by us: it failed.
          this.#failed = true;
          this.#release();
        }
        resolve();
      });
    });
    this.#worker = worker;
    this.#options.onRunning(true);
    this.#idleTimer = setInterval(
      () => {
        if (Date.now() - this.#lastWrite >= this.#idleMs) void this.#stop();
      },
      Math.max(10, this.#idleMs / 4),
    );
    this.#idleTimer.unref();
  }

  /** Gives checkpointing back to the store's connection and forgets the thread. */
  #release(): void {
    this.#worker = undefined;
    if (this.#idleTimer !== undefined) clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#options.onRunning(false);
  }

  async #stop(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) {
      await this.#exited;
      return;
    }
    this.#release();
    worker.postMessage('close');
    const timeout = setTimeout(() => void worker.terminate(), 5_000);
    await this.#exited;
    clearTimeout(timeout);
  }
}
