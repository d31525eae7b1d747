import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { CloseCode } from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import { SqliteDocumentStore } from '../persistence/SqliteDocumentStore.js';
import { ManualTimers, settle } from '../testing/ManualTimers.js';
import { clientMessage, kinds } from '../testing/messages.js';
import { createScriptedStore, gate } from '../testing/scriptedStore.js';
import { TestClient } from '../testing/TestClient.js';
import { createTestLogger } from '../testing/testLogger.js';
import type { RoomLimits } from './Room.js';
import { type RoomConnection, RoomRegistry } from './RoomRegistry.js';

const roomId = 'board-1';
const idleMs = 10_000;
const limits: RoomLimits = {
  compactAfterUpdates: 1000,
  compactAfterBytes: 1024 * 1024,
  maxBufferedBytes: 1024 * 1024,
};

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(store: DocumentStore = createScriptedStore()) {
  const timers = new ManualTimers();
  const registry = new RoomRegistry({
    store,
    logger: createTestLogger(),
    timers,
    limits,
    roomIdleMs: idleMs,
  });
  return { registry, timers };
}

interface Participant {
  readonly client: TestClient;
  readonly connection: RoomConnection;
  /** Delivers what the server sent and sends back the client's replies. */
  pump(): void;
  edit(change: (doc: Y.Doc) => void): void;
}

function join(registry: RoomRegistry, id = roomId): Participant {
  const client = new TestClient();
  cleanups.push(() => client.destroy());
  const connection = registry.connect(id, client.socket);
  connection.receive(clientMessage.syncStep1(client.doc));
  const participant: Participant = {
    client,
    connection,
    pump() {
      for (const reply of client.drain()) connection.receive(reply);
      client.drain();
    },
    edit(change) {
      const updates: Uint8Array[] = [];
      const capture = (update: Uint8Array) => updates.push(update);
      client.doc.on('update', capture);
      change(client.doc);
      client.doc.off('update', capture);
      for (const update of updates) connection.receive(clientMessage.update(update));
    },
  };
  return participant;
}

function textOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const text = doc.getText('t').toString();
  doc.destroy();
  return text;
}

describe('RoomRegistry', () => {
  it('loads a room once for concurrent joins', async () => {
    const store = createScriptedStore();
    const loadGate = gate();
    store.loadGate = loadGate.promise;
    const { registry, timers } = setup(store);
    const a = join(registry);
    const b = join(registry);
    expect(registry.roomCount).toBe(1);
    expect(registry.connectionCount).toBe(2);
    loadGate.open();
    await timers.runDeferred();
    expect(store.calls.load).toEqual([roomId]);
    expect(kinds(a.client.socket.sent)).toContain('syncStep2');
    expect(kinds(b.client.socket.sent)).toContain('syncStep2');
  });

  it('unloads an empty room after the idle time, writing a snapshot', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.pump();
    a.edit((doc) => doc.getText('t').insert(0, 'persist me'));
    await timers.runDeferred();
    a.connection.leave();
    expect(registry.connectionCount).toBe(0);

    await timers.advance(idleMs - 1);
    expect(registry.roomCount).toBe(1);
    await timers.advance(1);
    expect(registry.roomCount).toBe(0);
    expect(store.calls.compact).toHaveLength(1);
    const stored = await store.inner.load(roomId);
    expect(stored.logCount).toBe(0);

    const b = join(registry);
    await timers.runDeferred();
    b.pump();
    expect(b.client.doc.getText('t').toString()).toBe('persist me');
    expect(store.calls.load).toHaveLength(2);
  });

  it('reads a document from memory while loaded, unsaved changes included', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.pump();
    const held = gate();
    store.appendGate = held.promise;
    a.edit((doc) => doc.getText('t').insert(0, 'not yet written'));
    const updates = await registry.readDocument(roomId);
    expect(textOf(updates)).toBe('not yet written');
    expect((await store.inner.load(roomId)).updates).toEqual([]);
    expect(store.calls.load).toHaveLength(1);
    held.open();
    await timers.runDeferred();
  });

  it('reads an unloaded document from storage without loading the room', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.pump();
    a.edit((doc) => doc.getText('t').insert(0, 'stored'));
    await timers.runDeferred();
    a.connection.leave();
    await timers.advance(idleMs);
    expect(registry.roomCount).toBe(0);
    expect(textOf(await registry.readDocument(roomId))).toBe('stored');
    expect(registry.roomCount).toBe(0);
    expect(await registry.readDocument('never-written')).toEqual([]);
  });

  it('keeps a room loaded when someone joins before the idle time ends', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.connection.leave();
    await timers.advance(idleMs / 2);
    const b = join(registry);
    await timers.advance(idleMs * 2);
    expect(registry.roomCount).toBe(1);
    expect(store.calls.load).toHaveLength(1);
    b.connection.leave();
    await timers.advance(idleMs);
    expect(registry.roomCount).toBe(0);
  });

  it('makes a join during an unload wait for it, then load afresh', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.pump();
    a.edit((doc) => doc.getText('t').insert(0, 'last words'));
    await timers.runDeferred();
    a.connection.leave();
    const oldRoom = registry.get(roomId);

    const compactGate = gate();
    store.compactGate = compactGate.promise;
    await timers.advance(idleMs);
    expect(oldRoom?.state).toBe('unloading');

    const b = join(registry);
    await timers.runDeferred();
    expect(b.client.socket.sent).toHaveLength(0);
    expect(registry.connectionCount).toBe(1);
    expect(store.calls.load).toHaveLength(1);

    compactGate.open();
    await timers.runDeferred();
    expect(oldRoom?.state).toBe('closed');
    expect(store.calls.load).toHaveLength(2);
    const newRoom = registry.get(roomId);
    expect(newRoom).toBeDefined();
    expect(newRoom).not.toBe(oldRoom);
    b.pump();
    expect(b.client.doc.getText('t').toString()).toBe('last words');
  });

  it('keeps the old room and hands it the waiting join when storage refuses the unload', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    a.pump();
    store.failAppend = true;
    store.failCompact = true;
    a.edit((doc) => doc.getText('t').insert(0, 'only in memory'));
    await timers.runDeferred();
    a.connection.leave();
    const oldRoom = registry.get(roomId);
    expect(registry.healthy).toBe(false);

    const compactGate = gate();
    store.compactGate = compactGate.promise;
    await timers.advance(idleMs);
    const b = join(registry);
    compactGate.open();
    await timers.runDeferred();

    expect(registry.get(roomId)).toBe(oldRoom);
    expect(store.calls.load).toHaveLength(1);
    b.pump();
    expect(b.client.doc.getText('t').toString()).toBe('only in memory');

    store.failAppend = false;
    store.failCompact = false;
    b.connection.leave();
    await timers.advance(60_000);
    expect(registry.roomCount).toBe(0);
    expect(registry.healthy).toBe(true);
    const fresh = join(registry);
    await timers.runDeferred();
    fresh.pump();
    expect(fresh.client.doc.getText('t').toString()).toBe('only in memory');
  });

  it('forgets a room whose load failed so the next join tries again', async () => {
    const store = createScriptedStore();
    store.failLoad = true;
    const { registry, timers } = setup(store);
    const a = join(registry);
    await timers.runDeferred();
    expect(a.client.socket.closed?.code).toBe(CloseCode.storageUnavailable);
    expect(registry.roomCount).toBe(0);

    store.failLoad = false;
    const b = join(registry);
    await timers.runDeferred();
    expect(b.client.socket.closed).toBeUndefined();
    expect(kinds(b.client.socket.sent)).toContain('syncStep2');
    expect(store.calls.load).toHaveLength(2);
  });

  it('closeAll closes sockets with serviceRestart (reconnect at once, to any instance), persists every room and refuses new joins', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry, 'room-a');
    const b = join(registry, 'room-b');
    await timers.runDeferred();
    a.pump();
    b.pump();
    a.edit((doc) => doc.getText('t').insert(0, 'A'));
    b.edit((doc) => doc.getText('t').insert(0, 'B'));

    const closing = registry.closeAll();
    await timers.runDeferred();
    await closing;
    expect(a.client.socket.closed?.code).toBe(CloseCode.serviceRestart);
    expect(b.client.socket.closed?.code).toBe(CloseCode.serviceRestart);
    expect(registry.roomCount).toBe(0);
    for (const id of ['room-a', 'room-b']) {
      const stored = await store.inner.load(id);
      expect(stored.logCount).toBe(0);
      expect(stored.updates).toHaveLength(1);
    }

    const late = join(registry);
    expect(late.client.socket.closed?.code).toBe(CloseCode.serviceRestart);
    expect(registry.roomCount).toBe(0);
  });

  it('evict closes the room sockets, unloads it and leaves nothing to rewrite after a delete', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const a = join(registry);
    const other = join(registry, 'room-other');
    await timers.runDeferred();
    a.pump();
    a.edit((doc) => doc.getText('t').insert(0, 'secret plans'));

    const evicting = registry.evict(roomId, CloseCode.unauthorized, 'this board was deleted');
    await timers.runDeferred();
    await evicting;
    expect(a.client.socket.closed).toEqual({
      code: CloseCode.unauthorized,
      reason: 'this board was deleted',
    });
    expect(other.client.socket.closed).toBeUndefined();
    expect(registry.get(roomId)).toBeUndefined();
    await store.delete(roomId);
    await timers.advance(idleMs * 2);
    expect((await store.inner.load(roomId)).updates).toEqual([]);
  });

  it('survives a restart on a real SQLite file', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'kohtaamo-registry-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = joinPath(dir, 'kohtaamo.db');

    const first = SqliteDocumentStore.open(file);
    const one = setup(first);
    const a = join(one.registry);
    await one.timers.runDeferred();
    a.pump();
    a.edit((doc) => doc.getMap('shapes').set('s1', { x: 1 }));
    await one.timers.runDeferred();
    const closing = one.registry.closeAll();
    await one.timers.runDeferred();
    await closing;
    await first.close();

    const second = SqliteDocumentStore.open(file);
    cleanups.push(() => second.close());
    const two = setup(second);
    const b = join(two.registry);
    await two.timers.runDeferred();
    await settle();
    b.pump();
    expect(b.client.doc.getMap('shapes').toJSON()).toEqual({ s1: { x: 1 } });
    const closingTwo = two.registry.closeAll();
    await two.timers.runDeferred();
    await closingTwo;
  });
});

describe('RoomRegistry holds', () => {
  it('loads a room for a holder without a socket and keeps it until released', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const hold = await registry.hold(roomId);
    expect(hold.room.state).toBe('ready');
    const written = hold.room.change((doc) => doc.getMap('m').set('k', 1));
    await timers.runDeferred();
    await written;
    await timers.advance(idleMs * 2);
    expect(registry.get(roomId)).toBe(hold.room);
    expect(registry.loadedIds('board-')).toEqual([roomId]);

    hold.release();
    hold.release();
    await timers.advance(idleMs);
    await settle();
    expect(registry.get(roomId)).toBeUndefined();
    const doc = new Y.Doc();
    for (const update of (await store.load(roomId)).updates) Y.applyUpdate(doc, update);
    expect(doc.getMap('m').get('k')).toBe(1);
  });

  it('stays loaded while a socket is in it after the hold is released, and the other way round', async () => {
    const { registry, timers } = setup();
    const hold = await registry.hold(roomId);
    const person = join(registry);
    person.pump();
    hold.release();
    await timers.advance(idleMs * 2);
    expect(registry.get(roomId)).toBe(hold.room);
    const second = await registry.hold(roomId);
    person.connection.leave();
    await timers.advance(idleMs * 2);
    expect(registry.get(roomId)).toBe(second.room);
    second.release();
    await timers.advance(idleMs);
    await settle();
    expect(registry.get(roomId)).toBeUndefined();
  });

  it('waits for an unload in progress and sees its writes', async () => {
    const store = createScriptedStore();
    const { registry, timers } = setup(store);
    const first = await registry.hold(roomId);
    const written = first.room.change((doc) => doc.getMap('m').set('k', 'before'));
    await timers.runDeferred();
    await written;
    const compaction = gate();
    store.compactGate = compaction.promise;
    first.release();
    await timers.advance(idleMs);
    expect(first.room.state).toBe('unloading');
    const pending = registry.hold(roomId);
    compaction.open();
    const second = await pending;
    expect(second.room).not.toBe(first.room);
    expect(second.room.read((doc) => doc.getMap('m').get('k'))).toBe('before');
    second.release();
  });

  it('rejects a hold when the room cannot be loaded or the registry is closing', async () => {
    const store = createScriptedStore();
    const { registry } = setup(store);
    store.failLoad = true;
    await expect(registry.hold(roomId)).rejects.toThrow(/could not be loaded/);
    store.failLoad = false;
    await registry.closeAll();
    await expect(registry.hold(roomId)).rejects.toThrow(/shutting down/);
  });
});
