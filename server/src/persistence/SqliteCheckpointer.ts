import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { CheckpointReport, CheckpointWorkerData } from './sqliteCheckpointWorker.js';

/** How often the thread checkpoints (a checkpoint with nothing new to copy costs next to nothing). */
export const checkpointIntervalMs = 1_000;

/** Dependencies of a {@link SqliteCheckpointer}. */
export interface SqliteCheckpointerOptions {
  /** The database file; its connection must already be in WAL mode. */
  readonly file: string;
  readonly logger: Logger;
  /**
   * Called when the thread stopped checkpointing (it failed), so the
   * store's own connection checkpoints again and the WAL cannot grow
   * without bound.
   */
  readonly onStopped: () => void;
  readonly intervalMs?: number;
  /** The worker script; the built `sqliteCheckpointWorker.js` beside this module by default. */
  readonly workerUrl?: URL;
  /** Hears each checkpoint that moved frames (tests). */
  readonly onCheckpoint?: (report: CheckpointReport) => void;
}

/**
 * Checkpoints a SQLite WAL from a worker thread. A checkpoint copies the
 * WAL into the database file and syncs both: tens of milliseconds every
 * few thousand appends, which on the store's own connection happened
 * inside whichever append crossed the threshold, stopping every room on
 * the event loop meanwhile. Here the store's connection never checkpoints
 * (`wal_autocheckpoint = 0`) while this thread runs PASSIVE checkpoints,
 * which never block the writer. Durability is unchanged: commits are in the
 * WAL either way.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #logger: Logger;
  #stopping = false;
  readonly #exited: Promise<void>;

  constructor(options: SqliteCheckpointerOptions) {
    this.#logger = options.logger;
    const workerData: CheckpointWorkerData = {
      file: options.file,
      intervalMs: options.intervalMs ?? checkpointIntervalMs,
    };
    this.#worker = new Worker(
      options.workerUrl ?? new URL('./sqliteCheckpointWorker.js', import.meta.url),
      { workerData },
    );
    // Checkpoints alone must not keep a stopping process alive.
    this.#worker.unref();
    this.#worker.on('message', (report: CheckpointReport) => options.onCheckpoint?.(report));
    this.#worker.on('error', (error) => {
      this.#logger.error({ err: error }, 'WAL checkpoint thread failed; checkpointing on commit');
    });
    this.#exited = new Promise<void>((resolve) => {
      this.#worker.once('exit', () => {
        if (!this.#stopping) options.onStopped();
        resolve();
      });
    });
  }

  /** Stops the thread and closes its connection (before the store's own closes). */
  async close(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    // A thread that already ended (it failed) has nothing to close.
    this.#worker.postMessage('close');
    const timeout = setTimeout(() => void this.#worker.terminate(), 5_000);
    await this.#exited;
    clearTimeout(timeout);
  }
}
