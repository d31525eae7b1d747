import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server.js';
import {
  createClientTracker,
  uniqueRoomId,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

// Long enough that a briefly stalled test worker still answers in time.
const keepAliveIntervalMs = 1_000;

describe('keep-alive', () => {
  let server: RunningServer;
  const clients = createClientTracker();

  beforeAll(async () => {
    server = await startServer({ env: { KEEPALIVE_INTERVAL_MS: String(keepAliveIntervalMs) } });
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await server?.stop();
  });

  it('drops a peer that stops answering pings, removes its awareness, and keeps answering peers', async () => {
    const roomId = uniqueRoomId('ka');
    const watcher = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'W' } });
    const silentPings: number[] = [];
    const silent = clients.raw(`${server.wsUrl}/${roomId}`, {
      autoPong: false,
      awarenessState: { name: 'silent' },
    });
    silent.ws.on('ping', () => silentPings.push(Date.now()));
    await withTimeout(silent.synced, 15_000, 'silent client did not sync');
    await waitUntil(
      () => watcher.awareness.getStates().get(silent.doc.clientID)?.name === 'silent',
    );

    const closed = await withTimeout(
      silent.closed,
      // ~2 intervals plus a wide margin for a loaded machine.
      keepAliveIntervalMs * 2 + 15_000,
      'a peer that never answers pings was not dropped',
    );
    // The server pinged before giving up, then terminated the TCP connection:
    // a dead peer can't receive a close frame, so the client sees 1006.
    expect(silentPings.length).toBeGreaterThanOrEqual(1);
    expect(closed.code).toBe(1006);

    await waitUntil(() => !watcher.awareness.getStates().has(silent.doc.clientID), {
      timeoutMs: 5_000,
      message: "the dropped peer's awareness is still visible",
    });

    // The answering stock provider survived the same number of ping rounds.
    expect(watcher.closes).toEqual([]);
    expect(watcher.provider.wsconnected).toBe(true);
    const peer = await clients.synced(server.wsUrl, roomId);
    watcher.doc.getText('t').insert(0, 'alive');
    await waitUntil(() => peer.doc.getText('t').toString() === 'alive');
  });

  it('keeps an answering but otherwise idle connection open over many intervals', async () => {
    const roomId = uniqueRoomId('ka');
    const idle = clients.raw(`${server.wsUrl}/${roomId}`);
    const pings: number[] = [];
    idle.ws.on('ping', () => pings.push(Date.now()));
    await withTimeout(idle.synced, 15_000, 'idle client did not sync');
    // Wait for pings rather than for time: three answered rounds.
    await waitUntil(() => pings.length >= 3, {
      timeoutMs: keepAliveIntervalMs * 3 + 20_000,
      message: () => `only ${pings.length} pings arrived`,
    });
    expect(idle.isOpen()).toBe(true);
  });
});
