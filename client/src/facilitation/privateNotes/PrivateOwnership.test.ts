import '../../canvas/testSetup';
import {
  parseFieldKey,
  readRecords,
  replaceRecords,
  revealedRecords,
  type StoredRecord,
} from '@kohtaamo/shared';
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type Editor,
  type TLGeoShape,
  type TLShapeId,
  type TLStore,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createTestEditor, syncDocs, testRectangle } from '../../canvas/testHarness';
import { YjsStoreBinding } from '../../canvas/YjsStoreBinding';
import { PrivateOwnership } from './PrivateOwnership';

/**
 * One tldraw store, two bindings: the board's and the private document's,
 * routed by a PrivateOwnership, each document synced by hand with its
 * server-side copy so the tests choose the order messages arrive in.
 */
interface Routing {
  readonly store: TLStore;
  readonly ownership: PrivateOwnership;
  readonly boardDoc: Y.Doc;
  readonly privateDoc: Y.Doc;
  readonly board: YjsStoreBinding;
  readonly priv: YjsStoreBinding;
  /** The server's copies. */
  readonly serverBoard: Y.Doc;
  readonly serverPrivate: Y.Doc;
}

function routing(options: { startPrivate?: boolean } = {}): Routing {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const boardDoc = new Y.Doc();
  const privateDoc = new Y.Doc();
  let board: YjsStoreBinding | null = null;
  const ownership = new PrivateOwnership((id) => board?.hasRecord(id) ?? false);
  board = new YjsStoreBinding(store, boardDoc, { scope: ownership.boardScope });
  const priv = new YjsStoreBinding(store, privateDoc, { scope: ownership.privateScope });
  board.start();
  if (options.startPrivate ?? true) priv.start();
  vi.runAllTimers();
  const r: Routing = {
    store,
    ownership,
    boardDoc,
    privateDoc,
    board,
    priv,
    serverBoard: new Y.Doc(),
    serverPrivate: new Y.Doc(),
  };
  syncAll(r);
  return r;
}

function flushBoth(r: Routing): void {
  r.board.flush();
  r.priv.flush();
}

function syncAll(r: Routing): void {
  syncDocs(r.boardDoc, r.serverBoard);
  syncDocs(r.privateDoc, r.serverPrivate);
}

/** Every record id that has (or had) an entry in a document's records array. */
function idsWithEntries(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const entry of doc.getArray<{ key: string }>('records')) {
    const parsed = parseFieldKey(entry.key);
    if (parsed) ids.add(parsed.recordId);
  }
  return ids;
}

/** A private note of the local user: marked private as `PrivateNotes` does on creation. */
function createPrivate(r: Routing, id: TLShapeId, overrides: Partial<TLGeoShape> = {}): void {
  r.ownership.markPrivate(id);
  r.store.put([{ ...testRectangle(r.store, id), ...overrides }]);
  flushBoth(r);
}

/** The server's reveal: the private records onto the board, then out of the private document. */
function serverReveal(r: Routing, anonymous = false): string[] {
  const records = [...readRecords(r.serverPrivate).records.values()];
  const board = readRecords(r.serverBoard).records;
  const revealed = revealedRecords(records, anonymous, {
    has: (id) => board.has(id),
    fallbackPageId: 'page:page',
  });
  replaceRecords(r.serverBoard, revealed);
  replaceRecords(
    r.serverPrivate,
    [],
    records.map((record) => record.id),
  );
  return revealed.map((record) => record.id);
}

function x(r: Routing, id: TLShapeId): number | undefined {
  return (r.store.get(id) as TLGeoShape | undefined)?.x;
}

function storedX(doc: Y.Doc, id: string): unknown {
  return (readRecords(doc).records.get(id) as StoredRecord | undefined)?.x;
}

const note = createShapeId('private-note');
const boardNote = createShapeId('board-note');

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('two bindings on one store, routed by PrivateOwnership', () => {
  it('writes a new private record to the private document only, and never to the board', () => {
    const r = routing();
    createPrivate(r, note);
    r.store.update(note, (shape) => ({ ...shape, x: 50 }));
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverPrivate, note)).toBe(50);
    expect(idsWithEntries(r.boardDoc).has(note)).toBe(false);
    expect(idsWithEntries(r.serverBoard).has(note)).toBe(false);
    expect(r.board.hasRecord(note)).toBe(false);
    expect(r.priv.hasRecord(note)).toBe(true);
  });

  it('keeps board records out of the private document, whose binding writes nothing of the board', () => {
    const r = routing();
    r.store.put([testRectangle(r.store, boardNote)]);
    r.store.update(boardNote, (shape) => ({ ...shape, x: 9 }));
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverBoard, boardNote)).toBe(9);
    // Not the board's page or document either: the server refuses them in a private document.
    expect(idsWithEntries(r.privateDoc)).toEqual(new Set());
    expect(r.priv.$recordCount.get()).toBe(0);
  });

  it('deletes a private record the author deletes from the private document only', () => {
    const r = routing();
    createPrivate(r, note);
    syncAll(r);
    const boardBefore = Y.encodeStateVector(r.boardDoc);
    r.store.remove([note]);
    flushBoth(r);
    syncAll(r);
    expect(readRecords(r.serverPrivate).records.has(note)).toBe(false);
    expect(r.priv.$recordCount.get()).toBe(0);
    // The board document did not change at all: not even a deletion names the note.
    expect(Y.encodeStateVector(r.boardDoc)).toEqual(boardBefore);
  });

  it('reveal, board document first: the record stays in the store once, and the board owns it', () => {
    const r = routing();
    createPrivate(r, note, { x: 10 });
    syncAll(r);
    serverReveal(r);

    syncDocs(r.boardDoc, r.serverBoard);
    expect(r.ownership.isPrivate(note)).toBe(false);
    expect(x(r, note)).toBe(10);
    syncDocs(r.privateDoc, r.serverPrivate);
    // The private document's deletion does not take the revealed note off the board.
    expect(x(r, note)).toBe(10);
    expect(r.store.allRecords().filter((record) => record.id === note)).toHaveLength(1);
    expect(r.priv.$recordCount.get()).toBe(0);

    // From now on its edits go to the board.
    r.store.update(note, (shape) => ({ ...shape, x: 77 }));
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverBoard, note)).toBe(77);
    expect(readRecords(r.serverPrivate).records.has(note)).toBe(false);
  });

  it('reveal, private document first: the record comes back with the board’s copy, owned by the board', () => {
    const r = routing();
    createPrivate(r, note, { x: 10 });
    syncAll(r);
    serverReveal(r);

    syncDocs(r.privateDoc, r.serverPrivate);
    syncDocs(r.boardDoc, r.serverBoard);
    expect(x(r, note)).toBe(10);
    expect(r.ownership.isPrivate(note)).toBe(false);
    expect(r.store.allRecords().filter((record) => record.id === note)).toHaveLength(1);

    r.store.update(note, (shape) => ({ ...shape, x: 78 }));
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverBoard, note)).toBe(78);
    expect(idsWithEntries(r.serverPrivate).has(note)).toBe(false);
  });

  it('ignores a private-document change to a record the board has taken over (another tab’s late edit)', () => {
    const r = routing();
    createPrivate(r, note, { x: 10 });
    syncAll(r);
    const otherTab = new Y.Doc();
    syncDocs(otherTab, r.serverPrivate);
    serverReveal(r);
    syncDocs(r.boardDoc, r.serverBoard);
    // The other tab moves the note in its copy of the private document, which still has it.
    const [moved] = [...readRecords(otherTab).records.values()];
    replaceRecords(otherTab, [{ ...(moved as StoredRecord), x: 5 }]);
    syncDocs(r.privateDoc, otherTab);
    expect(x(r, note)).toBe(10);
    expect(r.ownership.isPrivate(note)).toBe(false);
  });

  it('takes the anonymous board copy on reveal: the author is gone from the store too', () => {
    const r = routing();
    createPrivate(r, note, { meta: { authorId: 'aino-1', authorName: 'Aino' } });
    syncAll(r);
    serverReveal(r, true);
    syncAll(r);
    expect(r.store.get(note)?.meta).toEqual({});
  });

  it('drops a private edit still pending when the reveal arrives, instead of writing it to the private document', () => {
    const r = routing();
    createPrivate(r, note, { x: 10 });
    syncAll(r);
    serverReveal(r);
    // Someone moves the revealed note on the board at once.
    const revealed = readRecords(r.serverBoard).records.get(note) as StoredRecord;
    replaceRecords(r.serverBoard, [{ ...revealed, x: 99 }]);
    r.store.update(note, (shape) => ({ ...shape, x: 11 }));
    syncDocs(r.boardDoc, r.serverBoard);
    // Flushed before the private document's deletion arrives: nothing is written there.
    flushBoth(r);
    expect(storedX(r.privateDoc, note)).toBe(10);
    syncDocs(r.privateDoc, r.serverPrivate);
    flushBoth(r);
    syncAll(r);
    // The private document holds nothing of it (a write there would be moved to the board again).
    expect(idsWithEntries(r.serverPrivate).has(note)).toBe(false);
    expect(x(r, note)).toBe(99);
    expect(storedX(r.serverBoard, note)).toBe(99);
  });

  it('undoes and redoes a private creation in the private document only', () => {
    const r = routing();
    const editor: Editor = createTestEditor({
      store: r.store,
      doc: r.boardDoc,
      binding: r.board,
      localUpdates: [],
    });
    r.priv.attachHistory(editor);
    r.ownership.markPrivate(note);
    editor.markHistoryStoppingPoint();
    editor.createShape({ id: note, type: 'geo', x: 5 });
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverPrivate, note)).toBe(5);

    editor.undo();
    flushBoth(r);
    syncAll(r);
    expect(r.store.get(note)).toBeUndefined();
    expect(readRecords(r.serverPrivate).records.has(note)).toBe(false);

    editor.redo();
    flushBoth(r);
    syncAll(r);
    expect(storedX(r.serverPrivate, note)).toBe(5);
    expect(idsWithEntries(r.serverBoard).has(note)).toBe(false);
    editor.dispose();
  });

  it('writes private records created before the private binding started once it starts', () => {
    const r = routing({ startPrivate: false });
    createPrivate(r, note, { x: 3 });
    expect(r.priv.hasRecord(note)).toBe(false);
    r.priv.start();
    vi.runAllTimers();
    expect(storedX(r.privateDoc, note)).toBe(3);
    expect(idsWithEntries(r.boardDoc).has(note)).toBe(false);
  });

  it('loads private records from the private document at start and claims them', () => {
    const first = routing();
    createPrivate(first, note, { x: 4 });
    syncAll(first);

    const second = routing({ startPrivate: false });
    syncDocs(second.privateDoc, first.serverPrivate);
    second.priv.start();
    expect(x(second, note)).toBe(4);
    expect(second.ownership.isPrivate(note)).toBe(true);
    second.store.update(note, (shape) => ({ ...shape, x: 40 }));
    flushBoth(second);
    expect(storedX(second.privateDoc, note)).toBe(40);
    expect(idsWithEntries(second.boardDoc).has(note)).toBe(false);
  });

  it('keeps the board’s copy when a stale local private copy still holds a revealed record (reload after a reveal)', () => {
    const first = routing();
    createPrivate(first, note, { x: 4 });
    syncAll(first);
    const staleLocalCopy = Y.encodeStateAsUpdate(first.privateDoc);
    serverReveal(first);
    first.serverBoard.transact(() => {
      // Someone moved the revealed note on the board since.
      replaceRecords(first.serverBoard, [
        { ...(readRecords(first.serverBoard).records.get(note) as StoredRecord), x: 99 },
      ]);
    });

    const second = routing({ startPrivate: false });
    syncDocs(second.boardDoc, first.serverBoard);
    Y.applyUpdate(second.privateDoc, staleLocalCopy);
    second.priv.start();
    expect(x(second, note)).toBe(99);
    expect(second.ownership.isPrivate(note)).toBe(false);
    // The server's deletion arrives: the note stays.
    syncDocs(second.privateDoc, first.serverPrivate);
    expect(x(second, note)).toBe(99);
    expect(second.priv.$recordCount.get()).toBe(0);
  });

  it('removes a private record deleted in another tab of the same person', () => {
    const r = routing();
    createPrivate(r, note);
    syncAll(r);
    replaceRecords(r.serverPrivate, [], [note]);
    syncAll(r);
    expect(r.store.get(note)).toBeUndefined();
    expect(idsWithEntries(r.serverBoard).has(note)).toBe(false);
  });

  it('writes a local-only record to neither document', () => {
    const r = routing();
    const local = createShapeId('local');
    r.ownership.markLocalOnly(local);
    r.store.put([testRectangle(r.store, local)]);
    flushBoth(r);
    expect(idsWithEntries(r.boardDoc).has(local)).toBe(false);
    expect(idsWithEntries(r.privateDoc).has(local)).toBe(false);
  });
});
