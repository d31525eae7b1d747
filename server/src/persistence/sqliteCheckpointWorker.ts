import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What the checkpointing thread is given. */
export interface CheckpointWorkerData {
  readonly file: string;
  readonly intervalMs: number;
}

/** What it reports after each checkpoint that moved frames (for tests and logs). */
export interface CheckpointReport {
  /** Frames in the WAL and how many of them are now in the database file. */
  readonly log: number;
  readonly checkpointed: number;
}

// The checkpointing thread of `SqliteCheckpointer`: its own connection to the store's file, copying
// the WAL into the database (and syncing both) away from the event loop that commits appends.
const port = parentPort;
if (port === null) throw new Error('sqliteCheckpointWorker.js runs only as a worker thread');
const { file, intervalMs } = workerData as CheckpointWorkerData;
const db = new Database(file, { fileMustExist: true });
// Never wait for a lock: a checkpoint that finds the file busy runs at the next tick.
db.pragma('busy_timeout = 0');
// Its own connection never checkpoints on commit (it commits nothing).
db.pragma('wal_autocheckpoint = 0');
let lastLog = -1;
const timer = setInterval(() => {
  try {
    // PASSIVE copies what no reader still needs and never blocks the writer.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    if (result !== undefined && result.log !== lastLog) {
      lastLog = result.log;
      const report: CheckpointReport = { log: result.log, checkpointed: result.checkpointed };
      port.postMessage(report);
    }
  } catch (error) {
    // SQLITE_BUSY and the like: the next tick tries again.
    if (
      !(error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY'))
    ) {
      throw error;
    }
  }
}, intervalMs);
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
