import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLogger } from '../testing/testLogger.js';
import { SqliteCheckpointer } from './SqliteCheckpointer.js';
import { SqliteDocumentStore } from './SqliteDocumentStore.js';
import type { CheckpointReport } from './sqliteCheckpointWorker.js';

// The thread runs the built script (a worker thread cannot load TypeScript); `pnpm test` builds first.
const workerUrl = new URL('../../dist/persistence/sqliteCheckpointWorker.js', import.meta.url);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kohtaamo-checkpoint-'));
  file = join(dir, 'kohtaamo.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 4_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SqliteCheckpointer', () => {
  it('copies the WAL into the database from its thread while the store appends, losing nothing', async () => {
    const store = SqliteDocumentStore.open(file);
    store.checkpointOnCommit(false);
    const reports: CheckpointReport[] = [];
    let stopped = false;
    const checkpointer = new SqliteCheckpointer({
      file,
      logger: createTestLogger(),
      workerUrl,
      intervalMs: 20,
      onStopped: () => {
        stopped = true;
      },
      onCheckpoint: (report) => reports.push(report),
    });
    const update = new Uint8Array(2000).fill(7);
    for (let index = 0; index < 3000; index++) await store.append(`room-${index % 10}`, [update]);
    const walBefore = statSync(`${file}-wal`).size;
    await until(
      () => reports.some((report) => report.log > 0 && report.checkpointed === report.log),
      'a complete checkpoint',
    );
    // The database file now holds the appends (6 MB of them), not only the WAL.
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    expect(walBefore).toBeGreaterThan(5_000_000);
    await checkpointer.close();
    expect(stopped).toBe(false);
    const reopened = await (async () => {
      await store.close();
      return SqliteDocumentStore.open(file);
    })();
    const loaded = await reopened.load('room-3');
    expect(loaded.updates).toHaveLength(300);
    await reopened.close();
  });

  it('reports a thread that could not run, so the store checkpoints on commit again', async () => {
    const logger = createTestLogger();
    let stopped = false;
    const checkpointer = new SqliteCheckpointer({
      file: join(dir, 'missing.db'),
      logger,
      workerUrl,
      onStopped: () => {
        stopped = true;
      },
    });
    await until(() => stopped, 'the thread to stop');
    expect(logger.entries.map((entry) => entry.level)).toContain('error');
    // Closing a thread that already ended returns (it used to wait for an exit that had happened).
    await checkpointer.close();
  });
});
