import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
// Source import (tsx): the server package exports only its app entry.
import { SqliteDocumentStore } from '../../server/src/persistence/SqliteDocumentStore.js';
import { percentile } from './formatTable.js';

/** One line of the storage micro-bench table. */
export interface StorageResult {
  readonly operation: string;
  readonly count: number;
  readonly totalMs: number;
  /** Throughput in the operation's own unit per second. */
  readonly perSecond: number;
  readonly unit: string;
  readonly mibPerSecond: number;
  /** Per-call latency percentiles (ms), for operations timed call by call. */
  readonly callMs?: { readonly p50: number; readonly p99: number; readonly max: number };
}

/**
 * Real Yjs updates shaped like the tldraw binding's: whole records in a
 * Y.Map, mostly moves of existing shapes (re-sent whole on every pointer
 * move), with a new shape every tenth edit.
 */
function whiteboardUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const records = doc.getMap<Record<string, unknown>>('records');
  let shapes = 0;
  const record = (shape: number, step: number) => ({
    id: `shape:${shape}`,
    typeName: 'shape',
    type: 'geo',
    parentId: 'page:page',
    index: `a${shape}`,
    x: 100 + step * 3,
    y: 80 + step * 2,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props: { geo: 'rectangle', w: 120, h: 80, color: 'blue', fill: 'semi', dash: 'draw' },
    meta: {},
  });
  while (updates.length < count) {
    const step = updates.length;
    if (shapes === 0 || step % 10 === 0) {
      records.set(`shape:${shapes}`, record(shapes, step));
      shapes += 1;
    } else {
      const shape = step % shapes;
      records.set(`shape:${shape}`, record(shape, step));
    }
  }
  return updates;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Append/load/compact throughput of SqliteDocumentStore on a temp file. */
export async function runStorageBench(count: number): Promise<StorageResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-storage-bench-'));
  const store = SqliteDocumentStore.open(join(dir, 'bench.db'));
  try {
    const updates = whiteboardUpdates(count);
    const bytes = updates.reduce((total, update) => total + update.byteLength, 0);
    const mib = bytes / 1024 / 1024;
    const batch = 16;
    const results: StorageResult[] = [];
    const line = (
      operation: string,
      n: number,
      unit: string,
      ms: number,
      mibMoved: number,
      calls?: number[],
    ) => {
      const sorted = calls?.sort((a, b) => a - b);
      results.push({
        operation,
        count: n,
        totalMs: ms,
        perSecond: (n * 1000) / ms,
        unit,
        mibPerSecond: (mibMoved * 1000) / ms,
        ...(sorted && {
          callMs: {
            p50: percentile(sorted, 0.5),
            p99: percentile(sorted, 0.99),
            max: sorted.at(-1) ?? Number.NaN,
          },
        }),
      });
    };
    // Per-call timing shows the WAL auto-checkpoints: a few appends stall for its fsyncs.
    const timedCalls = async (calls: (() => Promise<unknown>)[]) => {
      const durations: number[] = [];
      const start = performance.now();
      for (const call of calls) {
        const before = performance.now();
        await call();
        durations.push(performance.now() - before);
      }
      return { totalMs: performance.now() - start, durations };
    };

    const single = await timedCalls(
      updates.map((update) => () => store.append('single', [update])),
    );
    line(
      `append 1/txn (mean ${Math.round(bytes / count)} B)`,
      count,
      'upd',
      single.totalMs,
      mib,
      single.durations,
    );

    const batches: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < updates.length; i += batch) {
      const slice = updates.slice(i, i + batch);
      batches.push(() => store.append('batched', slice));
    }
    const batched = await timedCalls(batches);
    line(`append ${batch}/txn`, count, 'upd', batched.totalMs, mib, batched.durations);

    let lastSeq = 0;
    let loaded: Uint8Array[] = [];
    const load = await timed(async () => {
      const stored = await store.load('single');
      loaded = [...stored.updates];
      lastSeq = stored.lastSeq;
    });
    line(`load ${count}-entry log`, count, 'upd', load, mib);

    const doc = new Y.Doc();
    const merge = await timed(async () => {
      doc.transact(() => {
        for (const update of loaded) Y.applyUpdate(doc, update);
      });
    });
    line('apply loaded log to a Y.Doc', count, 'upd', merge, mib);

    const snapshot = Y.encodeStateAsUpdate(doc);
    const compact = await timed(() => store.compact('single', snapshot, lastSeq));
    line(
      `compact (${Math.round(snapshot.byteLength / 1024)} KiB snapshot)`,
      1,
      'op',
      compact,
      snapshot.byteLength / 1024 / 1024,
    );
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
