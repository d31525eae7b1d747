import '../../canvas/testSetup';
import {
  CloseCode,
  facilitationKeys,
  facilitationMapName,
  type PrivateModeState,
  parseFieldKey,
  readRecords,
  replaceRecords,
  revealedRecords,
  templateShapeType,
} from '@kohtaamo/shared';
import {
  createBindingId,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type Editor,
  type TLShapeId,
  type TLStore,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { registerAuthorMeta } from '../../canvas/authorMeta';
import type { EditRefusal } from '../../canvas/roleGuards';
import { createTestEditor, syncDocs } from '../../canvas/testHarness';
import { FakeWebSocket, SocketRelay } from '../../canvas/testWebSocket';
import type { LocalPersistence } from '../../canvas/types';
import { YjsStoreBinding } from '../../canvas/YjsStoreBinding';
import { FacilitationState } from '../FacilitationState';
import { PrivateNotes, type PrivateNotesOptions, privateDatabaseName } from './PrivateNotes';
import { PrivateOwnership } from './PrivateOwnership';

const participantId = 'aino-1';
const roundOn: PrivateModeState = {
  status: 'on',
  roundId: 'round-1',
  startedAt: 1,
  anonymous: false,
  history: [],
};
const roundOff: PrivateModeState = {
  status: 'off',
  history: [{ roundId: 'round-1', startedAt: 1, revealedAt: 2, anonymous: false, count: 1 }],
};

/** A board visit: one store, the board binding and facilitation state, and PrivateNotes beside them. */
interface Visit {
  readonly store: TLStore;
  readonly boardDoc: Y.Doc;
  readonly board: YjsStoreBinding;
  readonly ownership: PrivateOwnership;
  readonly notes: PrivateNotes;
  readonly editor: Editor;
  readonly refusals: EditRefusal[];
  /** The server's copies of the board and of this person's private document. */
  readonly serverBoard: Y.Doc;
  readonly serverPrivate: Y.Doc;
}

const visits: Visit[] = [];
let relays: SocketRelay[] = [];

function visit(options: Partial<PrivateNotesOptions> & { boardStarts?: boolean } = {}): Visit {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const boardDoc = new Y.Doc();
  let board: YjsStoreBinding | null = null;
  const ownership = new PrivateOwnership((id) => board?.hasRecord(id) ?? false);
  board = new YjsStoreBinding(store, boardDoc, { scope: ownership.boardScope });
  const facilitation = new FacilitationState(boardDoc);
  const notes = new PrivateNotes({
    roomId: 'room-1',
    serverUrl: 'ws://kohtaamo.test/sync',
    participantId,
    participantKey: 'secret-key',
    token: 'a.b.c',
    store,
    ownership,
    $privateMode: facilitation.$privateMode,
    WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket,
    ...options,
  });
  const serverBoard = new Y.Doc();
  syncDocs(boardDoc, serverBoard);
  board.start();
  if (options.boardStarts ?? true) notes.boardStarted();
  const editor = createTestEditor({ store, doc: boardDoc, binding: board, localUpdates: [] });
  editor.user.updateUserPreferences({ id: participantId, name: 'Aino' });
  registerAuthorMeta(editor, { guest: (record) => notes.takesNew(record) });
  const refusals: EditRefusal[] = [];
  notes.attachEditor(editor, (refusal) => refusals.push(refusal));
  const created: Visit = {
    store,
    boardDoc,
    board,
    ownership,
    notes,
    editor,
    refusals,
    serverBoard,
    serverPrivate: new Y.Doc(),
  };
  visits.push(created);
  return created;
}

function setRound(v: Visit, state: PrivateModeState): void {
  v.serverBoard.getMap(facilitationMapName).set(facilitationKeys.privateMode, state);
  syncDocs(v.boardDoc, v.serverBoard);
}

/** The private socket the visit opened most recently, played by a relay to the server's private doc. */
function privateSocket(v: Visit): SocketRelay {
  const socket = FakeWebSocket.instances.at(-1);
  if (!socket) throw new Error('no private socket');
  const relay = new SocketRelay(socket, v.serverPrivate);
  relays.push(relay);
  relay.open();
  return relay;
}

function flush(v: Visit, relay?: SocketRelay): void {
  v.board.flush();
  v.notes.flush();
  relay?.pump();
  syncDocs(v.boardDoc, v.serverBoard);
}

function idsWithEntries(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const entry of doc.getArray<{ key: string }>('records')) {
    const parsed = parseFieldKey(entry.key);
    if (parsed) ids.add(parsed.recordId);
  }
  return ids;
}

function createNote(v: Visit, id: TLShapeId, x = 0): void {
  v.editor.createShape({ id, type: 'note', x });
  v.editor.markHistoryStoppingPoint();
}

/** The reveal as the server does it, onto the board and out of the private document. */
function serverReveal(v: Visit, anonymous = false): void {
  const records = [...readRecords(v.serverPrivate).records.values()];
  const board = readRecords(v.serverBoard).records;
  const revealed = revealedRecords(records, anonymous, {
    has: (id) => board.has(id),
    fallbackPageId: 'page:page',
  });
  replaceRecords(v.serverBoard, revealed);
  v.serverBoard.getMap(facilitationMapName).set(facilitationKeys.privateMode, roundOff);
  replaceRecords(
    v.serverPrivate,
    [],
    records.map((record) => record.id),
  );
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

const note = createShapeId('private');

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  FakeWebSocket.instances = [];
});

afterEach(() => {
  for (const relay of relays) relay.dispose();
  relays = [];
  for (const v of visits.splice(0)) {
    v.notes.destroy();
    v.editor.dispose();
  }
  vi.useRealTimers();
});

describe('PrivateNotes', () => {
  it('opens no private socket while no round is on and nothing private is kept', async () => {
    visit();
    await settle();
    vi.advanceTimersByTime(10_000);
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('opens the private socket when a round starts: the sync URL with the token, key and doc=private, no ctl, no presence', () => {
    const v = visit();
    setRound(v, roundOn);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const url = FakeWebSocket.instances[0]?.url ?? '';
    expect(url).toBe('ws://kohtaamo.test/sync/room-1?t=a.b.c&k=secret-key&doc=private');
    privateSocket(v);
    const types = FakeWebSocket.instances[0]?.sent.map((message) => message[0]);
    // Sync messages only (type 0): no awareness (1), no control frames.
    expect(new Set(types)).toEqual(new Set([0]));
  });

  it('writes a note created in a round to the private document only, stamped as the author’s as a guest must', () => {
    const v = visit();
    setRound(v, roundOn);
    const relay = privateSocket(v);
    flush(v, relay);
    const boardBefore = Y.encodeStateVector(v.serverBoard);
    createNote(v, note);
    // A geo shape, which outside a round would carry no author, goes private stamped too.
    const box = createShapeId('box');
    v.editor.createShape({ id: box, type: 'geo', x: 300 });
    flush(v, relay);
    const stored = readRecords(v.serverPrivate).records;
    expect(stored.get(note)?.meta).toEqual({ authorId: participantId, authorName: 'Aino' });
    expect(stored.get(box)?.meta).toEqual({ authorId: participantId, authorName: 'Aino' });
    expect(idsWithEntries(v.serverBoard).has(note)).toBe(false);
    expect(Y.encodeStateVector(v.serverBoard)).toEqual(boardBefore);
    expect(v.ownership.isPrivate(note)).toBe(true);
  });

  it('keeps on the board what is created outside a round, templates, and what an undo brings back', () => {
    const v = visit();
    const before = createShapeId('before');
    createNote(v, before);
    setRound(v, roundOn);
    const relay = privateSocket(v);
    v.editor.deleteShape(before);
    v.editor.markHistoryStoppingPoint();
    flush(v, relay);
    expect(readRecords(v.serverBoard).records.has(before)).toBe(false);
    v.editor.undo();
    flush(v, relay);
    expect(readRecords(v.serverBoard).records.has(before)).toBe(true);
    expect(idsWithEntries(v.serverPrivate)).toEqual(new Set());
    expect(v.notes.takesNew({ typeName: 'shape', type: templateShapeType })).toBe(false);
    expect(v.notes.takesNew({ typeName: 'shape', type: 'note' })).toBe(true);
    expect(v.notes.takesNew({ typeName: 'page' })).toBe(false);
  });

  it('routes an arrow’s binding by where it starts: private from a private arrow, kept local from a board arrow to a private note', () => {
    const v = visit();
    const boardArrow = createShapeId('board-arrow');
    const target = createShapeId('board-target');
    v.editor.createShapes([
      { id: boardArrow, type: 'arrow', x: -400 },
      { id: target, type: 'geo', x: 600 },
    ]);
    setRound(v, roundOn);
    const relay = privateSocket(v);
    createNote(v, note);
    const privateArrow = createShapeId('private-arrow');
    v.editor.createShape({ id: privateArrow, type: 'arrow', x: 200 });
    const fromPrivate = createBindingId('from-private');
    const fromBoard = createBindingId('from-board');
    const props = {
      terminal: 'end',
      normalizedAnchor: { x: 0.5, y: 0.5 },
      isExact: false,
      isPrecise: false,
      snap: 'none',
    } as const;
    v.editor.createBindings([
      { id: fromPrivate, type: 'arrow', fromId: privateArrow, toId: target, props },
      { id: fromBoard, type: 'arrow', fromId: boardArrow, toId: note, props },
    ]);
    flush(v, relay);
    expect(readRecords(v.serverPrivate).records.has(fromPrivate)).toBe(true);
    expect(idsWithEntries(v.serverBoard).has(fromPrivate)).toBe(false);
    expect(idsWithEntries(v.serverBoard).has(fromBoard)).toBe(false);
    expect(idsWithEntries(v.serverPrivate).has(fromBoard)).toBe(false);
    expect(v.store.get(fromBoard)).toBeDefined();
  });

  it('ends a reveal with the note on the board, owned by it, and closes the private socket once the server cleared the document', () => {
    const v = visit();
    setRound(v, roundOn);
    const relay = privateSocket(v);
    createNote(v, note, 40);
    flush(v, relay);
    serverReveal(v);
    // The private document's deletion arrives first, then the board.
    relay.pump();
    syncDocs(v.boardDoc, v.serverBoard);
    expect(v.store.get(note)).toMatchObject({ x: 40 });
    expect(v.ownership.isPrivate(note)).toBe(false);
    expect(v.notes.binding.$recordCount.get()).toBe(0);
    expect(FakeWebSocket.instances[0]?.readyState).toBe(FakeWebSocket.CLOSED);
    expect(v.notes.provider.shouldConnect).toBe(false);

    // Edits go to the board from now on.
    v.editor.updateShape({ id: note, type: 'note', x: 41 });
    flush(v);
    expect(readRecords(v.serverBoard).records.get(note)).toMatchObject({ x: 41 });
  });

  it('keeps the socket open after the round ends while the private document still holds records', () => {
    const v = visit();
    setRound(v, roundOn);
    const relay = privateSocket(v);
    createNote(v, note);
    flush(v, relay);
    setRound(v, roundOff);
    expect(v.notes.provider.shouldConnect).toBe(true);
    replaceRecords(v.serverPrivate, [], [note]);
    expect(v.notes.provider.shouldConnect).toBe(false);
  });

  it('connects after a reload when the local copy holds private notes written offline, and starts them after the board', async () => {
    // Written in an earlier visit while offline: only in that browser's local copy.
    const earlier = visit();
    setRound(earlier, roundOn);
    createNote(earlier, note, 7);
    earlier.notes.flush();
    const localCopy = Y.encodeStateAsUpdate(earlier.notes.doc);
    FakeWebSocket.instances = [];

    const names: string[] = [];
    const openPersistence = (name: string, doc: Y.Doc): LocalPersistence => {
      names.push(name);
      Y.applyUpdate(doc, localCopy, 'indexeddb');
      return { whenSynced: Promise.resolve(), destroy() {} };
    };
    const v = visit({ openPersistence, boardStarts: false });
    await settle();
    expect(names).toEqual([privateDatabaseName('room-1', participantId)]);
    expect(names[0]).toBe('kohtaamo:room-1:private:aino-1');
    // Not in the store until the board has started.
    expect(v.store.get(note)).toBeUndefined();
    v.notes.boardStarted();
    expect(v.store.get(note)).toMatchObject({ x: 7 });
    expect(FakeWebSocket.instances).toHaveLength(1);
    const relay = privateSocket(v);
    expect(readRecords(v.serverPrivate).records.has(note)).toBe(true);
    // The server moves the late note onto the board.
    serverReveal(v);
    syncDocs(v.boardDoc, v.serverBoard);
    relay.pump();
    expect(v.store.get(note)).toMatchObject({ x: 7 });
    expect(v.notes.provider.shouldConnect).toBe(false);
  });

  it('keeps a guest’s rules on private records: a lock is refused and reported, a board shape stays out of a private frame', () => {
    const v = visit();
    const boardBox = createShapeId('board-box');
    v.editor.createShape({ id: boardBox, type: 'geo', x: 20, y: 20, props: { w: 50, h: 50 } });
    setRound(v, roundOn);
    const relay = privateSocket(v);
    createNote(v, note);
    v.editor.updateShape({ id: note, type: 'note', isLocked: true });
    expect(v.store.get(note)?.isLocked).toBe(false);
    expect(v.refusals.map((refusal) => refusal.code)).toEqual(['lock.change']);

    const frame = createShapeId('frame');
    v.editor.createShape({ id: frame, type: 'frame', x: 0, y: 0, props: { w: 400, h: 400 } });
    v.editor.reparentShapes([boardBox], frame);
    expect(v.store.get(boardBox)?.parentId).toBe('page:page');
    flush(v, relay);
    expect(readRecords(v.serverBoard).records.get(boardBox)?.parentId).toBe('page:page');
  });

  it('stops for good and drops the local copy when the server refuses an update of the private document', async () => {
    let cleared = 0;
    const v = visit({
      openPersistence: () => ({
        whenSynced: Promise.resolve(),
        destroy() {},
        clearData: async () => {
          cleared += 1;
        },
      }),
    });
    setRound(v, roundOn);
    FakeWebSocket.instances[0]?.serverOpens();
    FakeWebSocket.instances[0]?.serverCloses(CloseCode.editRejected);
    await settle();
    vi.advanceTimersByTime(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(v.notes.$fatalClose.get()).toBe(CloseCode.editRejected);
    expect(cleared).toBe(1);
  });

  it('closes the socket and local persistence when destroyed, after writing pending changes', async () => {
    let destroyed = false;
    const v = visit({
      openPersistence: () => ({
        whenSynced: Promise.resolve(),
        destroy() {
          destroyed = true;
        },
      }),
    });
    await settle();
    setRound(v, roundOn);
    const relay = privateSocket(v);
    createNote(v, note);
    v.notes.destroy();
    relay.pump();
    expect(readRecords(v.serverPrivate).records.has(note)).toBe(true);
    expect(v.notes.provider.shouldConnect).toBe(false);
    await settle();
    expect(destroyed).toBe(true);
  });
});
