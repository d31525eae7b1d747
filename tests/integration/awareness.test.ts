import { MessageType } from '@kohtaamo/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server.js';
import {
  createClientTracker,
  type ProviderClient,
  uniqueRoomId,
  waitUntil,
} from '../helpers/yjsClients.js';

/**
 * The awareness protocol's own timeout is 30 s; the server must remove a
 * vanished client's state as soon as its socket closes. 5 s is a behaviour
 * bound far below that timeout, not a speed benchmark.
 */
const promptRemovalMs = 5_000;

function peerState(observer: ProviderClient, peer: { doc: { clientID: number } }) {
  return observer.awareness.getStates().get(peer.doc.clientID);
}

describe('awareness', () => {
  let server: RunningServer;
  const clients = createClientTracker();

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => clients.closeAll());

  async function readyConnections(): Promise<number> {
    const response = await fetch(`${server.url}/ready`);
    const body = (await response.json()) as { connections?: unknown };
    if (typeof body.connections !== 'number')
      throw new Error('GET /ready reports no connection count');
    return body.connections;
  }
  afterAll(async () => {
    await server?.stop();
  });

  it('shows a client the awareness state of the others, including later changes', async () => {
    const roomId = uniqueRoomId('aw');
    const alice = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Alice' } });
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });

    await waitUntil(() => peerState(bob, alice)?.name === 'Alice', {
      message: 'bob never saw alice (joined before him)',
    });
    await waitUntil(() => peerState(alice, bob)?.name === 'Bob', {
      message: 'alice never saw bob (joined after her)',
    });

    alice.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    await waitUntil(() => peerState(bob, alice)?.cursor?.x === 10);
    expect(peerState(bob, alice)).toEqual({ name: 'Alice', cursor: { x: 10, y: 20 } });
  });

  it('removes an abruptly disconnected client (TCP reset, no goodbye) for everyone at once', async () => {
    const roomId = uniqueRoomId('aw');
    const alice = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Alice' } });
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });
    const carol = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Carol' } });
    await waitUntil(
      () => peerState(bob, alice) !== undefined && peerState(carol, alice) !== undefined,
    );

    alice.terminate();

    await waitUntil(() => peerState(bob, alice) === undefined, {
      timeoutMs: promptRemovalMs,
      message: "bob still sees alice's awareness after her socket was destroyed",
    });
    await waitUntil(() => peerState(carol, alice) === undefined, {
      timeoutMs: promptRemovalMs,
      message: "carol still sees alice's awareness after her socket was destroyed",
    });
    // Only alice went away.
    expect(peerState(bob, carol)?.name).toBe('Carol');
    expect(peerState(carol, bob)?.name).toBe('Bob');
  });

  it('removes a client that closes its socket cleanly without clearing its awareness', async () => {
    const roomId = uniqueRoomId('aw');
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });
    const raw = clients.raw(`${server.wsUrl}/${roomId}`, { awarenessState: { name: 'Raw' } });
    await raw.synced;
    await waitUntil(() => bob.awareness.getStates().get(raw.doc.clientID)?.name === 'Raw', {
      message: 'bob never saw the raw client',
    });

    raw.close();

    await waitUntil(() => !bob.awareness.getStates().has(raw.doc.clientID), {
      timeoutMs: promptRemovalMs,
      message: "bob still sees the raw client's awareness after it closed",
    });
    expect(bob.provider.wsconnected).toBe(true);
  });

  it('removes a destroyed stock provider', async () => {
    const roomId = uniqueRoomId('aw');
    const alice = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Alice' } });
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });
    await waitUntil(() => peerState(bob, alice) !== undefined);

    alice.destroy();

    await waitUntil(() => peerState(bob, alice) === undefined, {
      timeoutMs: promptRemovalMs,
      message: "bob still sees alice's awareness after provider.destroy()",
    });
  });

  it('answers a query-awareness message with the states of everyone present', async () => {
    const roomId = uniqueRoomId('aw');
    const alice = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Alice' } });
    const raw = clients.raw(`${server.wsUrl}/${roomId}`);
    await raw.synced;
    await waitUntil(() => raw.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice');
    // Forget alice locally (state and clock) so only an answer can bring her back.
    raw.awareness.getStates().delete(alice.doc.clientID);
    raw.awareness.meta.delete(alice.doc.clientID);

    raw.send(new Uint8Array([MessageType.queryAwareness]));

    await waitUntil(() => raw.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice', {
      message: 'no awareness answer to the query',
    });
    expect(raw.isOpen()).toBe(true);
  });

  it('gives a late joiner the awareness of everyone already present', async () => {
    const roomId = uniqueRoomId('aw');
    const alice = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Alice' } });
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });
    await waitUntil(() => peerState(alice, bob) !== undefined);

    const late = await clients.synced(server.wsUrl, roomId);
    await waitUntil(
      () => peerState(late, alice)?.name === 'Alice' && peerState(late, bob)?.name === 'Bob',
      { message: () => `late joiner sees ${JSON.stringify([...late.awareness.getStates()])}` },
    );
  });
  it('keeps the presence of a client that reconnected before its old socket was dropped', async () => {
    // Half-open connection (laptop lid, network change): the client has
    // already reconnected and re-announced itself when the server finally
    // drops the old socket. Only the states the old socket still owns may go.
    const roomId = uniqueRoomId('aw');
    const bob = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'Bob' } });
    const clientId = 424_242;
    const oldSocket = clients.raw(`${server.wsUrl}/${roomId}`, {
      clientId,
      awarenessState: { name: 'Alice' },
    });
    await oldSocket.synced;
    await waitUntil(() => bob.awareness.getStates().get(clientId)?.name === 'Alice');

    // Same client id; its awareness clock is ahead of the old socket's (a
    // reconnecting client should tick it, see y-websocket#122).
    const newSocket = clients.raw(`${server.wsUrl}/${roomId}`, {
      clientId,
      awarenessState: { name: 'Alice' },
    });
    newSocket.awareness.setLocalState({ name: 'Alice', reconnected: true });
    await newSocket.synced;
    await waitUntil(() => bob.awareness.getStates().get(clientId)?.reconnected === true, {
      message: "bob never saw the new socket's awareness",
    });
    const connectionsBefore = await readyConnections();

    oldSocket.terminate();

    await waitUntil(async () => (await readyConnections()) === connectionsBefore - 1, {
      message: 'the server did not notice the old socket closing',
    });
    // Whatever the server broadcast on that close reaches bob before this update.
    const carol = await clients.synced(server.wsUrl, roomId);
    carol.doc.getText('probe').insert(0, 'after close');
    await waitUntil(() => bob.doc.getText('probe').toString() === 'after close');
    expect(bob.awareness.getStates().get(clientId)).toEqual({ name: 'Alice', reconnected: true });
  });
});
