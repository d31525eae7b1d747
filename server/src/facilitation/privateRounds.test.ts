import {
  CloseCode,
  type ControlAction,
  decodeRefusalCloseReason,
  facilitationMapName,
  getRecordsArray,
  type RoomRole,
  readFacilitationState,
  readRecords,
  type StoredRecord,
} from '@kohtaamo/shared';
import { journeyMapRecord, noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';
import { Room } from '../room/Room.js';
import type { RoomConnection } from '../room/RoomRegistry.js';
import { ManualTimers } from '../testing/ManualTimers.js';
import { clientMessage } from '../testing/messages.js';
import { TestClient } from '../testing/TestClient.js';
import { createTestLogger } from '../testing/testLogger.js';
import { facilitationExtension } from './facilitationExtension.js';
import { PrivateDocuments, privateDocumentId } from './PrivateDocuments.js';

const roomId = 'workshop';
const limits = { compactAfterUpdates: 1000, compactAfterBytes: 1 << 20, maxBufferedBytes: 1 << 20 };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Server {
  readonly room: Room;
  readonly privateDocuments: PrivateDocuments;
  readonly timers: ManualTimers;
  readonly store: MemoryDocumentStore;
}

/** A board room with the toolkit and private documents on `store`, as the composition root builds it. */
function start(store = new MemoryDocumentStore()): Server {
  const timers = new ManualTimers();
  const logger = createTestLogger();
  const privateDocuments = new PrivateDocuments({
    store,
    logger,
    timers,
    limits,
    roomIdleMs: 1000,
    // The record schema itself is the record guard's tests' concern; the role rules apply here.
    validateRecord: () => undefined,
    maxDocumentBytes: 1 << 20,
  });
  let ids = 0;
  const room = new Room({
    roomId,
    store,
    logger,
    timers,
    limits,
    extensions: [facilitationExtension({ newId: () => `id-${++ids}`, privateDocuments })],
  });
  cleanups.push(() => {
    if (room.state === 'ready') room.closeConnections(CloseCode.goingAway, 'over');
  });
  return { room, privateDocuments, timers, store };
}

/** Stops a server the way shutdown does: every document written and unloaded. */
async function stop(server: Server): Promise<void> {
  server.room.closeConnections(CloseCode.goingAway, 'restart');
  await server.privateDocuments.closeAll();
  await server.room.unload();
}

let nextRequestId = 1;

interface Person {
  readonly board: TestClient;
  request(action: ControlAction): Promise<Record<string, unknown>>;
}

async function join(s: Server, role: RoomRole, participantId: string): Promise<Person> {
  await s.room.loaded;
  const board = new TestClient();
  cleanups.push(() => board.destroy());
  board.socket.role = role;
  board.socket.participantId = participantId;
  board.socket.readsControl = true;
  board.handshake(s.room);
  await s.timers.runDeferred();
  board.drain();
  return {
    board,
    async request(action) {
      const id = nextRequestId++;
      s.room.receive(board.socket, clientMessage.control({ id, action }));
      await s.timers.runDeferred();
      board.drain();
      const answer = (board.controls as Record<string, unknown>[]).find((m) => m.id === id);
      if (answer === undefined) throw new Error(`no answer to ${action.type}`);
      return answer;
    },
  };
}

interface Desk {
  readonly client: TestClient;
  readonly connection: RoomConnection;
  /** Writes records into the private document as the client's binding would. */
  write(...records: StoredRecord[]): Promise<void>;
  /** The records the private document holds, as the client sees it. */
  records(): Map<string, StoredRecord>;
}

/** Opens `participantId`'s private socket (`?doc=private`). */
async function openDesk(s: Server, role: RoomRole, participantId: string): Promise<Desk> {
  const client = new TestClient();
  cleanups.push(() => client.destroy());
  client.socket.role = role;
  client.socket.participantId = participantId;
  client.socket.scope = 'private';
  const connection = s.privateDocuments.connect(roomId, client.socket);
  client.handshake({ join: () => {}, receive: (_socket, data) => connection.receive(data) });
  await s.timers.runDeferred();
  for (const reply of client.drain()) connection.receive(reply);
  await s.timers.runDeferred();
  client.drain();
  return {
    client,
    connection,
    async write(...records) {
      const updates: Uint8Array[] = [];
      const capture = (update: Uint8Array) => updates.push(update);
      client.doc.on('update', capture);
      for (const record of records) writeRecord(client.doc, null, record);
      client.doc.off('update', capture);
      for (const update of updates) connection.receive(clientMessage.update(update));
      await s.timers.runDeferred();
      client.drain();
    },
    records() {
      client.drain();
      return readRecords(client.doc).records;
    },
  };
}

function privateMode(person: Person) {
  person.board.drain();
  return readFacilitationState(person.board.doc.getMap(facilitationMapName).entries()).privateMode;
}

function boardNote(person: Person, id: string): StoredRecord | undefined {
  person.board.drain();
  return recordIn(person.board.doc, id);
}

describe('private rounds', () => {
  it('keeps a note in its author’s private document until the reveal puts it on the board', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    const aino = await join(s, 'participant', 'aino');
    const guest = await join(s, 'guest', 'guest-1');
    expect(await facilitator.request({ type: 'private.start', anonymous: false })).toMatchObject({
      type: 'ack',
    });
    expect(privateMode(guest)).toMatchObject({ status: 'on', anonymous: false });

    const ainoDesk = await openDesk(s, 'participant', 'aino');
    const guestDesk = await openDesk(s, 'guest', 'guest-1');
    await ainoDesk.write(noteRecord('shape:aino-secret', 'aino'));
    await guestDesk.write(noteRecord('shape:guest-secret', 'guest-1', 300));
    // Nothing of it on the board, nor in anyone else's private document.
    for (const person of [facilitator, aino, guest]) {
      expect(boardNote(person, 'shape:aino-secret')).toBeUndefined();
      expect(boardNote(person, 'shape:guest-secret')).toBeUndefined();
    }
    expect([...ainoDesk.records().keys()]).toEqual(['shape:aino-secret']);
    expect([...guestDesk.records().keys()]).toEqual(['shape:guest-secret']);
    expect(await s.privateDocuments.authors(roomId)).toEqual(
      expect.arrayContaining(['aino', 'guest-1']),
    );

    expect(await facilitator.request({ type: 'private.reveal' })).toMatchObject({ type: 'ack' });
    for (const person of [facilitator, aino, guest]) {
      expect(boardNote(person, 'shape:aino-secret')?.meta).toMatchObject({ authorId: 'aino' });
      expect(boardNote(person, 'shape:guest-secret')?.meta).toMatchObject({ authorId: 'guest-1' });
    }
    expect(privateMode(aino)).toMatchObject({
      status: 'off',
      history: [{ roundId: 'id-1', anonymous: false, count: 2 }],
    });
    // The private documents are empty, by deletions the author's copy receives too.
    expect(ainoDesk.records().size).toBe(0);
    expect(guestDesk.records().size).toBe(0);
    expect(getRecordsArray(ainoDesk.client.doc).length).toBe(0);
    // The guest still owns their note on the board: a named reveal keeps the author.
    guest.board.edit(s.room, (doc) =>
      writeRecord(doc, recordIn(doc, 'shape:guest-secret') ?? null, {
        ...noteRecord('shape:guest-secret', 'guest-1', 300),
        x: 500,
      }),
    );
    await s.timers.runDeferred();
    expect(guest.board.socket.closed).toBeUndefined();
    expect(boardNote(facilitator, 'shape:guest-secret')?.x).toBe(500);
  });

  it('reveals anonymously: no author reaches the board', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    await facilitator.request({ type: 'private.start', anonymous: true });
    const desk = await openDesk(s, 'guest', 'guest-1');
    await desk.write(noteRecord('shape:anon', 'guest-1'));
    await facilitator.request({ type: 'private.reveal' });
    const note = boardNote(facilitator, 'shape:anon');
    expect(note).toBeDefined();
    expect(JSON.stringify(facilitator.board.doc.toJSON())).not.toContain('guest-1');
    expect(note?.meta).toEqual({});
  });

  it('moves a note whose template was deleted during the round to the first page', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    const page: StoredRecord = {
      id: 'page:first',
      typeName: 'page',
      name: 'Page 1',
      index: 'a1',
      meta: {},
    };
    facilitator.board.edit(s.room, (doc) => writeRecord(doc, null, page));
    facilitator.board.edit(s.room, (doc) =>
      writeRecord(doc, null, journeyMapRecord('shape:map', false)),
    );
    await s.timers.runDeferred();
    await facilitator.request({ type: 'private.start', anonymous: false });
    const desk = await openDesk(s, 'participant', 'aino');
    await desk.write({ ...noteRecord('shape:in-map', 'aino'), parentId: 'shape:map' });
    facilitator.board.edit(s.room, (doc) =>
      writeRecord(doc, recordIn(doc, 'shape:map') ?? null, null),
    );
    await s.timers.runDeferred();
    expect(s.room.read((doc) => recordIn(doc, 'shape:map'))).toBeUndefined();
    await facilitator.request({ type: 'private.reveal' });
    expect(boardNote(facilitator, 'shape:in-map')?.parentId).toBe('page:first');
  });

  it('checks a private document as its owner’s own content only, and drops presence', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    await facilitator.request({ type: 'private.start', anonymous: false });
    // A facilitator writes privately as a guest would: a template is refused.
    const desk = await openDesk(s, 'facilitator', 'fac');
    desk.client.awareness.setLocalState({ presence: { userName: 'Fanni' } });
    await desk.write(journeyMapRecord('shape:map', false));
    expect(desk.client.socket.closed?.code).toBe(CloseCode.editRejected);
    expect(decodeRefusalCloseReason(desk.client.socket.closed?.reason ?? '')?.code).toBe(
      'guest.templates',
    );
    // Someone else's note cannot be slipped in either.
    const other = await openDesk(s, 'participant', 'aino');
    await other.write(noteRecord('shape:forged', 'someone-else'));
    expect(other.client.socket.closed?.code).toBe(CloseCode.editRejected);
    expect(await s.privateDocuments.authors(roomId)).toEqual(expect.arrayContaining(['aino']));
    await facilitator.request({ type: 'private.reveal' });
    expect(boardNote(facilitator, 'shape:forged')).toBeUndefined();
  });

  it('puts notes that reach a private document after the reveal on the board at once', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    await facilitator.request({ type: 'private.start', anonymous: true });
    await facilitator.request({ type: 'private.reveal' });
    // An author who was offline during the reveal comes back with a note written in the round.
    const desk = await openDesk(s, 'participant', 'aino');
    await desk.write(noteRecord('shape:late', 'aino'));
    await s.timers.runDeferred();
    const late = boardNote(facilitator, 'shape:late');
    expect(late).toBeDefined();
    // As the last round was: anonymous.
    expect(late?.meta).toEqual({});
    expect(desk.records().size).toBe(0);
  });

  it('refuses a reveal with no round and a second start', async () => {
    const s = start();
    const facilitator = await join(s, 'facilitator', 'fac');
    expect(await facilitator.request({ type: 'private.reveal' })).toMatchObject({
      type: 'refused',
      code: 'private.off',
    });
    await facilitator.request({ type: 'private.start', anonymous: false });
    expect(await facilitator.request({ type: 'private.start', anonymous: true })).toMatchObject({
      type: 'refused',
      code: 'private.alreadyOn',
    });
    expect(facilitator.board.socket.closed).toBeUndefined();
  });

  it('refuses private rounds where the server keeps no private documents', async () => {
    const timers = new ManualTimers();
    const room = new Room({
      roomId,
      store: new MemoryDocumentStore(),
      logger: createTestLogger(),
      timers,
      limits,
      extensions: [facilitationExtension()],
    });
    const facilitator = await join({ room, timers } as unknown as Server, 'facilitator', 'fac');
    expect(await facilitator.request({ type: 'private.start', anonymous: false })).toMatchObject({
      type: 'refused',
      code: 'private.unavailable',
    });
    room.closeConnections(CloseCode.goingAway, 'over');
  });

  it('keeps the round and its notes over a restart, then reveals them', async () => {
    const store = new MemoryDocumentStore();
    const first = start(store);
    const facilitator = await join(first, 'facilitator', 'fac');
    await facilitator.request({ type: 'private.start', anonymous: false });
    const desk = await openDesk(first, 'participant', 'aino');
    await desk.write(noteRecord('shape:kept', 'aino'));
    desk.connection.leave();
    await stop(first);
    expect(await store.list(privateDocumentId(roomId, ''))).toEqual([
      privateDocumentId(roomId, 'aino'),
    ]);

    const second = start(store);
    const again = await join(second, 'facilitator', 'fac');
    expect(privateMode(again)).toMatchObject({ status: 'on' });
    const back = await openDesk(second, 'participant', 'aino');
    expect([...back.records().keys()]).toEqual(['shape:kept']);
    await again.request({ type: 'private.reveal' });
    expect(boardNote(again, 'shape:kept')).toBeDefined();
    expect(back.records().size).toBe(0);
  });
});
