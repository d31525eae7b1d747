import './testSetup';
import {
  CloseCode,
  decodeControlFrame,
  encodeControlFrame,
  facilitationKeys,
  facilitationMapName,
  getMetaMap,
  MessageType,
  participantIdFromKey,
  readRecords,
  schemaMetaKey,
  templateShapeType,
} from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import { AssetRecordType, createShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { BoardSession, type BoardSessionOptions, type LocalPersistence } from './BoardSession';
import type { NetworkStatusSource } from './ConnectionMonitor';
import { createTestPeer, testRectangle } from './testHarness';
import { FakeWebSocket, SocketRelay } from './testWebSocket';

class FakeNetwork extends EventTarget implements NetworkStatusSource {
  readonly navigator = { onLine: true };
}

function deferredPersistence() {
  let resolve = () => {};
  const whenSynced = new Promise<void>((r) => {
    resolve = r;
  });
  const persistence: LocalPersistence & { destroyed: boolean } = {
    whenSynced,
    destroyed: false,
    destroy() {
      persistence.destroyed = true;
    },
  };
  return { persistence, resolve };
}

const ainoKey = 'QWlub0Fpbm9BaW5vQWlub0Fpbm9BaW5vQWlub0FpbmE';
const user = { id: participantIdFromKey(ainoKey), key: ainoKey, name: 'Aino', color: '#1a7f5a' };
let network: FakeNetwork;
const sessions: BoardSession[] = [];

function open(options: Partial<BoardSessionOptions> = {}): BoardSession {
  const session = new BoardSession({
    roomId: 'room-1',
    user,
    locale: 'fi',
    serverUrl: 'ws://kohtaamo.test/sync',
    network,
    WebSocketImpl: FakeWebSocket as unknown as typeof WebSocket,
    ...options,
  });
  sessions.push(session);
  return session;
}

/** A board as a browser stored it: the default page plus one rectangle. */
function savedBoard(edit: (doc: Y.Doc) => void = () => {}): Uint8Array {
  const peer = createTestPeer();
  peer.binding.start();
  peer.store.put([testRectangle(peer.store, savedShapeId)]);
  peer.binding.flush();
  peer.binding.dispose();
  edit(peer.doc);
  return Y.encodeStateAsUpdate(peer.doc);
}

const savedShapeId = createShapeId('saved');

/** Local persistence that has loaded `update` (as y-indexeddb does) once `whenSynced` resolves. */
function persistenceWith(update: Uint8Array): NonNullable<BoardSessionOptions['openPersistence']> {
  return (_name, doc) => {
    Y.applyUpdate(doc, update, 'indexeddb');
    return { whenSynced: Promise.resolve(), destroy() {} };
  };
}

/** Applies every awareness message the client sent on `socket` to `server`. */
function deliverAwareness(socket: FakeWebSocket | undefined, server: Awareness): void {
  for (const message of socket?.sent ?? []) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.awareness) continue;
    applyAwarenessUpdate(server, decoding.readVarUint8Array(decoder), 'client');
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  FakeWebSocket.instances = [];
  network = new FakeNetwork();
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  vi.useRealTimers();
});

describe('BoardSession', () => {
  it('connects to the room URL on the sync path', () => {
    open();
    expect(FakeWebSocket.instances[0]?.url).toMatch(/^ws:\/\/kohtaamo\.test\/sync\/room-1\?/);
  });

  it('stays loading until local data is loaded and the server sync has completed', async () => {
    const { persistence, resolve } = deferredPersistence();
    const session = open({ openPersistence: () => persistence });
    FakeWebSocket.instances[0]?.serverOpens();
    expect(session.connection.$state.get()).toBe('connected');

    session.provider.synced = true;
    await settle();
    expect(session.$storeWithStatus.get().status).toBe('loading');

    resolve();
    await settle();
    const status = session.$storeWithStatus.get();
    expect(status).toMatchObject({ status: 'synced-remote', connectionStatus: 'online' });
    expect(session.store.query.records('page').get()).toHaveLength(1);
  });

  it('does not start from an empty board while merely connected but not yet synced', async () => {
    const session = open();
    FakeWebSocket.instances[0]?.serverOpens();
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(session.$storeWithStatus.get().status).toBe('loading');
  });

  it('starts with local data once the server has been unreachable for a while', async () => {
    const session = open();
    FakeWebSocket.instances[0]?.serverCloses(1006);
    await settle();
    expect(session.$storeWithStatus.get().status).toBe('loading');
    vi.advanceTimersByTime(5_000);
    await settle();
    expect(session.connection.$state.get()).toBe('offline');
    expect(session.$storeWithStatus.get()).toMatchObject({
      status: 'synced-remote',
      connectionStatus: 'offline',
    });
  });

  it('shows a board with local content as soon as local persistence has loaded (bug: waited ~5 s for "offline")', async () => {
    const session = open({ openPersistence: persistenceWith(savedBoard()) });
    await settle();
    expect(session.connection.$state.get()).toBe('connecting');
    expect(session.$storeWithStatus.get()).toMatchObject({
      status: 'synced-remote',
      connectionStatus: 'offline',
    });
    expect(session.store.get(savedShapeId)).toBeDefined();
    expect(session.store.query.records('page').get()).toHaveLength(1);
  });

  it('merges what the server sends into a board started from the local copy', async () => {
    const saved = savedBoard();
    const session = open({ openPersistence: persistenceWith(saved) });
    await settle();
    const serverCopy = new Y.Doc();
    Y.applyUpdate(serverCopy, saved);
    const other = createTestPeer(undefined, serverCopy);
    other.binding.start();
    const id = createShapeId('from-server');
    other.store.put([testRectangle(other.store, id)]);
    other.binding.flush();
    Y.applyUpdate(session.doc, Y.encodeStateAsUpdate(serverCopy), session.provider);
    // Remote changes reach the store once per animation frame (jsdom's, or the fallback timer).
    vi.advanceTimersByTime(100);
    expect(session.store.get(id)).toBeDefined();
    expect(session.store.get(savedShapeId)).toBeDefined();
  });

  it('turns read-only when the server later delivers a newer schema to a board started from the local copy', async () => {
    const session = open({ openPersistence: persistenceWith(savedBoard()) });
    await settle();
    expect(session.$readOnlyReason.get()).toBeNull();
    const newer = session.store.schema.serialize();
    session.doc.transact(() => {
      getMetaMap(session.doc).set(schemaMetaKey, {
        ...newer,
        sequences: { ...newer.sequences, 'com.tldraw.page': 99 },
      });
    }, session.provider);
    expect(session.$readOnlyReason.get()).toBe('outdated');
  });

  it('waits for the server when local persistence holds nothing for the board', async () => {
    const session = open({ openPersistence: persistenceWith(Y.encodeStateAsUpdate(new Y.Doc())) });
    await settle();
    vi.advanceTimersByTime(1_000);
    await settle();
    expect(session.$storeWithStatus.get().status).toBe('loading');
  });

  it('waits for the server when the local copy has an older schema, so migration sees the whole board', async () => {
    const older = savedBoard((doc) => {
      const schema = getMetaMap(doc).get(schemaMetaKey) as { sequences: Record<string, number> };
      getMetaMap(doc).set(schemaMetaKey, {
        ...schema,
        sequences: { ...schema.sequences, 'com.tldraw.page': 0 },
      });
    });
    const session = open({ openPersistence: persistenceWith(older) });
    await settle();
    vi.advanceTimersByTime(1_000);
    await settle();
    expect(session.$storeWithStatus.get().status).toBe('loading');
  });

  it('re-announces the local presence on reconnect, so others see the user at once (y-websocket #122)', async () => {
    const session = open();
    const clientId = session.doc.clientID;
    // As once presence has been published (clock 0 alone is never applied by a receiver).
    session.awareness.setLocalStateField('presence', { userName: 'Aino' });
    const server = new Awareness(new Y.Doc());
    server.setLocalState(null);
    FakeWebSocket.instances[0]?.serverOpens();
    deliverAwareness(FakeWebSocket.instances[0], server);
    expect(server.getStates().has(clientId)).toBe(true);

    // The connection drops: the server forgets the client's state at once, keeping its clock.
    removeAwarenessStates(server, [clientId], 'left');
    FakeWebSocket.instances[0]?.serverCloses(1006);
    vi.advanceTimersByTime(1_000);
    const second = FakeWebSocket.instances[1];
    second?.serverOpens();
    await settle();
    deliverAwareness(second, server);
    expect(server.getStates().has(clientId)).toBe(true);
  });

  it('sends only its own presence changes, not the others’ it received from the server', async () => {
    const session = open();
    const socket = FakeWebSocket.instances[0];
    socket?.serverOpens();
    await settle();
    const sentAwarenessIds = () => {
      const server = new Awareness(new Y.Doc());
      server.setLocalState(null);
      deliverAwareness(socket, server);
      return [...server.getStates().keys()];
    };

    // Someone else's presence arrives from the server, as the provider applies it.
    const other = new Awareness(new Y.Doc());
    other.setLocalStateField('presence', { userName: 'Bertta' });
    applyAwarenessUpdate(
      session.awareness,
      encodeAwarenessUpdate(other, [other.clientID]),
      session.provider,
    );
    expect(session.awareness.getStates().has(other.clientID)).toBe(true);
    expect(sentAwarenessIds()).not.toContain(other.clientID);

    session.awareness.setLocalStateField('presence', { userName: 'Aino' });
    expect(sentAwarenessIds()).toEqual([session.doc.clientID]);
  });

  it("sends the link's token and the participant key with the connection, and no token for a bare room id", () => {
    open({ token: 'a.b-c_d.e' });
    expect(FakeWebSocket.instances[0]?.url).toBe(
      `ws://kohtaamo.test/sync/room-1?t=a.b-c_d.e&k=${ainoKey}&ctl=1`,
    );
    open({ roomId: 'room-2' });
    expect(FakeWebSocket.instances[1]?.url).toBe(
      `ws://kohtaamo.test/sync/room-2?k=${ainoKey}&ctl=1`,
    );
  });

  it('announces that it reads control frames, and answers a request through the control channel', async () => {
    const session = open();
    const socket = FakeWebSocket.instances[0];
    expect(socket?.url).toContain('ctl=1');
    socket?.serverOpens();
    const result = session.control.request({ type: 'timer.stop' });
    const frame = socket?.sent.at(-1);
    const request = frame ? decodeControlFrame(frame) : undefined;
    expect(request?.ok && request.value).toMatchObject({ action: { type: 'timer.stop' } });
    const id = request?.ok ? (request.value as { id: number }).id : -1;
    const answer = encodeControlFrame({ type: 'refused', id, code: 'timer.idle' });
    socket?.onmessage?.({ data: answer.slice().buffer });
    await expect(result).resolves.toEqual({ ok: false, code: 'timer.idle' });
    session.doc.getMap(facilitationMapName).set('follow', {
      status: 'on',
      userId: 'user:f',
      startedAt: 1,
    });
    expect(session.facilitation.$follow.get().status).toBe('on');
  });

  it('never puts the participant key into the document or the presence', async () => {
    const session = open({ openPersistence: persistenceWith(savedBoard()) });
    FakeWebSocket.instances[0]?.serverOpens();
    await settle();
    session.awareness.setLocalStateField('presence', { userName: 'Aino' });
    const everything = JSON.stringify([
      session.doc.toJSON(),
      [...session.awareness.getStates().values()],
      session.store.allRecords(),
    ]);
    expect(everything).not.toContain(ainoKey);
  });

  it('drops the local copy, which holds the refused change, when the server refuses an edit (4422)', async () => {
    const cleared = vi.fn(async () => {});
    const session = open({
      openPersistence: () => ({ whenSynced: Promise.resolve(), destroy() {}, clearData: cleared }),
    });
    FakeWebSocket.instances[0]?.serverOpens();
    await settle();
    expect(cleared).not.toHaveBeenCalled();
    FakeWebSocket.instances[0]?.serverCloses(CloseCode.editRejected);
    await session.dropLocalCopy();
    expect(cleared).toHaveBeenCalledTimes(1);
    expect(session.$readOnlyReason.get()).toBe('fatal');
    vi.advanceTimersByTime(30_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('keeps the local copy when the server closes for other reasons', async () => {
    const cleared = vi.fn(async () => {});
    open({
      openPersistence: () => ({ whenSynced: Promise.resolve(), destroy() {}, clearData: cleared }),
    });
    FakeWebSocket.instances[0]?.serverOpens();
    FakeWebSocket.instances[0]?.serverCloses(CloseCode.documentTooLarge);
    await settle();
    expect(cleared).not.toHaveBeenCalled();
  });

  it('stops reconnecting after a revoked link (4401) and opens read-only', async () => {
    const session = open({ token: 'revoked' });
    FakeWebSocket.instances[0]?.serverOpens();
    FakeWebSocket.instances[0]?.serverCloses(CloseCode.unauthorized);
    await settle();
    vi.advanceTimersByTime(30_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(session.$readOnlyReason.get()).toBe('fatal');
  });

  it('as a viewer is read-only and sends no document update, even for local changes', async () => {
    const session = open({ token: 'viewer', viewOnly: true });
    const socket = FakeWebSocket.instances[0];
    socket?.serverOpens();
    const sentBefore = socket?.sent.length ?? 0;
    expect(session.$readOnlyReason.get()).toBe('viewer');
    session.doc.getMap('stray').set('key', 'value');
    await settle();
    vi.advanceTimersByTime(1000);
    // Message type 0 (sync) with sub-type 2 (update) is a document write.
    const updates = (socket?.sent ?? [])
      .slice(sentBefore)
      .filter((message) => message[0] === 0 && message[1] === 2);
    expect(updates).toEqual([]);
  });

  it('stops reconnecting and turns read-only when the server says the board is too large', async () => {
    const session = open();
    FakeWebSocket.instances[0]?.serverOpens();
    FakeWebSocket.instances[0]?.serverCloses(CloseCode.documentTooLarge);
    await settle();
    vi.advanceTimersByTime(30_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(session.connection.$fatalClose.get()?.code).toBe(CloseCode.documentTooLarge);
    expect(session.$readOnlyReason.get()).toBe('fatal');
    expect(session.$storeWithStatus.get().status).toBe('synced-remote');
  });

  it('keeps offline edits on the device and shows them in the next session', async () => {
    vi.useRealTimers();
    network.navigator.onLine = false;
    const openIdb = (name: string, doc: ConstructorParameters<typeof IndexeddbPersistence>[1]) =>
      new IndexeddbPersistence(name, doc);
    const first = open({ roomId: 'offline-room', openPersistence: openIdb });
    await vi.waitFor(() => expect(first.$storeWithStatus.get().status).toBe('synced-remote'));
    const id = createShapeId('offline');
    first.store.put([testRectangle(first.store, id)]);
    first.destroy();
    await new Promise((r) => setTimeout(r, 50));

    const second = open({ roomId: 'offline-room', openPersistence: openIdb });
    await vi.waitFor(() => expect(second.$storeWithStatus.get().status).toBe('synced-remote'));
    expect(second.store.get(id)).toBeDefined();
  });

  it("uploads files through the store's asset store to the room, in the user's current language", async () => {
    const posted: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      posted.push(String(input));
      return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'no' } }), {
        status: 403,
      });
    }) as typeof globalThis.fetch;
    const session = open({ fetch, httpBaseUrl: 'http://kohtaamo.test' });
    session.updateUser(user, 'en');
    const file = new File([new Uint8Array([1])], 'a.png', { type: 'image/png' });
    const asset = AssetRecordType.create({
      id: AssetRecordType.createId('a'),
      type: 'image',
      props: { name: 'a.png', src: '', w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
    });

    await expect(session.store.props.assets.upload(asset, file)).rejects.toThrow(
      'You are not allowed to add files to this board.',
    );
    expect(posted).toEqual(['http://kohtaamo.test/api/rooms/room-1/uploads']);
  });

  describe('private rounds', () => {
    const privateRoundOn = {
      status: 'on',
      roundId: 'round-1',
      startedAt: 1,
      anonymous: false,
      history: [],
    } as const;

    /** A session whose board has synced and started; the round starts from the server. */
    async function startedSession(options: Partial<BoardSessionOptions> = {}) {
      const session = open(options);
      const board = new SocketRelay(FakeWebSocket.instances[0] as FakeWebSocket, new Y.Doc());
      board.open();
      await settle();
      expect(session.$storeWithStatus.get().status).toBe('synced-remote');
      return { session, serverBoard: board.doc, boardRelay: board };
    }

    it('opens a second, private socket once a round is on: the same sync URL with doc=private and no ctl', async () => {
      const { serverBoard } = await startedSession({ token: 'a.b-c_d.e', role: 'participant' });
      expect(FakeWebSocket.instances).toHaveLength(1);
      serverBoard.getMap(facilitationMapName).set(facilitationKeys.privateMode, privateRoundOn);
      expect(FakeWebSocket.instances).toHaveLength(2);
      expect(FakeWebSocket.instances[1]?.url).toBe(
        `ws://kohtaamo.test/sync/room-1?t=a.b-c_d.e&k=${ainoKey}&doc=private`,
      );
    });

    it('never opens a private socket for a viewer', async () => {
      const { session, serverBoard } = await startedSession({
        token: 'viewer',
        viewOnly: true,
        role: 'viewer',
      });
      serverBoard.getMap(facilitationMapName).set(facilitationKeys.privateMode, privateRoundOn);
      await settle();
      expect(session.privateNotes).toBeNull();
      expect(FakeWebSocket.instances).toHaveLength(1);
    });

    it("sends a participant's note of the round to the private document, stamped as a guest's, and keeps the board's template on the board", async () => {
      const { session, serverBoard, boardRelay } = await startedSession({ role: 'participant' });
      const editor = createTemplateTestEditor({ store: session.store, userId: user.id });
      const detach = session.attachEditor(editor);
      serverBoard.getMap(facilitationMapName).set(facilitationKeys.privateMode, privateRoundOn);
      const serverPrivate = new Y.Doc();
      const privateRelay = new SocketRelay(
        FakeWebSocket.instances[1] as FakeWebSocket,
        serverPrivate,
      );
      privateRelay.open();
      const note = createShapeId('round-note');
      const box = createShapeId('round-box');
      const template = createShapeId('round-template');
      editor.createShapes([
        { id: note, type: 'note' },
        { id: box, type: 'geo', x: 300 },
        { id: template, type: templateShapeType, x: 900 },
      ]);
      vi.advanceTimersByTime(100);
      boardRelay.pump();
      privateRelay.pump();
      const own = { authorId: user.id, authorName: user.id };
      const onBoard = readRecords(serverBoard).records;
      const inPrivate = readRecords(serverPrivate).records;
      expect(inPrivate.get(note)?.meta).toEqual(own);
      expect(inPrivate.get(box)?.meta).toEqual(own);
      expect(onBoard.has(note)).toBe(false);
      expect(onBoard.has(box)).toBe(false);
      expect(onBoard.has(template)).toBe(true);
      expect(inPrivate.has(template)).toBe(false);
      // The private document holds nothing but the round's content.
      expect(new Set([...inPrivate.values()].map((record) => record.typeName))).toEqual(
        new Set(['shape']),
      );
      detach();
      editor.dispose();
    });
  });

  it('releases the connection, awareness, persistence and doc on destroy', async () => {
    const { persistence } = deferredPersistence();
    const session = open({ openPersistence: () => persistence });
    FakeWebSocket.instances[0]?.serverOpens();
    const destroyed = vi.fn();
    session.doc.on('destroy', destroyed);
    session.destroy();
    expect(session.provider.shouldConnect).toBe(false);
    expect(session.provider.ws).toBeNull();
    expect(session.awareness.getStates().size).toBe(0);
    expect(destroyed).toHaveBeenCalled();
    await settle();
    expect(persistence.destroyed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
