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
  it('starts at the first write and copies the WAL into the database from its thread, losing nothing', async () => {
    const store = SqliteDocumentStore.open(file);
    const reports: CheckpointReport[] = [];
    const running: boolean[] = [];
    const checkpointer = new SqliteCheckpointer({
      file,
      logger: createTestLogger(),
      workerUrl,
      intervalMs: 20,
      onRunning: (value) => {
        running.push(value);
        store.checkpointOnCommit(!value);
      },
      onCheckpoint: (report) => reports.push(report),
    });
    store.afterWrite(() => checkpointer.wrote());
    expect(checkpointer.running).toBe(false);
    const update = new Uint8Array(2000).fill(7);
    for (let index = 0; index < 3000; index++) await store.append(`room-${index % 10}`, [update]);
    expect(checkpointer.running).toBe(true);
    const walBefore = statSync(`${file}-wal`).size;
    await until(
      () => reports.some((report) => report.log > 0 && report.checkpointed === report.log),
      'a complete checkpoint',
    );
    // The database file now holds the appends (6 MB of them), not only the WAL.
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    expect(walBefore).toBeGreaterThan(5_000_000);
    await checkpointer.close();
    expect(running).toEqual([true, false]);
    await store.close();
    const reopened = SqliteDocumentStore.open(file);
    expect((await reopened.load('room-3')).updates).toHaveLength(300);
    await reopened.close();
  });

  it('lets the thread go once writes stop, and starts it again on the next', async () => {
    const store = SqliteDocumentStore.open(file);
    const running: boolean[] = [];
    const checkpointer = new SqliteCheckpointer({
      file,
      logger: createTestLogger(),
      workerUrl,
      intervalMs: 20,
      idleMs: 100,
      onRunning: (value) => running.push(value),
    });
    store.afterWrite(() => checkpointer.wrote());
    await store.append('room', [new Uint8Array([1])]);
    expect(checkpointer.running).toBe(true);
    await until(() => !checkpointer.running, 'the idle thread to stop');
    await store.append('room', [new Uint8Array([2])]);
    expect(checkpointer.running).toBe(true);
    await checkpointer.close();
    expect(running).toEqual([true, false, true, false]);
    await store.close();
  });

  it('gives checkpointing back to the store when its thread fails, and does not restart it', async () => {
    const logger = createTestLogger();
    const running: boolean[] = [];
    const checkpointer = new SqliteCheckpointer({
      file: join(dir, 'missing.db'),
      logger,
      workerUrl,
      onRunning: (value) => running.push(value),
    });
    checkpointer.wrote();
    await until(() => running.length === 2, 'the thread to fail');
    expect(running).toEqual([true, false]);
    expect(logger.entries.map((entry) => entry.level)).toContain('error');
    checkpointer.wrote();
    expect(checkpointer.running).toBe(false);
    // Closing after the thread ended returns at once (it used to wait for an exit that had happened).
    await checkpointer.close();
  });
});
