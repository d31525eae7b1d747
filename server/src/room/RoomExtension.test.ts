import { CloseCode, MessageType, refusal } from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/ManualTimers.js';
import { clientMessage, decodeServerMessage } from '../testing/messages.js';
import { createScriptedStore } from '../testing/scriptedStore.js';
import { TestClient } from '../testing/TestClient.js';
import { createTestLogger } from '../testing/testLogger.js';
import type { Connection } from './Connection.js';
import { Room } from './Room.js';
import {
  byPriority,
  closeSender,
  dropMessage,
  type RoomContext,
  type RoomExtension,
  type RoomExtensionFactory,
} from './RoomExtension.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(extensions: RoomExtensionFactory[]) {
  const store = createScriptedStore();
  const timers = new ManualTimers();
  const room = new Room({
    roomId: 'room-x',
    store,
    logger: createTestLogger(),
    timers,
    limits: { compactAfterUpdates: 1000, compactAfterBytes: 1 << 20, maxBufferedBytes: 1 << 20 },
    extensions,
  });
  cleanups.push(() => {
    if (room.state === 'ready') room.closeConnections(CloseCode.goingAway, 'test over');
  });
  return { room, store, timers };
}

function client(): TestClient {
  const c = new TestClient();
  cleanups.push(() => c.destroy());
  return c;
}

function connect(room: Room): TestClient {
  return client().handshake(room);
}

describe('byPriority', () => {
  it('orders extensions by priority, higher first, keeping the given order on ties', () => {
    const named = (name: string, priority?: number): RoomExtension =>
      priority === undefined ? { name } : { name, priority };
    const ordered = byPriority([named('a'), named('b', 300), named('c'), named('d', 50)]);
    expect(ordered.map((e) => e.name)).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('Room extensions', () => {
  it('runs onLoad before anyone joins, onConnect after the welcome, onDisconnect when a socket leaves', async () => {
    const events: string[] = [];
    const { room, timers } = setup([
      (context) => ({
        name: 'probe',
        onLoad: () => {
          events.push(`load:${context.roomId}`);
        },
        onConnect: () => events.push('connect'),
        onDisconnect: () => events.push('disconnect'),
      }),
    ]);
    const early = client();
    room.join(early.socket);
    expect(events).toEqual([]);
    await room.loaded;
    expect(events).toEqual(['load:room-x', 'connect']);
    expect(early.socket.sent.length).toBeGreaterThan(0);
    room.leave(early.socket);
    expect(events).toEqual(['load:room-x', 'connect', 'disconnect']);
    await timers.runDeferred();
  });

  it('waits for an async onLoad before syncing anyone, and fails the load when it rejects', async () => {
    let finish: () => void = () => {};
    const { room } = setup([
      () => ({
        name: 'slowLoad',
        onLoad: () =>
          new Promise<void>((resolve) => {
            finish = resolve;
          }),
      }),
    ]);
    const early = client();
    room.join(early.socket);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(early.socket.sent).toHaveLength(0);
    finish();
    expect(await room.loaded).toBe(true);
    expect(early.socket.sent.length).toBeGreaterThan(0);

    const failing = setup([
      () => ({ name: 'brokenLoad', onLoad: () => Promise.reject(new Error('no state')) }),
    ]);
    const waiting = client();
    failing.room.join(waiting.socket);
    expect(await failing.room.loaded).toBe(false);
    expect(waiting.socket.closed?.code).toBe(CloseCode.storageUnavailable);
    expect(failing.room.state).toBe('closed');
  });

  it('asks beforeUpdate hooks in priority order; the first verdict wins and nothing is applied', async () => {
    const asked: string[] = [];
    const { room, timers } = setup([
      () => ({
        name: 'low',
        priority: 10,
        beforeUpdate: () => {
          asked.push('low');
          return undefined;
        },
      }),
      () => ({
        name: 'high',
        priority: 500,
        beforeUpdate: ({ connection }) => {
          asked.push('high');
          return connection.role === 'guest'
            ? closeSender(CloseCode.editRejected, refusal('test.refused', 'guests are refused'))
            : undefined;
        },
      }),
    ]);
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    bob.socket.role = 'guest';
    asked.length = 0;
    alice.edit(room, (doc) => doc.getText('t').insert(0, 'a'));
    expect(asked).toEqual(['high', 'low']);
    asked.length = 0;
    bob.edit(room, (doc) => doc.getText('t').insert(0, 'b'));
    expect(asked).toEqual(['high']);
    expect(bob.socket.closed?.code).toBe(CloseCode.editRejected);
    expect(bob.socket.closed?.reason).toContain('test.refused');
    await timers.runDeferred();
    alice.drain();
    expect(alice.doc.getText('t').toString()).toBe('a');
  });

  it('drops a message on a drop verdict and keeps the sender connected', async () => {
    const { room, timers } = setup([
      () => ({ name: 'dropAll', beforeAwareness: () => dropMessage }),
    ]);
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    alice.awareness.setLocalState({ name: 'Alice' });
    room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    bob.drain();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    expect(alice.socket.closed).toBeUndefined();
    await timers.runDeferred();
  });

  it('hands control messages to the first extension that handles them; unhandled ones close as malformed', async () => {
    const seen: { body: string; connection: Connection }[] = [];
    const { room } = setup([
      () => ({ name: 'skip', priority: 200, onControl: () => false }),
      () => ({
        name: 'control',
        onControl: (payload) => {
          seen.push(payload);
          return true;
        },
      }),
    ]);
    await room.loaded;
    const alice = connect(room);
    room.receive(alice.socket, clientMessage.control({ hello: 1 }));
    expect(seen.map((s) => s.body)).toEqual(['{"hello":1}']);
    expect(alice.socket.closed).toBeUndefined();

    const bare = setup([]);
    await bare.room.loaded;
    const bob = connect(bare.room);
    bare.room.receive(bob.socket, clientMessage.control({}));
    expect(bob.socket.closed?.code).toBe(CloseCode.malformedMessage);
  });

  it('writes a server change before broadcasting it to everyone, then reports the flush', async () => {
    let context: RoomContext | undefined;
    const flushes: { count: number; written: boolean }[] = [];
    const { room, store, timers } = setup([
      (c) => {
        context = c;
        return {
          name: 'writer',
          afterFlush: ({ updates, written }) => flushes.push({ count: updates.length, written }),
        };
      },
    ]);
    await room.loaded;
    const alice = connect(room);
    context?.change((doc) => doc.getMap('facilitation').set('timer', { status: 'idle' }));
    expect(store.calls.append).toHaveLength(0);
    await timers.runDeferred();
    expect(store.calls.append).toHaveLength(1);
    expect(flushes).toEqual([{ count: 1, written: true }]);
    const kinds = alice.socket.sent.map((frame) => decodeServerMessage(frame).kind);
    expect(kinds.at(-1)).toBe('update');
    alice.drain();
    expect(alice.doc.getMap('facilitation').get('timer')).toEqual({ status: 'idle' });
  });

  it('lets an extension send to and close one connection, and destroys extensions with the room', async () => {
    let context: RoomContext | undefined;
    let destroyed = 0;
    const { room, timers } = setup([
      (c) => {
        context = c;
        return { name: 'x', onDestroy: () => (destroyed += 1) };
      },
    ]);
    await room.loaded;
    const alice = connect(room);
    const [connection] = [...(context?.connections() ?? [])];
    expect(connection?.socket).toBe(alice.socket);
    if (connection === undefined || context === undefined) throw new Error('no connection');
    const before = alice.socket.sent.length;
    context.send(connection, new Uint8Array([MessageType.control, 0]));
    expect(alice.socket.sent.length).toBe(before + 1);
    context.close(connection, CloseCode.forbidden, refusal('test.closed', 'closed by a test'));
    expect(alice.socket.closed?.code).toBe(CloseCode.forbidden);
    await timers.runDeferred();
    expect(await room.unload()).toBe(true);
    expect(destroyed).toBe(1);
  });

  it('is unhealthy and stays loaded while an extension holds unwritten changes of its own', async () => {
    let healthy = false;
    let destroyed = 0;
    const { room } = setup([
      () => ({
        name: 'ballots',
        get healthy() {
          return healthy;
        },
        onDestroy: () => (destroyed += 1),
      }),
      () => ({ name: 'other' }),
    ]);
    await room.loaded;
    expect(room.healthy).toBe(false);
    expect(await room.unload()).toBe(false);
    expect(room.state).toBe('ready');
    expect(destroyed).toBe(0);
    healthy = true;
    expect(room.healthy).toBe(true);
    expect(await room.unload()).toBe(true);
    expect(destroyed).toBe(1);
  });
});
