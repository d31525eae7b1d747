import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { SqliteCheckpointer } from '../../server/src/persistence/SqliteCheckpointer.js';
// Source imports (tsx): the server package exports only its app entry.
import { SqliteDocumentStore } from '../../server/src/persistence/SqliteDocumentStore.js';
import { ThreadUpdateFolder } from '../../server/src/persistence/ThreadUpdateFolder.js';
import { DocumentWriter } from '../../server/src/room/DocumentWriter.js';
import { systemTimers } from '../../server/src/room/Timers.js';
import { createTestLogger } from '../../server/src/testing/testLogger.js';
import { buildBigBoard } from './bigBoard.js';
import { fixed, formatTable } from './formatTable.js';

/** The built worker scripts (`pnpm bench` builds the server first). */
const workerUrl = new URL('../../server/dist/persistence/foldWorker.js', import.meta.url);
const checkpointWorkerUrl = new URL(
  '../../server/dist/persistence/sqliteCheckpointWorker.js',
  import.meta.url,
);

/** One compaction of the big board, as the room's writer does it. */
export interface CompactionResult {
  readonly where: 'event loop' | 'worker thread';
  readonly wallMs: number;
  /** Longest the event loop was kept from other work (every other room's messages). */
  readonly longestStallMs: number;
  /** Time the event loop was busy during the compaction. */
  readonly loopBusyMs: number;
  readonly snapshotBytes: number;
}

/**
 * Compacts a board of `notes` notes, stored as its authors' updates in
 * SQLite (WAL checkpoints in their thread, as the server runs it), once encoding the in-memory document on the event loop (boards
 * under `COMPACT_OFF_THREAD_FROM_BYTES`) and once folding in the worker
 * thread; `rounds` times each, alternating, medians reported.
 */
export async function runCompactionBench(notes: number, rounds = 3): Promise<CompactionResult[]> {
  const board = buildBigBoard(notes);
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const chunk of board.chunks) Y.applyUpdate(doc, chunk);
  });
  const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-compaction-'));
  const file = join(dir, 'bench.db');
  const store = SqliteDocumentStore.open(file);
  const logger = createTestLogger();
  // As the server runs it: WAL checkpoints in their own thread.
  const checkpointer = new SqliteCheckpointer({
    file,
    logger,
    workerUrl: checkpointWorkerUrl,
    onRunning: (running) => store.checkpointOnCommit(!running),
  });
  store.afterWrite(() => checkpointer.wrote());
  const folder = new ThreadUpdateFolder({ logger, workerUrl });
  const runs: CompactionResult[] = [];
  try {
    for (let round = 0; round < rounds * 2; round++) {
      const where = round % 2 === 0 ? 'event loop' : 'worker thread';
      const roomId = `board-${round}`;
      await store.append(roomId, board.chunks);
      const writer = new DocumentWriter({
        roomId,
        store,
        logger,
        timers: systemTimers,
        limits: {
          compactAfterUpdates: 1,
          compactAfterBytes: 1,
          foldFromBytes: where === 'worker thread' ? 0 : undefined,
        },
        snapshot: () => Y.encodeStateAsUpdate(doc),
        folder,
      });
      writer.loaded(await store.load(roomId));
      const delay = monitorEventLoopDelay({ resolution: 1 });
      // A timer every millisecond stands in for other rooms' messages waiting for their turn.
      let lastTick = performance.now();
      let longestStallMs = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestStallMs = Math.max(longestStallMs, now - lastTick);
        lastTick = now;
      }, 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      longestStallMs = 0;
      delay.enable();
      const elu = performance.eventLoopUtilization();
      const started = performance.now();
      const done = await writer.compactNow();
      const wallMs = performance.now() - started;
      const busy = performance.eventLoopUtilization(elu);
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(ticker);
      delay.disable();
      if (!done) throw new Error(`compaction of ${roomId} failed`);
      const stored = await store.load(roomId);
      runs.push({
        where,
        wallMs,
        longestStallMs: Math.max(longestStallMs, delay.max / 1e6),
        loopBusyMs: busy.active,
        snapshotBytes: stored.byteLength,
      });
      await store.delete(roomId);
    }
  } finally {
    await folder.close();
    await checkpointer.close();
    await store.close();
    doc.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  return (['event loop', 'worker thread'] as const).map((where) => {
    const mine = runs.filter((run) => run.where === where);
    return {
      where,
      wallMs: median(mine.map((run) => run.wallMs)),
      longestStallMs: median(mine.map((run) => run.longestStallMs)),
      loopBusyMs: median(mine.map((run) => run.loopBusyMs)),
      snapshotBytes: median(mine.map((run) => run.snapshotBytes)),
    };
  });
}

/** Prints the compaction micro-bench. */
export async function printCompactionBench(notes: number): Promise<CompactionResult[]> {
  const results = await runCompactionBench(notes);
  console.log(
    `\nCompaction of a ${notes}-note board (SQLite, temp file): in place vs in the worker thread, medians of 3`,
  );
  console.log(
    formatTable(
      ['where', 'wall ms', 'longest event-loop stall ms', 'event loop busy ms', 'snapshot bytes'],
      results.map((result) => [
        result.where,
        fixed(result.wallMs, 0),
        fixed(result.longestStallMs, 1),
        fixed(result.loopBusyMs, 1),
        String(result.snapshotBytes),
      ]),
    ),
  );
  return results;
}
