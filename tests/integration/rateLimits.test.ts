import { CloseCode } from '@kohtaamo/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { parseLogLines, type RunningServer, startServer } from '../helpers/server.js';
import {
  createClientTracker,
  encodeSyncUpdate,
  type ProviderClient,
  type RawClient,
  uniqueRoomId,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

const updatesPerSecond = 20;
const updatesBurst = 40;

/** A document update from a client of its own, so each one applies without the others. */
function independentUpdate(index: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('flood').set(`item-${index}`, index);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encodeSyncUpdate(update);
}

function isConnected(client: ProviderClient): boolean {
  return client.provider.wsconnected && client.closes.length === 0;
}

describe('per-connection rate limits', () => {
  const clients = createClientTracker();
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      env: {
        RATE_LIMIT_UPDATES_PER_SECOND: String(updatesPerSecond),
        RATE_LIMIT_UPDATES_BURST: String(updatesBurst),
        RATE_LIMIT_AWARENESS_PER_SECOND: '20',
        RATE_LIMIT_AWARENESS_BURST: '30',
      },
    });
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.stop());

  it('rate limit closes the flooder only', async () => {
    const room = uniqueRoomId('flood');
    const otherRoom = uniqueRoomId('calm');
    const writer = await clients.synced(server.wsUrl, room);
    const reader = await clients.synced(server.wsUrl, room);
    const elsewhere = await clients.synced(server.wsUrl, otherRoom);
    const elsewhereReader = await clients.synced(server.wsUrl, otherRoom);

    const flooder = clients.raw(`${server.wsUrl}/${room}`, { handshake: false });
    await flooder.opened;
    const frames = Array.from({ length: 400 }, (_, index) => independentUpdate(index));
    const started = performance.now();
    for (const frame of frames) flooder.send(frame);
    const close = await withTimeout(flooder.closed, 10_000, 'the flooder was not closed');
    const elapsedMs = performance.now() - started;
    expect(close.code).toBe(CloseCode.rateLimited);
    expect(close.reason).toMatch(/too many messages/);

    // Whatever the room took from the flood reached the reader before this later write.
    writer.doc.getText('t').insert(0, 'after the flood');
    await waitUntil(() => reader.doc.getText('t').toString() === 'after the flood');
    const allowed = updatesBurst + Math.ceil((updatesPerSecond * elapsedMs) / 1000);
    const seen = reader.doc.getMap('flood').size;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThanOrEqual(allowed);
    expect(seen).toBeLessThan(frames.length);
    // The room holds exactly what the reader saw: nothing more slipped in after the close.
    const late = await clients.synced(server.wsUrl, room);
    expect(late.doc.getMap('flood').size).toBe(seen);

    // The well-behaved clients, in the room and elsewhere, never noticed.
    reader.doc.getText('t').insert(0, 'still syncing, ');
    await waitUntil(() => writer.doc.getText('t').toString() === 'still syncing, after the flood');
    elsewhere.doc.getText('t').insert(0, 'other room');
    await waitUntil(() => elsewhereReader.doc.getText('t').toString() === 'other room');
    for (const client of [writer, reader, elsewhere, elsewhereReader]) {
      expect(isConnected(client)).toBe(true);
    }
    const warnings = parseLogLines(server.logs).filter(
      (line) => line.msg === 'closing socket: rate limit' && line.roomId === room,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.budget).toBe('updates');
  });

  it('closes an awareness flooder and drops its presence at once; the room keeps its presence', async () => {
    const room = uniqueRoomId('presence');
    const watcher = await clients.synced(server.wsUrl, room, {
      awarenessState: { name: 'watcher' },
    });
    const flooder = clients.raw(`${server.wsUrl}/${room}`, { awarenessState: { name: 'flood' } });
    await flooder.synced;
    const flooderId = flooder.doc.clientID;
    await waitUntil(() => watcher.awareness.getStates().has(flooderId));
    for (let index = 0; index < 200; index++)
      flooder.awareness.setLocalState({ name: `f${index}` });
    const close = await withTimeout(flooder.closed, 10_000, 'the flooder was not closed');
    expect(close.code).toBe(CloseCode.rateLimited);
    expect(close.reason).toMatch(/awareness/);
    await waitUntil(() => !watcher.awareness.getStates().has(flooderId), {
      message: 'the flooder’s presence outlived its connection',
    });

    const newcomer = await clients.synced(server.wsUrl, room);
    await waitUntil(
      () => newcomer.awareness.getStates().get(watcher.doc.clientID)?.name === 'watcher',
    );
    expect(isConnected(watcher)).toBe(true);
  });

  it('never closes stock providers that echo each other’s presence in a busy room', async () => {
    const room = uniqueRoomId('busy');
    const members = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        clients.synced(server.wsUrl, room, { awarenessState: { name: `member ${index}` } }),
      ),
    );
    // Everyone moves at 15 presence updates/s for 2 s. Each provider sends its own 15/s plus an
    // echo of everyone else's: 90 frames/s against an awareness budget of 20/s.
    for (let tick = 0; tick < 30; tick++) {
      for (const [index, member] of members.entries()) {
        member.awareness.setLocalState({ name: `member ${index}`, tick });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 / 15));
    }
    await waitUntil(() =>
      members.every((member) =>
        members.every((other) => member.awareness.getStates().get(other.doc.clientID)?.tick === 29),
      ),
    );
    for (const member of members) expect(member.closes).toEqual([]);
    expect(members.every(isConnected)).toBe(true);
  });
});

interface Refusal {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string;
  readonly code: string;
}

/** An upgrade the server must answer with an HTTP error: its status, headers and error code. */
function refusal(url: string): Promise<Refusal> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  return withTimeout(
    new Promise<Refusal>((resolve, reject) => {
      ws.once('open', () => {
        ws.terminate();
        reject(new Error(`upgrade to ${url} succeeded; expected a refusal`));
      });
      ws.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            error: { code: string };
          };
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            retryAfter: String(response.headers['retry-after'] ?? ''),
            code: body.error.code,
          });
          ws.terminate();
        });
      });
    }),
    10_000,
    `no answer to the upgrade of ${url}`,
  );
}

describe('connection caps', () => {
  const clients = createClientTracker();
  const servers: RunningServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServer({ env });
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    clients.closeAll();
    await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
  });

  /** Opens a socket once the server has noticed that an earlier one closed. */
  async function openWhenFree(url: string): Promise<RawClient> {
    let client: RawClient | undefined;
    await waitUntil(
      async () => {
        const attempt = clients.raw(url, { handshake: false });
        try {
          await attempt.opened;
          client = attempt;
          return true;
        } catch {
          return false;
        }
      },
      { message: `${url} never accepted a connection again` },
    );
    if (client === undefined) throw new Error('unreachable');
    return client;
  }

  it('refuses the upgrade past MAX_CONNECTIONS_PER_IP with 429 JSON, and frees the slot on close', async () => {
    const server = await start({ MAX_CONNECTIONS_PER_IP: '4', MAX_CONNECTIONS_PER_ROOM: '3' });
    const [roomA, roomB, roomC] = [uniqueRoomId('ip'), uniqueRoomId('ip'), uniqueRoomId('ip')];
    const open = [roomA, roomA, roomB, roomB].map((room) =>
      clients.raw(`${server.wsUrl}/${room}`, { handshake: false }),
    );
    await Promise.all(open.map((client) => client.opened));

    const refused = await refusal(`${server.wsUrl}/${roomC}`);
    expect(refused).toEqual({
      status: 429,
      contentType: 'application/json',
      retryAfter: '10',
      code: 'too_many_connections',
    });

    // An abrupt hang-up frees its slot as well as a close handshake does.
    open[0]?.terminate();
    const again = await openWhenFree(`${server.wsUrl}/${roomC}`);
    expect(again.isOpen()).toBe(true);
    expect((await refusal(`${server.wsUrl}/${roomC}`)).code).toBe('too_many_connections');
    open[1]?.close();
    await openWhenFree(`${server.wsUrl}/${roomC}`);
  });

  it('refuses the upgrade past MAX_CONNECTIONS_PER_ROOM with 429 JSON while other rooms accept', async () => {
    const server = await start({ MAX_CONNECTIONS_PER_IP: '10', MAX_CONNECTIONS_PER_ROOM: '3' });
    const full = uniqueRoomId('full');
    const members = [
      await clients.synced(server.wsUrl, full),
      await clients.synced(server.wsUrl, full),
      await clients.synced(server.wsUrl, full),
    ];
    const refused = await refusal(`${server.wsUrl}/${full}`);
    expect(refused).toMatchObject({ status: 429, retryAfter: '10', code: 'room_full' });

    const elsewhere = await clients.synced(server.wsUrl, uniqueRoomId('free'));
    expect(isConnected(elsewhere)).toBe(true);

    members[0]?.destroy();
    await openWhenFree(`${server.wsUrl}/${full}`);
    members[1]?.doc.getText('t').insert(0, 'the room still works');
    await waitUntil(() => members[2]?.doc.getText('t').toString() === 'the room still works');
  });
});
