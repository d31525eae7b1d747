import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore, StoredDocument } from '../persistence/DocumentStore.js';

/** How the contract suite gets stores of one implementation. */
export interface DocumentStoreHarness {
  /** Opens a fresh, empty store. */
  open(): Promise<DocumentStore>;
  /**
   * Closes `store` and opens the same storage again. Omitted by stores that
   * keep nothing beyond their own lifetime.
   */
  reopen?(store: DocumentStore): Promise<DocumentStore>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

const asArrays = (stored: StoredDocument) => stored.updates.map((update) => Array.from(update));

/**
 * Behaviour every {@link DocumentStore} must have. Call it at the top level of
 * an implementation's test file; it defines its own `describe` block.
 */
export function documentStoreContract(name: string, harness: DocumentStoreHarness): void {
  describe(`${name} (DocumentStore contract)`, () => {
    let store: DocumentStore;
    let closed: boolean;

    beforeEach(async () => {
      store = await harness.open();
      closed = false;
    });

    afterEach(async () => {
      if (!closed) await store.close();
    });

    it('loads a room never written as empty', async () => {
      expect(await store.load('never')).toEqual({
        updates: [],
        logCount: 0,
        byteLength: 0,
        lastSeq: 0,
      });
    });

    it('returns appended updates in append order with counts and sizes', async () => {
      await store.append('r', [bytes(1), bytes(2, 2)]);
      const lastSeq = await store.append('r', [bytes(3, 3, 3)]);
      const stored = await store.load('r');
      expect(asArrays(stored)).toEqual([[1], [2, 2], [3, 3, 3]]);
      expect(stored.logCount).toBe(3);
      expect(stored.byteLength).toBe(6);
      expect(stored.lastSeq).toBe(lastSeq);
    });

    it('hands out strictly increasing sequence numbers, never reused', async () => {
      const first = await store.append('r', [bytes(1)]);
      const second = await store.append('r', [bytes(2), bytes(3)]);
      const other = await store.append('other', [bytes(4)]);
      await store.compact('r', bytes(9), second);
      await store.delete('other');
      const third = await store.append('r', [bytes(5)]);
      const again = await store.append('other', [bytes(6)]);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThanOrEqual(first + 2);
      expect(other).toBeGreaterThan(second);
      expect(third).toBeGreaterThan(other);
      expect(again).toBeGreaterThan(third);
    });

    it('resolves an empty append with the current last sequence number', async () => {
      expect(await store.append('r', [])).toBe(0);
      const seq = await store.append('r', [bytes(1)]);
      expect(await store.append('r', [])).toBe(seq);
      expect((await store.load('r')).logCount).toBe(1);
    });

    it('compacts only entries up to throughSeq and keeps later ones', async () => {
      await store.append('r', [bytes(1)]);
      const through = await store.append('r', [bytes(2)]);
      const later = await store.append('r', [bytes(3), bytes(4)]);
      await store.compact('r', bytes(7, 7), through);
      const stored = await store.load('r');
      expect(asArrays(stored)).toEqual([[7, 7], [3], [4]]);
      expect(stored.logCount).toBe(2);
      expect(stored.byteLength).toBe(4);
      expect(stored.lastSeq).toBe(later);
    });

    it('replaces the previous snapshot and may empty the log', async () => {
      const first = await store.append('r', [bytes(1)]);
      await store.compact('r', bytes(8), first);
      const second = await store.append('r', [bytes(2)]);
      await store.compact('r', bytes(9, 9), second);
      const stored = await store.load('r');
      expect(asArrays(stored)).toEqual([[9, 9]]);
      expect(stored).toMatchObject({ logCount: 0, byteLength: 2, lastSeq: 0 });
    });

    it('stores a snapshot for a room with no log', async () => {
      await store.compact('r', bytes(5), 0);
      const stored = await store.load('r');
      expect(asArrays(stored)).toEqual([[5]]);
      expect(stored.logCount).toBe(0);
    });

    it('keeps rooms isolated', async () => {
      await store.append('a', [bytes(1)]);
      const bSeq = await store.append('b', [bytes(2)]);
      const aSeq = await store.append('a', [bytes(3)]);
      // throughSeq above b's entry must still leave b's log alone.
      await store.compact('a', bytes(4), aSeq);
      expect(asArrays(await store.load('a'))).toEqual([[4]]);
      const b = await store.load('b');
      expect(asArrays(b)).toEqual([[2]]);
      expect(b.lastSeq).toBe(bSeq);
    });

    it('deletes snapshot and log of one room only', async () => {
      const seq = await store.append('gone', [bytes(1), bytes(2)]);
      await store.compact('gone', bytes(3), seq - 1);
      await store.append('kept', [bytes(4)]);
      await store.delete('gone');
      expect(await store.load('gone')).toEqual({
        updates: [],
        logCount: 0,
        byteLength: 0,
        lastSeq: 0,
      });
      expect(asArrays(await store.load('kept'))).toEqual([[4]]);
    });

    it('lists the documents whose id starts with a prefix, written by log or snapshot', async () => {
      await store.append('room1.private.a', [bytes(1)]);
      await store.compact('room1.private.b', bytes(2), 0);
      await store.append('room1.private.c', [bytes(3)]);
      await store.compact('room1.private.c', bytes(3), await store.append('room1.private.c', []));
      await store.append('room1', [bytes(4)]);
      await store.append('room1.privatex', [bytes(5)]);
      await store.append('room10.private.a', [bytes(6)]);
      await store.append('room1.private.gone', [bytes(7)]);
      await store.delete('room1.private.gone');
      expect((await store.list('room1.private.')).sort()).toEqual([
        'room1.private.a',
        'room1.private.b',
        'room1.private.c',
      ]);
      expect(await store.list('nothing.')).toEqual([]);
    });

    it('is not affected by callers mutating buffers they passed or received', async () => {
      const update = bytes(1, 2);
      const snapshot = bytes(5);
      const seq = await store.append('r', [update]);
      await store.append('r', [bytes(3)]);
      update[0] = 99;
      await store.compact('r', snapshot, seq);
      snapshot[0] = 99;
      const loaded = await store.load('r');
      for (const received of loaded.updates) received.fill(0);
      expect(asArrays(await store.load('r'))).toEqual([[5], [3]]);
    });

    it('reproduces a Yjs document from snapshot plus log', async () => {
      const original = new Y.Doc();
      const pending: Uint8Array[] = [];
      original.on('update', (update: Uint8Array) => pending.push(update));
      const shapes = original.getMap<Y.Map<unknown>>('shapes');
      const text = original.getText('title');
      for (let i = 0; i < 20; i += 1) {
        original.transact(() => {
          const shape = new Y.Map<unknown>();
          shape.set('x', i * 10);
          shape.set('label', `shape ${i}`);
          shapes.set(`shape:${i}`, shape);
          text.insert(text.length, String.fromCharCode(97 + i));
        });
      }
      const through = await store.append('board', pending.splice(0));
      await store.compact('board', Y.encodeStateAsUpdate(original), through);
      shapes.delete('shape:3');
      shapes.get('shape:4')?.set('x', -1);
      text.delete(0, 2);
      await store.append('board', pending.splice(0, 1));
      await store.append('board', pending.splice(0));

      const restored = new Y.Doc();
      for (const update of (await store.load('board')).updates) Y.applyUpdate(restored, update);
      expect(restored.getMap('shapes').toJSON()).toEqual(shapes.toJSON());
      expect(restored.getText('title').toString()).toBe(text.toString());
      expect(restored.getMap('shapes').size).toBe(19);
      expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(original));
    });

    it('pings while open and rejects every call after close', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      closed = true;
      await expect(store.ping()).rejects.toThrow();
      await expect(store.load('r')).rejects.toThrow();
      await expect(store.append('r', [bytes(1)])).rejects.toThrow();
    });

    const { reopen } = harness;
    if (reopen !== undefined) {
      it('returns the same data after close and reopen', async () => {
        await store.append('r', [bytes(1), bytes(2)]);
        const through = await store.append('r', [bytes(3)]);
        await store.compact('r', bytes(6), through - 1);
        const lastSeq = await store.append('r', [bytes(4)]);
        await store.append('other', [bytes(5)]);
        const before = await store.load('r');
        store = await reopen(store);
        const after = await store.load('r');
        expect(asArrays(after)).toEqual([[6], [3], [4]]);
        expect(after).toEqual(before);
        expect(after.lastSeq).toBe(lastSeq);
        expect(await store.append('r', [bytes(7)])).toBeGreaterThan(lastSeq);
      });
    }
  });
}
