import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { UpdateFolder } from '../room/UpdateFolder.js';
import type { FoldRequest, FoldResponse } from './foldWorker.js';

/**
 * How long the worker thread stays after its last fold before it is let go,
 * and its memory with it: at once. Folding a 10 MB board builds the whole
 * document in the thread's heap (~150 MB), which an idle thread would keep
 * until its next collection; starting a thread again costs ~30 ms of CPU,
 * next to ~800 ms for the fold it serves.
 */
export const foldWorkerIdleMs = 0;

/** Dependencies of a {@link ThreadUpdateFolder}. */
export interface ThreadUpdateFolderOptions {
  readonly logger: Logger;
  /** The worker script; the built `foldWorker.js` beside this module by default. */
  readonly workerUrl?: URL;
  readonly idleMs?: number;
}

interface PendingFold {
  readonly resolve: (folded: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Folds stored updates in one worker thread, so a big board's compaction
 * (about 0.8 s of CPU for a 10 MB board) never stops the event loop that
 * serves every room. The thread starts for a fold and ends
 * {@link foldWorkerIdleMs} after the last, so a server carries no second V8
 * heap between folds. Jobs run one at a time, in order; a
 * thread that dies fails its jobs and the next fold starts a new one.
 */
export class ThreadUpdateFolder implements UpdateFolder {
  readonly #logger: Logger;
  readonly #workerUrl: URL;
  readonly #idleMs: number;
  readonly #pending = new Map<number, PendingFold>();
  #worker: Worker | undefined;
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ThreadUpdateFolderOptions) {
    this.#logger = options.logger;
    this.#workerUrl = options.workerUrl ?? new URL('./foldWorker.js', import.meta.url);
    this.#idleMs = options.idleMs ?? foldWorkerIdleMs;
  }

  /** Whether the worker thread is running (for tests). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  fold(updates: readonly Uint8Array[]): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new Error('the update folder is closed'));
    const total = updates.reduce((sum, update) => sum + update.byteLength, 0);
    // One buffer, transferred: stored updates may be views into shared pools that must not move.
    const packed = new Uint8Array(total);
    let offset = 0;
    for (const update of updates) {
      packed.set(update, offset);
      offset += update.byteLength;
    }
    const request: FoldRequest = {
      id: this.#nextId++,
      packed,
      lengths: updates.map((update) => update.byteLength),
    };
    const worker = this.#start();
    // A fold under way keeps the process alive (a shutdown's last snapshots); an idle thread does not.
    worker.ref();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      worker.postMessage(request, [packed.buffer]);
    });
  }

  /** Ends the worker thread; folds still running fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#stop();
  }

  #start(): Worker {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(this.#workerUrl);
    worker.on('message', (response: FoldResponse) => this.#settle(response));
    worker.on('error', (error) => {
      this.#logger.error({ err: error }, 'fold worker failed');
      this.#failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      if (this.#pending.size > 0) this.#failAll(new Error(`fold worker exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(response: FoldResponse): void {
    const pending = this.#pending.get(response.id);
    if (pending === undefined) return;
    this.#pending.delete(response.id);
    if ('error' in response) pending.reject(new Error(response.error));
    else pending.resolve(response.folded);
    if (this.#pending.size === 0 && !this.#closed) {
      this.#worker?.unref();
      if (this.#idleMs === 0) {
        void this.#stop();
        return;
      }
      this.#idleTimer = setTimeout(() => void this.#stop(), this.#idleMs);
      this.#idleTimer.unref();
    }
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const fold of pending) fold.reject(error);
  }

  async #stop(): Promise<void> {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker === undefined) return;
    this.#failAll(new Error('the fold worker was stopped'));
    await worker.terminate();
  }
}
