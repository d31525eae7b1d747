import { CloseCode } from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ManualTimers, settle } from '../testing/ManualTimers.js';
import { clientMessage, kinds } from '../testing/messages.js';
import { createScriptedStore, gate, type ScriptedStore } from '../testing/scriptedStore.js';
import { TestClient } from '../testing/TestClient.js';
import { createTestLogger } from '../testing/testLogger.js';
import { encodedStateTtlMs } from './EncodedStateCache.js';
import { Room, type RoomLimits, repairInitialDelayMs } from './Room.js';
import { type RoomRuleOptions, standardRoomRules } from './rules/roomRules.js';

const roomId = 'room-1';
const generousLimits: RoomLimits = {
  compactAfterUpdates: 1000,
  compactAfterBytes: 1024 * 1024,
  maxBufferedBytes: 1024 * 1024,
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The standard rules with a generous size limit; every record passes the schema here. */
const generousRules: RoomRuleOptions = {
  maxDocumentBytes: 1024 * 1024,
  validateRecord: () => undefined,
};

function setup(
  options: {
    limits?: Partial<RoomLimits>;
    rules?: Partial<RoomRuleOptions>;
    store?: ScriptedStore;
    now?: () => number;
  } = {},
) {
  const store = options.store ?? createScriptedStore();
  const timers = new ManualTimers();
  const logger = createTestLogger();
  const events = { idle: 0, discarded: 0 };
  const room = new Room({
    roomId,
    store,
    logger,
    timers,
    limits: { ...generousLimits, ...options.limits },
    extensions: standardRoomRules({ ...generousRules, ...options.rules }),
    ...(options.now === undefined ? {} : { now: options.now }),
    lifecycle: {
      onIdle: () => {
        events.idle += 1;
      },
      onDiscarded: () => {
        events.discarded += 1;
      },
    },
  });
  cleanups.push(() => {
    if (room.state === 'ready' && room.connectionCount > 0) {
      room.closeConnections(CloseCode.goingAway, 'test over');
    }
    if (room.state === 'ready') room.unload().catch(() => {});
  });
  return { room, store, timers, logger, events };
}

function client(): TestClient {
  const c = new TestClient();
  cleanups.push(() => c.destroy());
  return c;
}

/** Joins and completes the handshake the way the stock provider does. */
function connect(room: Room): TestClient {
  return client().handshake(room);
}

/** Makes a local edit on the client and sends it to the room like the provider would. */
function edit(room: Room, c: TestClient, change: (doc: Y.Doc) => void): Uint8Array {
  return c.edit(room, change);
}

async function storedText(store: ScriptedStore): Promise<string> {
  const stored = await store.inner.load(roomId);
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const text = doc.getText('t').toString();
  doc.destroy();
  return text;
}

describe('Room roles', () => {
  it('closes a viewer that sends an edit with 4403 and applies none of it', async () => {
    const { room, timers } = setup();
    await timers.runDeferred();
    const editor = connect(room);
    edit(room, editor, (doc) => doc.getText('t').insert(0, 'board'));
    const viewer = client();
    viewer.socket.role = 'viewer';
    viewer.doc.getText('t').insert(0, 'offline scribble ');
    room.join(viewer.socket);
    room.receive(viewer.socket, clientMessage.syncStep1(viewer.doc));
    await timers.runDeferred();
    for (const reply of viewer.drain()) room.receive(viewer.socket, reply);
    await timers.runDeferred();
    viewer.drain();
    expect(viewer.socket.closed).toBeUndefined();
    expect(viewer.doc.getText('t').toString()).toContain('board');

    edit(room, viewer, (doc) => doc.getText('t').insert(0, 'nope'));
    expect(viewer.socket.closed).toEqual({
      code: CloseCode.forbidden,
      reason: 'viewer.readOnly',
    });
    await timers.runDeferred();
    editor.drain();
    expect(editor.doc.getText('t').toString()).toBe('board');
    expect(room.encodeState()).toBeDefined();
    const state = new Y.Doc();
    Y.applyUpdate(state, room.encodeState() ?? new Uint8Array());
    expect(state.getText('t').toString()).toBe('board');
    state.destroy();
  });
});

describe('Room loading', () => {
  it('answers nobody until the stored state has loaded, then serves it', async () => {
    const store = createScriptedStore();
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'stored');
    await store.inner.append(roomId, [Y.encodeStateAsUpdate(seed)]);
    const loadGate = gate();
    store.loadGate = loadGate.promise;
    const { room } = setup({ store });

    const early = client();
    room.join(early.socket);
    room.receive(early.socket, clientMessage.syncStep1(early.doc));
    await settle();
    expect(room.state).toBe('loading');
    expect(early.socket.sent).toHaveLength(0);
    expect(room.connectionCount).toBe(1);

    loadGate.open();
    expect(await room.loaded).toBe(true);
    expect(kinds(early.socket.sent)).toEqual(['syncStep1', 'syncStep2']);
    early.drain();
    expect(early.doc.getText('t').toString()).toBe('stored');
    expect(store.calls.load).toEqual([roomId]);
  });

  it('a socket that leaves while the room loads is never served', async () => {
    const store = createScriptedStore();
    const loadGate = gate();
    store.loadGate = loadGate.promise;
    const { room, events } = setup({ store });
    const gone = client();
    room.join(gone.socket);
    room.receive(gone.socket, clientMessage.syncStep1(gone.doc));
    room.leave(gone.socket);
    loadGate.open();
    await room.loaded;
    expect(gone.socket.sent).toHaveLength(0);
    expect(room.connectionCount).toBe(0);
    expect(events.idle).toBe(1);
  });

  it('closes waiting sockets with storageUnavailable and destroys itself when load fails', async () => {
    const store = createScriptedStore();
    store.failLoad = true;
    const { room, events } = setup({ store });
    const waiting = client();
    room.join(waiting.socket);
    expect(await room.loaded).toBe(false);
    expect(waiting.socket.closed?.code).toBe(CloseCode.storageUnavailable);
    expect(waiting.socket.closed?.reason).not.toBe('');
    expect(waiting.socket.sent).toHaveLength(0);
    expect(room.state).toBe('closed');
    expect(events.discarded).toBe(1);
  });
});

describe('Room writes', () => {
  it('writes an update before broadcasting it (regression: seen-but-lost on kill -9)', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const appendGate = gate();
    store.appendGate = appendGate.promise;

    const update = edit(room, alice, (doc) => doc.getText('t').insert(0, 'hello'));
    await timers.runDeferred();
    expect(store.calls.append).toHaveLength(1);
    expect(store.calls.append[0]?.updates).toEqual([update]);
    expect(kinds(bob.socket.sent)).not.toContain('update');
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('');

    appendGate.open();
    await timers.runDeferred();
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('hello');
    expect(await storedText(store)).toBe('hello');
  });

  it('batches one turn of updates into one append and one merged broadcast', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const carol = connect(room);
    const sentBefore = {
      alice: alice.socket.sent.length,
      bob: bob.socket.sent.length,
      carol: carol.socket.sent.length,
    };

    edit(room, alice, (doc) => doc.getMap('m').set('a', 1));
    edit(room, bob, (doc) => doc.getMap('m').set('b', 2));
    edit(room, alice, (doc) => doc.getMap('m').set('c', 3));
    await timers.runDeferred();

    expect(store.calls.append).toHaveLength(1);
    expect(store.calls.append[0]?.updates).toHaveLength(3);
    expect(carol.socket.sent.length - sentBefore.carol).toBe(1);
    // Two authors: both get the merged message (each lacks the other's part).
    expect(alice.socket.sent.length - sentBefore.alice).toBe(1);
    expect(bob.socket.sent.length - sentBefore.bob).toBe(1);
    carol.drain();
    expect(carol.doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('does not echo a batch back to its only author', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const aliceBefore = alice.socket.sent.length;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'x'));
    edit(room, alice, (doc) => doc.getText('t').insert(1, 'y'));
    await timers.runDeferred();
    expect(alice.socket.sent.length).toBe(aliceBefore);
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('xy');
  });

  it('writes and broadcasts nothing for an update the document already has', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const update = edit(room, alice, (doc) => doc.getText('t').insert(0, 'once'));
    await timers.runDeferred();
    const bobBefore = bob.socket.sent.length;

    // A provider that reconnects may send again what the room already holds.
    room.receive(alice.socket, clientMessage.update(update));
    await timers.runDeferred();
    expect(store.calls.append).toHaveLength(1);
    expect(bob.socket.sent.length).toBe(bobBefore);
    expect(alice.socket.closed).toBeUndefined();
  });

  it('writes and passes on an update that waits for an item it builds on', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const first = new Y.Doc();
    cleanups.push(() => first.destroy());
    let missing: Uint8Array | undefined;
    first.once('update', (update: Uint8Array) => {
      missing = update;
    });
    first.getText('t').insert(0, 'a');
    const afterMissing = Y.encodeStateVector(first);
    first.getText('t').insert(1, 'b');
    const dependent = Y.encodeStateAsUpdate(first, afterMissing);

    room.receive(alice.socket, clientMessage.update(dependent));
    await timers.runDeferred();
    // Neither the room nor bob can show it yet, but it is kept: a crash now would not lose it.
    expect(store.calls.append).toHaveLength(1);
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('');

    if (missing === undefined) throw new Error('no update');
    room.receive(alice.socket, clientMessage.update(missing));
    await timers.runDeferred();
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('ab');
    expect(await storedText(store)).toBe('ab');
  });

  it('keeps and broadcasts what went in before Yjs refused the rest of an update', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const update = edit(room, alice, (doc) => doc.getText('t').insert(0, 'kept'));
    await timers.runDeferred();
    const source = new Y.Doc();
    cleanups.push(() => source.destroy());
    Y.applyUpdate(source, update);
    const before = Y.encodeStateVector(source);
    source.getText('t').insert(4, ' and more');
    const good = Y.encodeStateAsUpdate(source, before);
    // The items are read and integrated before the delete set, whose last byte is cut off.
    const broken = good.subarray(0, good.byteLength - 1);

    room.receive(alice.socket, clientMessage.update(broken));
    expect(alice.socket.closed?.code).toBe(CloseCode.malformedMessage);
    await timers.runDeferred();
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('kept and more');
    expect(await storedText(store)).toBe('kept and more');
  });

  it('holds the step 2 answer for a joining client until pending updates are written', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const appendGate = gate();
    store.appendGate = appendGate.promise;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'unsaved'));
    await timers.runDeferred();

    const late = client();
    room.join(late.socket);
    room.receive(late.socket, clientMessage.syncStep1(late.doc));
    await settle();
    expect(kinds(late.socket.sent)).toEqual(['syncStep1']);

    appendGate.open();
    await timers.runDeferred();
    expect(kinds(late.socket.sent)).toContain('syncStep2');
    late.drain();
    expect(late.doc.getText('t').toString()).toBe('unsaved');
  });

  it('keeps the document when an append fails, still broadcasts, and later writes a snapshot', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    store.failAppend = true;
    store.failCompact = true;

    edit(room, alice, (doc) => doc.getText('t').insert(0, 'precious'));
    await timers.runDeferred();
    expect(room.healthy).toBe(false);
    bob.drain();
    expect(bob.doc.getText('t').toString()).toBe('precious');

    // Storage still down at the first retry: nothing lost, still unhealthy.
    await timers.advance(repairInitialDelayMs);
    expect(store.calls.compact).toHaveLength(1);
    expect(room.healthy).toBe(false);

    store.failAppend = false;
    store.failCompact = false;
    await timers.advance(repairInitialDelayMs * 2);
    expect(room.healthy).toBe(true);
    expect(await storedText(store)).toBe('precious');
  });

  it('writes the snapshot as soon as an append succeeds again', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    store.failAppend = true;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'a'));
    await timers.runDeferred();
    expect(room.healthy).toBe(false);
    store.failAppend = false;
    edit(room, alice, (doc) => doc.getText('t').insert(1, 'b'));
    await timers.runDeferred();
    expect(room.healthy).toBe(true);
    expect(store.calls.compact).toHaveLength(1);
    expect(await storedText(store)).toBe('ab');
  });

  it('compacts once the log reaches the entry threshold', async () => {
    const { room, store, timers } = setup({ limits: { compactAfterUpdates: 3 } });
    await room.loaded;
    const alice = connect(room);
    for (const letter of ['a', 'b']) {
      edit(room, alice, (doc) => doc.getText('t').insert(0, letter));
      await timers.runDeferred();
    }
    expect(store.calls.compact).toHaveLength(0);
    expect(room.stats.logCount).toBe(2);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'c'));
    await timers.runDeferred();
    expect(store.calls.compact).toHaveLength(1);
    // The memory store numbers entries 1, 2, 3: the snapshot covers all three.
    expect(store.calls.compact[0]?.throughSeq).toBe(3);
    expect(room.stats.logCount).toBe(0);
    expect((await store.inner.load(roomId)).logCount).toBe(0);
    expect(await storedText(store)).toBe('cba');
  });

  it('compacts once the log passes the byte threshold', async () => {
    const { room, store, timers } = setup({ limits: { compactAfterBytes: 1000 } });
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'small'));
    await timers.runDeferred();
    expect(store.calls.compact).toHaveLength(0);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'x'.repeat(1200)));
    await timers.runDeferred();
    expect(store.calls.compact).toHaveLength(1);
    expect(room.stats.logBytes).toBe(0);
    expect(room.stats.storedBytes).toBe(store.calls.compact[0]?.snapshot.byteLength);
  });

  it('compacts a log that was already over the threshold when loaded', async () => {
    const store = createScriptedStore();
    const seed = new Y.Doc();
    const updates: Uint8Array[] = [];
    seed.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 5; i++) seed.getArray('a').push([i]);
    await store.inner.append(roomId, updates);
    const { room } = setup({ store, limits: { compactAfterUpdates: 3 } });
    await room.loaded;
    await room.flush();
    expect(store.calls.compact).toHaveLength(1);
    expect((await store.inner.load(roomId)).logCount).toBe(0);
  });
});

describe('Room joins (encoded state shared by joiners)', () => {
  /** The step 2 frames a client was sent. */
  function step2Frames(c: TestClient): Uint8Array[] {
    return c.socket.sent.filter((frame) => kinds([frame])[0] === 'syncStep2');
  }

  it('answers joiners that know nothing with one shared encoding of the whole document', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'big board'));
    await timers.runDeferred();

    const first = connect(room);
    const second = connect(room);
    const [a] = step2Frames(first);
    const [b] = step2Frames(second);
    // The same bytes object: encoded once, sent twice.
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(second.doc.getText('t').toString()).toBe('big board');
    expect(room.encodeState()).toEqual(Y.encodeStateAsUpdate(alice.doc));
  });

  it('re-encodes after a change, and an earlier joiner gets the change by broadcast', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'one'));
    await timers.runDeferred();
    const first = connect(room);

    edit(room, alice, (doc) => doc.getText('t').insert(3, ' two'));
    // The second joiner arrives before the change is even written.
    const second = connect(room);
    await timers.runDeferred();
    first.drain();
    second.drain();
    expect(step2Frames(second)[0]).not.toBe(step2Frames(first)[0]);
    expect(first.doc.getText('t').toString()).toBe('one two');
    expect(second.doc.getText('t').toString()).toBe('one two');
  });

  it('never lets a joiner miss an update applied between its encoding and its send', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const appendGate = gate();
    store.appendGate = appendGate.promise;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'held'));
    await timers.runDeferred();

    // Encoded now, sent only once "held" is written; meanwhile another update arrives.
    const late = client();
    room.join(late.socket);
    room.receive(late.socket, clientMessage.syncStep1(late.doc));
    edit(room, alice, (doc) => doc.getText('t').insert(4, ' and more'));
    await settle();
    expect(kinds(late.socket.sent)).toEqual(['syncStep1']);

    appendGate.open();
    await timers.runDeferred();
    late.drain();
    expect(late.doc.getText('t').toString()).toBe('held and more');
  });

  it('answers a client that knows some of the writers with only what it lacks', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'x'.repeat(500)));
    await timers.runDeferred();
    const whole = step2Frames(connect(room))[0] as Uint8Array;

    const returning = client();
    Y.applyUpdate(returning.doc, Y.encodeStateAsUpdate(alice.doc));
    returning.handshake(room);
    const [diff] = step2Frames(returning);
    expect(diff).toBeDefined();
    expect((diff as Uint8Array).byteLength).toBeLessThan(whole.byteLength / 10);
  });

  it('lets the encoded state go once joins stop', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'board'));
    await timers.runDeferred();
    const first = step2Frames(connect(room))[0];
    await timers.advance(encodedStateTtlMs / 2);
    // A use within the period keeps it for another period.
    expect(step2Frames(connect(room))[0]).toBe(first);
    await timers.advance(encodedStateTtlMs * 2);
    expect(timers.pendingTimers).toBe(0);
    expect(step2Frames(connect(room))[0]).not.toBe(first);
  });
});

describe('Room limits and bad clients', () => {
  it('refuses an update that would exceed the document size and closes only that socket', async () => {
    const { room, store, timers } = setup({ rules: { maxDocumentBytes: 2000 } });
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'ok'));
    await timers.runDeferred();

    edit(room, bob, (doc) => doc.getText('t').insert(0, 'y'.repeat(5000)));
    await timers.runDeferred();
    expect(bob.socket.closed?.code).toBe(CloseCode.documentTooLarge);
    expect(bob.socket.closed?.reason).toBe('document.tooLarge {"limitBytes":2000}');
    expect(alice.socket.closed).toBeUndefined();
    expect(await storedText(store)).toBe('ok');
    alice.drain();
    expect(alice.doc.getText('t').toString()).toBe('ok');

    edit(room, alice, (doc) => doc.getText('t').insert(2, '!'));
    await timers.runDeferred();
    expect(await storedText(store)).toBe('ok!');
  });

  it.each([
    ['garbage bytes', new Uint8Array([0xde, 0xad, 0xbe, 0xef])],
    ['an unknown message type', new Uint8Array([42])],
    ['a truncated update', clientMessage.update(new Uint8Array([1, 2, 3])).subarray(0, 4)],
  ])('closes only the sender of %s with malformedMessage', async (_name, data) => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    room.receive(bob.socket, data);
    expect(bob.socket.closed?.code).toBe(CloseCode.malformedMessage);
    expect(bob.socket.closed?.reason).not.toBe('');
    expect(alice.socket.closed).toBeUndefined();
    expect(room.connectionCount).toBe(1);

    edit(room, alice, (doc) => doc.getText('t').insert(0, 'still fine'));
    await timers.runDeferred();
    expect(await storedText(store)).toBe('still fine');
  });

  it('closes a slow consumer instead of buffering without bound', async () => {
    const { room, timers } = setup({ limits: { maxBufferedBytes: 1000 } });
    await room.loaded;
    const alice = connect(room);
    const slow = connect(room);
    slow.socket.bufferedAmount = 5000;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'x'));
    await timers.runDeferred();
    expect(slow.socket.closed?.code).toBe(CloseCode.goingAway);
    expect(room.connectionCount).toBe(1);
  });
});

describe('Room awareness', () => {
  it('removes a leaving client’s presence at once and tells the others', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    alice.awareness.setLocalState({ name: 'Alice' });
    room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'Alice' });

    room.leave(alice.socket);
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('sends current presence to a newcomer and answers queryAwareness', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    alice.awareness.setLocalState({ name: 'Alice' });
    room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));

    const bob = client();
    room.join(bob.socket);
    expect(kinds(bob.socket.sent)).toEqual(['syncStep1', 'awareness']);
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'Alice' });

    const before = bob.socket.sent.length;
    room.receive(bob.socket, clientMessage.queryAwareness());
    expect(kinds(bob.socket.sent.slice(before))).toEqual(['awareness']);
  });

  it('keeps the presence a client re-announced on a new socket when its old socket leaves', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const aliceAgain = connect(room);
    const bob = connect(room);
    alice.awareness.setLocalState({ name: 'Alice' });
    room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    alice.awareness.setLocalState({ name: 'Alice', reconnected: true });
    room.receive(aliceAgain.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));

    room.leave(alice.socket);
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({
      name: 'Alice',
      reconnected: true,
    });

    room.leave(aliceAgain.socket);
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('removes presence of a socket the room closed itself', async () => {
    const { room, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    alice.awareness.setLocalState({ name: 'Alice' });
    room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    room.receive(alice.socket, new Uint8Array([99]));
    await timers.runDeferred();
    bob.drain();
    expect(alice.socket.closed?.code).toBe(CloseCode.malformedMessage);
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });
});

describe('Room awareness rate limit', () => {
  const awarenessRate = { perSecond: 10, burst: 3 };

  it('closes a connection that changes presence too often, without passing the change on', async () => {
    let now = 0;
    const { room, timers } = setup({ rules: { presenceRate: awarenessRate }, now: () => now });
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    const announce = (name: string) => {
      alice.awareness.setLocalState({ name });
      room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    };
    for (const name of ['a1', 'a2', 'a3']) announce(name);
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'a3' });
    now += 100;
    announce('a4');
    await timers.runDeferred();
    bob.drain();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: 'a4' });

    announce('a5');
    await timers.runDeferred();
    bob.drain();
    expect(alice.socket.closed).toEqual({
      code: CloseCode.rateLimited,
      reason: 'rate.awareness',
    });
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    expect(bob.socket.closed).toBeUndefined();
  });

  it('lets a client echo other people’s presence for free, as the stock provider does', async () => {
    let now = 0;
    const { room, timers } = setup({ rules: { presenceRate: awarenessRate }, now: () => now });
    await room.loaded;
    const alice = connect(room);
    const bob = connect(room);
    for (let index = 0; index < 20; index++) {
      now += 100;
      alice.awareness.setLocalState({ name: `Alice ${index}` });
      room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
      await timers.runDeferred();
      bob.drain();
      // The stock provider sends every awareness change it applies back to the server.
      room.receive(bob.socket, clientMessage.awareness(bob.awareness, [alice.doc.clientID]));
      room.receive(bob.socket, clientMessage.awareness(bob.awareness, [alice.doc.clientID]));
    }
    room.leave(alice.socket);
    await timers.runDeferred();
    bob.drain();
    room.receive(bob.socket, clientMessage.awareness(bob.awareness, [alice.doc.clientID]));
    expect(bob.socket.closed).toBeUndefined();
    expect(alice.socket.closed).toBeUndefined();
  });

  it('counts nothing without a configured rate', async () => {
    const { room } = setup();
    await room.loaded;
    const alice = connect(room);
    for (let index = 0; index < 100; index++) {
      alice.awareness.setLocalState({ index });
      room.receive(alice.socket, clientMessage.awareness(alice.awareness, [alice.doc.clientID]));
    }
    expect(alice.socket.closed).toBeUndefined();
  });
});

describe('Room unload', () => {
  it('flushes, compacts and destroys itself', async () => {
    const { room, store, timers, events } = setup();
    await room.loaded;
    const alice = connect(room);
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'bye'));
    const idleBefore = events.idle;
    room.leave(alice.socket);
    expect(events.idle).toBe(idleBefore + 1);
    const unloading = room.unload();
    await timers.runDeferred();
    expect(await unloading).toBe(true);
    expect(room.state).toBe('closed');
    const stored = await store.inner.load(roomId);
    expect(stored.logCount).toBe(0);
    expect(await storedText(store)).toBe('bye');
  });

  it('stays loaded and dirty when storage refuses the final snapshot', async () => {
    const { room, store, timers } = setup();
    await room.loaded;
    const alice = connect(room);
    store.failAppend = true;
    store.failCompact = true;
    edit(room, alice, (doc) => doc.getText('t').insert(0, 'keep me'));
    room.leave(alice.socket);
    const unloading = room.unload();
    await timers.runDeferred();
    expect(await unloading).toBe(false);
    expect(room.state).toBe('ready');
    expect(room.healthy).toBe(false);

    store.failAppend = false;
    store.failCompact = false;
    expect(await room.unload()).toBe(true);
    expect(await storedText(store)).toBe('keep me');
  });
});
