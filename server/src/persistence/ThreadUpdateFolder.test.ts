import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldUpdates } from '../room/UpdateFolder.js';
import { createTestLogger } from '../testing/testLogger.js';
import { ThreadUpdateFolder } from './ThreadUpdateFolder.js';

// The worker runs the built script (a worker thread cannot load TypeScript); `pnpm test` builds first.
const workerUrl = new URL('../../dist/persistence/foldWorker.js', import.meta.url);

const folders: ThreadUpdateFolder[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => folder.close()));
});

function folder(idleMs?: number): ThreadUpdateFolder {
  const made = new ThreadUpdateFolder({
    logger: createTestLogger(),
    workerUrl,
    ...(idleMs === undefined ? {} : { idleMs }),
  });
  folders.push(made);
  return made;
}

/** Updates as a board's log holds them: items added, some deleted, by two writers. */
function history(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const items = doc.getArray<string>('items');
  for (let i = 0; i < 50; i++) items.push([`note ${i} `.repeat(20)]);
  items.delete(10, 20);
  doc.clientID += 1;
  doc.getMap('meta').set('title', 'Työpaja');
  return { updates, doc };
}

describe('ThreadUpdateFolder', () => {
  it('folds in a worker thread into what the document encodes, deleted content collected', async () => {
    const { updates, doc } = history();
    const threaded = folder(30_000);
    const folded = await threaded.fold(updates);
    expect(threaded.running).toBe(true);
    expect(folded).toEqual(foldUpdates(updates));
    expect(folded).toEqual(Y.encodeStateAsUpdate(doc));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, folded);
    expect(copy.getArray('items').toArray()).toEqual(doc.getArray('items').toArray());
    // Smaller than the log it replaces: the 20 deleted notes' text is gone.
    const logBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
    expect(folded.byteLength).toBeLessThan(logBytes * 0.7);
  });

  it('refuses a broken update and folds the next job', async () => {
    const threaded = folder(30_000);
    await expect(threaded.fold([new Uint8Array([1, 2, 3, 250, 250])])).rejects.toThrow();
    const { updates } = history();
    await expect(threaded.fold(updates)).resolves.toEqual(foldUpdates(updates));
  });

  it('lets the thread go when idle and starts it again', async () => {
    const threaded = folder(50);
    const { updates } = history();
    await threaded.fold(updates);
    expect(threaded.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(threaded.running).toBe(false);
    await expect(threaded.fold(updates)).resolves.toEqual(foldUpdates(updates));
    expect(threaded.running).toBe(true);
  });

  it('ends the thread, and the memory of the board it built, as soon as its last fold is done', async () => {
    const threaded = folder();
    const { updates } = history();
    const [first, second] = await Promise.all([threaded.fold(updates), threaded.fold(updates)]);
    expect(first).toEqual(second);
    expect(threaded.running).toBe(false);
  });
});
