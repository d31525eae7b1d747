import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type RunningServer, startServer } from '../helpers/server.js';
import { createClientTracker, uniqueRoomId, waitUntil } from '../helpers/yjsClients.js';

describe('sync between stock y-websocket providers', () => {
  let server: RunningServer;
  const clients = createClientTracker();

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await server?.stop();
  });

  it('converges text and map edits made on both sides, and a late joiner gets the full state', async () => {
    const roomId = uniqueRoomId('sync');
    const alice = await clients.synced(server.wsUrl, roomId);
    const bob = await clients.synced(server.wsUrl, roomId);

    alice.doc.getText('notes').insert(0, 'hello');
    alice.doc.getMap('shapes').set('a', { x: 1, y: 2 });
    await waitUntil(() => bob.doc.getText('notes').toString() === 'hello', {
      message: () => `bob sees "${bob.doc.getText('notes').toString()}"`,
    });

    bob.doc.getText('notes').insert(5, ' world');
    bob.doc.getMap('shapes').set('b', { x: 3, y: 4 });
    bob.doc.getMap('shapes').delete('a');
    await waitUntil(() => alice.doc.getText('notes').toString() === 'hello world', {
      message: () => `alice sees "${alice.doc.getText('notes').toString()}"`,
    });
    await waitUntil(() => !alice.doc.getMap('shapes').has('a'));

    // Concurrent edits on both sides converge to the same state.
    alice.doc.getText('notes').insert(0, '> ');
    bob.doc.getText('notes').insert(11, '!');
    await waitUntil(
      () => alice.doc.getText('notes').toString() === bob.doc.getText('notes').toString(),
      { message: 'text did not converge' },
    );
    expect(alice.doc.getText('notes').toString()).toBe('> hello world!');
    expect(alice.doc.getMap('shapes').toJSON()).toEqual({ b: { x: 3, y: 4 } });
    expect(bob.doc.getMap('shapes').toJSON()).toEqual({ b: { x: 3, y: 4 } });

    const carol = await clients.synced(server.wsUrl, roomId);
    // The first sync already carries everything, not just a part.
    expect(carol.doc.getText('notes').toString()).toBe('> hello world!');
    expect(carol.doc.getMap('shapes').toJSON()).toEqual({ b: { x: 3, y: 4 } });
    expect(Y.encodeStateVector(carol.doc)).toEqual(Y.encodeStateVector(alice.doc));
  });

  it('sends a late joiner its offline edits back to the others', async () => {
    const roomId = uniqueRoomId('offline');
    const alice = await clients.synced(server.wsUrl, roomId);
    alice.doc.getArray<number>('items').push([1, 2]);

    const offline = new Y.Doc();
    offline.getArray<number>('items').push([3]);
    const bob = await clients.synced(server.wsUrl, roomId, { doc: offline });

    await waitUntil(() => alice.doc.getArray('items').length === 3, {
      message: () => `alice has ${JSON.stringify(alice.doc.getArray('items').toJSON())}`,
    });
    await waitUntil(() => bob.doc.getArray('items').length === 3);
    expect(alice.doc.getArray('items').toJSON()).toEqual(bob.doc.getArray('items').toJSON());
  });

  it('keeps rooms apart', async () => {
    const first = await clients.synced(server.wsUrl, uniqueRoomId('apart'));
    const second = await clients.synced(server.wsUrl, uniqueRoomId('apart'));
    const firstPeer = await clients.synced(server.wsUrl, first.provider.roomname);

    first.doc.getText('t').insert(0, 'only here');
    await waitUntil(() => firstPeer.doc.getText('t').toString() === 'only here');
    // The peer in the same room has it, so the server has broadcast it; a
    // fresh client of the other room must still see nothing.
    const secondPeer = await clients.synced(server.wsUrl, second.provider.roomname);
    expect(secondPeer.doc.getText('t').toString()).toBe('');
    expect(second.doc.getText('t').toString()).toBe('');
  });
});
