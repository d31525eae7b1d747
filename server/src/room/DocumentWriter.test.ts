import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ManualTimers, settle } from '../testing/ManualTimers.js';
import { createScriptedStore } from '../testing/scriptedStore.js';
import { createTestLogger } from '../testing/testLogger.js';
import { type CompactionLimits, DocumentWriter } from './DocumentWriter.js';
import { foldUpdates, type UpdateFolder } from './UpdateFolder.js';

const roomId = 'board';

interface HeldFold {
  readonly updates: readonly Uint8Array[];
  readonly resolve: (folded: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

/** A writer over a scripted store, fed as a room feeds it, with folds the test releases. */
function setup(limits: Partial<CompactionLimits> = {}) {
  const store = createScriptedStore();
  const doc = new Y.Doc();
  const folds: HeldFold[] = [];
  const folder: UpdateFolder = {
    fold: (updates) =>
      new Promise<Uint8Array>((resolve, reject) => folds.push({ updates, resolve, reject })),
  };
  const writer = new DocumentWriter({
    roomId,
    store,
    logger: createTestLogger(),
    timers: new ManualTimers(),
    limits: { compactAfterUpdates: 5, compactAfterBytes: 1024 * 1024, foldFromBytes: 0, ...limits },
    snapshot: () => Y.encodeStateAsUpdate(doc),
    folder,
  });
  let edits = 0;
  /** One edit: into the document, then appended (and compacted when due) on the chain. */
  const edit = (bytes = 100) => {
    let update: Uint8Array = new Uint8Array();
    const capture = (u: Uint8Array) => {
      update = u;
    };
    doc.on('update', capture);
    doc.getArray<string>('items').push([`${edits++}:`.padEnd(bytes, 'x')]);
    doc.off('update', capture);
    writer.reserve(update.byteLength);
    return writer.enqueue(async () => {
      if (await writer.append([update])) await writer.compactIfDue();
    });
  };
  /** What a reload would see. */
  const reload = async () => {
    const stored = await store.inner.load(roomId);
    const copy = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(copy, update);
    return { stored, items: copy.getArray<string>('items').toArray() };
  };
  return { store, doc, folds, writer, edit, reload };
}

describe('DocumentWriter folding off the event loop', () => {
  it('folds a due log while later appends go on, and keeps those in the log', async () => {
    const { store, folds, writer, edit, reload, doc } = setup();
    for (let i = 0; i < 5; i++) await edit();
    expect(folds).toHaveLength(1);
    // The chain is free while the fold runs: three more edits are written.
    for (let i = 0; i < 3; i++) await edit();
    expect(store.calls.append).toHaveLength(8);
    expect(store.calls.compact).toHaveLength(0);

    const [fold] = folds as [HeldFold];
    expect(fold.updates).toHaveLength(5);
    fold.resolve(foldUpdates(fold.updates));
    await settle();
    await writer.settled();

    expect(store.calls.compact).toHaveLength(1);
    const { stored, items } = await reload();
    expect(stored.logCount).toBe(3);
    expect(writer.logCount).toBe(3);
    expect(items).toEqual(doc.getArray<string>('items').toArray());
    expect(items).toHaveLength(8);
  });

  it('drops a fold that a snapshot of the in-memory document overtook', async () => {
    const { store, folds, writer, edit, reload } = setup();
    for (let i = 0; i < 5; i++) await edit();
    expect(folds).toHaveLength(1);
    await writer.enqueue(() => writer.compact());
    await edit();
    const [fold] = folds as [HeldFold];
    fold.resolve(foldUpdates(fold.updates));
    await settle();
    await writer.settled();

    // Only the in-memory snapshot was written; the stale fold would have dropped nothing, but it would
    // have replaced a newer snapshot with an older one.
    expect(store.calls.compact).toHaveLength(1);
    const { stored, items } = await reload();
    expect(stored.logCount).toBe(1);
    expect(items).toHaveLength(6);
  });

  it('compacts the in-memory document when folding fails', async () => {
    const { store, folds, writer, edit, reload } = setup();
    for (let i = 0; i < 5; i++) await edit();
    await edit();
    (folds[0] as HeldFold).reject(new Error('worker died'));
    await settle();
    await writer.settled();

    expect(store.calls.compact).toHaveLength(1);
    const { stored, items } = await reload();
    expect(stored.logCount).toBe(0);
    expect(items).toHaveLength(6);
    expect(writer.logCount).toBe(0);
  });

  it('compactNow (unload) waits for the fold under way, then folds what came after it', async () => {
    const { folds, writer, edit, reload } = setup();
    for (let i = 0; i < 7; i++) await edit();
    const done = writer.compactNow();
    const [first] = folds as [HeldFold];
    first.resolve(foldUpdates(first.updates));
    await settle();
    await writer.settled();
    await settle();
    expect(folds).toHaveLength(2);
    const second = folds[1] as HeldFold;
    second.resolve(foldUpdates(second.updates));
    await expect(done).resolves.toBe(true);

    const { stored, items } = await reload();
    expect(stored.logCount).toBe(0);
    expect(stored.updates).toHaveLength(1);
    expect(items).toHaveLength(7);
    expect(writer.needsSnapshot).toBe(false);
  });

  it('encodes the in-memory document below foldFromBytes', async () => {
    const { store, folds, edit } = setup({ foldFromBytes: 1024 * 1024 });
    for (let i = 0; i < 5; i++) await edit();
    expect(folds).toHaveLength(0);
    expect(store.calls.compact).toHaveLength(1);
  });
});

describe('DocumentWriter compaction schedule', () => {
  it('spreads a big board’s compactions over edits in proportion to its size', async () => {
    const { store, writer, edit } = setup({ foldFromBytes: undefined });
    // A board of ~80 KB: 5 edits of 1 KB are under an eighth of it, so they wait.
    for (let i = 0; i < 80; i++) await edit(1000);
    await writer.enqueue(() => writer.compact());
    const compactions = store.calls.compact.length;
    for (let i = 0; i < 5; i++) await edit(1000);
    expect(store.calls.compact).toHaveLength(compactions);
    expect(writer.compactionDue()).toBe(false);
    for (let i = 0; i < 6; i++) await edit(1000);
    expect(store.calls.compact).toHaveLength(compactions + 1);
  });
});
