import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceOf } from '../helpers/hostileAttacks.js';
import { boardParams, boardQueryString, newParticipant } from '../helpers/participants.js';
import { createRoom } from '../helpers/rooms.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { createClientTracker, waitUntil, withTimeout } from '../helpers/yjsClients.js';

/**
 * Found by the fuzz chaos test (chaosFuzz.test.ts): the stock y-websocket
 * provider sends every presence change it hears back to the server, and the
 * gateway's per-socket awareness budget (MessageRateLimiter, 1/n of a
 * message per awareness frame) charges those echoes. Each new connection
 * brings a fresh burst of presence changes, so clients that stay within
 * their own limits but keep reconnecting get an honest client in the same
 * room closed with 4429. Fixed by giving a connection back one frame of
 * awareness budget for each awareness frame the server sends it
 * (`MessageRateLimiter.echoed`).
 */
describe('chaos: presence changes of reconnecting clients', () => {
  let server: RunningServer;
  const clients = createClientTracker();

  beforeAll(async () => {
    server = await startServer({
      env: {
        TOKEN_SECRET: 'chaos-presence-secret-of-at-least-32-bytes',
        MAX_CONNECTIONS_PER_IP: '1000',
      },
    });
  });
  afterAll(async () => {
    clients.closeAll();
    await server?.stop();
  });

  it('never closes an honest stock provider that only echoes them', async () => {
    const room = await createRoom(server.url, 'Läsnäolo');
    const honestPerson = newParticipant();
    const honest = await clients.synced(server.wsUrl, room.roomId, {
      params: boardParams(room, 'participant', honestPerson),
      awarenessState: presenceOf(honestPerson),
    });
    // Ten visitors, one after another, each moving its cursor 100 times:
    // within the per-socket presence burst (120), so none of them is closed.
    for (let visitor = 0; visitor < 10; visitor++) {
      const who = newParticipant();
      const raw = clients.raw(
        `${server.wsUrl}/${room.roomId}${boardQueryString(room, 'participant', who)}`,
        { awarenessState: presenceOf(who) },
      );
      await withTimeout(raw.synced, 10_000, `visitor ${visitor} did not sync`);
      for (let tick = 1; tick <= 100; tick++) raw.awareness.setLocalState(presenceOf(who, tick));
      await waitUntil(
        () =>
          (honest.awareness.getStates().get(raw.doc.clientID) as { presence?: { tick?: number } })
            ?.presence?.tick === 100 || honest.closes.length > 0,
        { message: `visitor ${visitor}'s last move did not arrive` },
      );
      expect(raw.isOpen()).toBe(true);
      raw.close();
    }
    expect(honest.closes).toEqual([]);
  });
});
