import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { CloseCode, defaultUploadLimits, MessageType } from '@kohtaamo/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createApp } from '../app.js';
import type { RoomConnection } from '../room/RoomRegistry.js';
import type { SocketLike } from '../room/SocketLike.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';
import {
  connectionRetryAfterSeconds,
  SyncGateway,
  type SyncGatewayOptions,
} from './SyncGateway.js';

const maxMessageBytes = 4096;

/** Far above what any test here sends, unless a test lowers one. */
const generousLimits: Pick<SyncGatewayOptions, 'connectionCaps' | 'rateLimits' | 'trustedProxies'> =
  {
    connectionCaps: { maxPerAddress: 1000, maxPerRoom: 1000 },
    rateLimits: {
      updatesPerSecond: 1000,
      updatesBurst: 1000,
      awarenessPerSecond: 1000,
      awarenessBurst: 1000,
      bytesPerSecond: 1024 * 1024,
      bytesBurst: 1024 * 1024,
    },
    trustedProxies: 0,
  };

/** The test's clock for the rate limits (ms); only the test moves it. */
let clock = 0;

interface Joined {
  readonly roomId: string;
  readonly socket: SocketLike;
  readonly received: Uint8Array[];
  left: number;
}

let server: Server;
let gateway: SyncGateway;
let port: number;
let joined: Joined[];

function startGateway(
  keepAliveIntervalMs = 60_000,
  limits: Partial<SyncGatewayOptions> = {},
): Promise<void> {
  joined = [];
  clock = 0;
  const app = createApp({
    store: { ping: async () => {} },
    rooms: { healthy: true, roomCount: 0, connectionCount: 0 },
    documents: { readDocument: async () => [] },
    uploads: new MemoryUploadStore(),
    uploadLimits: defaultUploadLimits,
    logger: createTestLogger(),
  });
  gateway = new SyncGateway({
    fetch: app.fetch,
    rooms: {
      connect(roomId, socket): RoomConnection {
        const entry: Joined = { roomId, socket, received: [], left: 0 };
        joined.push(entry);
        return {
          receive: (message) => entry.received.push(message),
          leave: () => {
            entry.left += 1;
          },
        };
      },
    },
    logger: createTestLogger(),
    maxMessageBytes,
    keepAliveIntervalMs,
    ...generousLimits,
    now: () => clock,
    ...limits,
  });
  server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  gateway.attach(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
}

async function stopGateway(): Promise<void> {
  gateway.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

interface Refusal {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | undefined;
}

/** Resolves with the HTTP refusal of an upgrade, or 'open'. */
function attempt(path: string, headers?: Record<string, string>): Promise<Refusal | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          retryAfter: res.headers['retry-after'] as string | undefined,
        }),
      );
    });
    ws.on('error', reject);
  });
}

function open(
  path: string,
  options?: { autoPong?: boolean; headers?: Record<string, string> },
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, options);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('SyncGateway', () => {
  beforeEach(() => startGateway());
  afterEach(() => stopGateway());

  it('refuses a bad room id with 400 JSON and no upgrade', async () => {
    const result = await attempt('/sync/x!');
    expect(result).not.toBe('open');
    if (result === 'open') return;
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body).error.code).toBe('invalid_room_id');
    expect(joined).toHaveLength(0);
  });

  it('answers upgrades outside /sync/ with 404', async () => {
    const result = await attempt('/elsewhere');
    expect(result).not.toBe('open');
    if (result === 'open') return;
    expect(result.status).toBe(404);
    expect(JSON.parse(result.body).error.code).toBe('not_found');
  });

  it('hands an accepted socket to its room and forwards binary frames', async () => {
    const ws = await open('/sync/room-42?token=ignored');
    ws.send(new Uint8Array([0, 1, 2]));
    await until(() => joined[0]?.received.length === 1);
    expect(joined[0]?.roomId).toBe('room-42');
    expect([...(joined[0]?.received[0] ?? [])]).toEqual([0, 1, 2]);
    const done = closed(ws);
    ws.close();
    await done;
    await until(() => joined[0]?.left === 1);
  });

  it('closes a socket that sends text with unsupportedData', async () => {
    const ws = await open('/sync/room-42');
    const done = closed(ws);
    ws.send('hello');
    const { code, reason } = await done;
    expect(code).toBe(CloseCode.unsupportedData);
    expect(reason).not.toBe('');
    expect(joined[0]?.received).toHaveLength(0);
    expect(joined[0]?.left).toBeGreaterThanOrEqual(1);
  });

  it('closes an oversize frame with 1009 and a reason, without delivering it', async () => {
    const ws = await open('/sync/room-42');
    const done = closed(ws);
    ws.send(new Uint8Array(maxMessageBytes + 1));
    const { code, reason } = await done;
    expect(code).toBe(CloseCode.messageTooBig);
    expect(reason).toMatch(/size limit/);
    expect(joined[0]?.received).toHaveLength(0);
  });

  it('lets the room close a socket with its own code and a reason cut to 123 bytes', async () => {
    const ws = await open('/sync/room-42');
    await until(() => joined.length === 1);
    const done = closed(ws);
    joined[0]?.socket.close(CloseCode.malformedMessage, 'x'.repeat(500));
    const { code, reason } = await done;
    expect(code).toBe(CloseCode.malformedMessage);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });

  it('refuses upgrades with 503 once closed', async () => {
    gateway.close();
    const result = await attempt('/sync/room-42');
    expect(result).not.toBe('open');
    if (result === 'open') return;
    expect(result.status).toBe(503);
  });
});

describe('SyncGateway keep-alive', () => {
  beforeEach(() => startGateway(200));
  afterEach(() => stopGateway());

  it('terminates a socket that stops answering pings and leaves its room', async () => {
    const silent = await open('/sync/room-42', { autoPong: false });
    const answering = await open('/sync/room-42');
    const done = closed(silent);
    const { code } = await done;
    expect(code).toBe(1006);
    await until(() => joined[0]?.left === 1);
    await until(() => gateway.connections.total === 1);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    expect(joined[1]?.left).toBe(0);
    answering.close();
  });
});

function refusalCode(result: Refusal | 'open'): string {
  if (result === 'open') return 'open';
  expect(result.status).toBe(429);
  expect(result.retryAfter).toBe(String(connectionRetryAfterSeconds));
  return (JSON.parse(result.body) as { error: { code: string } }).error.code;
}

async function closeAndWait(ws: WebSocket): Promise<void> {
  const done = closed(ws);
  ws.close();
  await done;
}

describe('SyncGateway connection caps', () => {
  beforeEach(() => startGateway(60_000, { connectionCaps: { maxPerAddress: 3, maxPerRoom: 2 } }));
  afterEach(() => stopGateway());

  it('answers the upgrade past the per-address cap with 429 JSON, and takes it once a slot frees', async () => {
    const sockets = [
      await open('/sync/room-a'),
      await open('/sync/room-a'),
      await open('/sync/room-b'),
    ];
    expect(refusalCode(await attempt('/sync/room-c'))).toBe('too_many_connections');
    expect(joined).toHaveLength(3);
    expect(gateway.connections.countForAddress('127.0.0.1')).toBe(3);
    await closeAndWait(sockets[2] as WebSocket);
    await until(() => gateway.connections.countForAddress('127.0.0.1') === 2);
    expect(await attempt('/sync/room-c')).toBe('open');
    for (const ws of sockets) ws.close();
  });

  it('answers the upgrade past the per-room cap with 429 JSON; other rooms still accept', async () => {
    const first = await open('/sync/room-a');
    const second = await open('/sync/room-a');
    expect(refusalCode(await attempt('/sync/room-a'))).toBe('room_full');
    expect(gateway.connections.countForRoom('room-a')).toBe(2);
    expect(await attempt('/sync/room-b')).toBe('open');
    await closeAndWait(first);
    await until(() => gateway.connections.countForRoom('room-a') === 1);
    expect(await attempt('/sync/room-a')).toBe('open');
    second.close();
  });

  it('frees the slot however the socket ends', async () => {
    const ends: [string, (ws: WebSocket, index: number) => void][] = [
      ['client close', (ws) => ws.close()],
      ['client hang-up without a close frame', (ws) => ws.terminate()],
      ['close by the room', (_ws, index) => joined[index]?.socket.close(4400, 'test')],
      ['text frame', (ws) => ws.send('text')],
    ];
    for (const [name, end] of ends) {
      const ws = await open('/sync/room-a');
      await until(() => joined.length > 0 && gateway.connections.total === 1);
      end(ws, joined.length - 1);
      const deadline = Date.now() + 2000;
      while (gateway.connections.total > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(gateway.connections.total, name).toBe(0);
    }
    expect(gateway.connections.addressCount).toBe(0);
    expect(gateway.connections.roomCount).toBe(0);
  });

  it('frees the slot when ws itself aborts the handshake after the app accepted it', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const tcp = connect(port, '127.0.0.1', () => {
        // An upgrade without Sec-WebSocket-Key: routed and accepted, then refused by ws.
        tcp.write(
          'GET /sync/room-a HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
        );
      });
      let text = '';
      tcp.on('data', (chunk) => {
        text += chunk.toString();
      });
      tcp.on('close', () => resolve(text));
      tcp.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toMatch(/Sec-WebSocket-Key/);
    await until(() => gateway.connections.total === 0);
    expect(joined).toHaveLength(0);
  });
});

describe('SyncGateway client address', () => {
  afterEach(() => stopGateway());

  it('counts by the proxy-appended X-Forwarded-For entry when one proxy is trusted', async () => {
    await startGateway(60_000, {
      connectionCaps: { maxPerAddress: 1, maxPerRoom: 10 },
      trustedProxies: 1,
    });
    const forwarded = (address: string) => ({ 'X-Forwarded-For': address });
    const first = await open('/sync/room-a', { headers: forwarded('198.51.100.1') });
    const second = await open('/sync/room-a', { headers: forwarded('198.51.100.2') });
    // A client-written entry on the left changes nothing.
    const spoofed = await attempt('/sync/room-a', forwarded('203.0.113.9, 198.51.100.1'));
    expect(refusalCode(spoofed)).toBe('too_many_connections');
    expect(gateway.connections.countForAddress('198.51.100.1')).toBe(1);
    expect(gateway.connections.countForAddress('127.0.0.1')).toBe(0);
    first.close();
    second.close();
  });

  it('ignores X-Forwarded-For unless proxies are trusted', async () => {
    await startGateway(60_000, { connectionCaps: { maxPerAddress: 1, maxPerRoom: 10 } });
    const first = await open('/sync/room-a', { headers: { 'X-Forwarded-For': '198.51.100.1' } });
    const second = await attempt('/sync/room-a', { 'X-Forwarded-For': '198.51.100.2' });
    expect(refusalCode(second)).toBe('too_many_connections');
    first.close();
  });
});

const updateFrame = (index: number) => new Uint8Array([MessageType.sync, 2, 2, 0, index & 0x7f]);
const awarenessFrame = new Uint8Array([MessageType.awareness, 1, 0]);

describe('SyncGateway rate limits', () => {
  beforeEach(() =>
    startGateway(60_000, {
      rateLimits: {
        ...generousLimits.rateLimits,
        updatesPerSecond: 10,
        updatesBurst: 5,
        awarenessPerSecond: 10,
        awarenessBurst: 3,
      },
    }),
  );
  afterEach(() => stopGateway());

  it('closes a flooder with 4429 and passes on only what its budget allowed; its neighbour carries on', async () => {
    const flooder = await open('/sync/room-1');
    const neighbour = await open('/sync/room-1');
    await until(() => joined.length === 2);
    const done = closed(flooder);
    for (let index = 0; index < 50; index++) flooder.send(updateFrame(index));
    const { code, reason } = await done;
    expect(code).toBe(CloseCode.rateLimited);
    expect(reason).toMatch(/too many messages \(updates\)/);
    expect(joined[0]?.received).toHaveLength(5);
    expect(joined[0]?.left).toBeGreaterThanOrEqual(1);

    neighbour.send(updateFrame(1));
    await until(() => joined[1]?.received.length === 1);
    expect(neighbour.readyState).toBe(WebSocket.OPEN);
    expect(joined[1]?.left).toBe(0);
    await until(() => gateway.connections.total === 1);
    neighbour.close();
  });

  it('never closes a sender that keeps to the rate, bursts included', async () => {
    const ws = await open('/sync/room-1');
    await until(() => joined.length === 1);
    for (let index = 0; index < 5; index++) ws.send(updateFrame(index));
    await until(() => joined[0]?.received.length === 5);
    for (let index = 5; index < 25; index++) {
      clock += 100;
      ws.send(updateFrame(index));
      await until(() => joined[0]?.received.length === index + 1);
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(joined[0]?.left).toBe(0);
    ws.close();
  });

  it('charges an awareness frame its share of the room, so echoes in a full room pass', async () => {
    const sockets = [
      await open('/sync/room-1'),
      await open('/sync/room-1'),
      await open('/sync/room-1'),
    ];
    await until(() => joined.length === 3);
    const [echoing] = sockets;
    // Three connections: each frame costs a third, so the burst of 3 covers 8 frames.
    for (let index = 0; index < 8; index++) echoing?.send(awarenessFrame);
    await until(() => joined[0]?.received.length === 8);
    expect(echoing?.readyState).toBe(WebSocket.OPEN);
    for (const ws of sockets) ws.close();
  });

  it('keeps awareness and document budgets apart', async () => {
    const ws = await open('/sync/room-1');
    await until(() => joined.length === 1);
    const done = closed(ws);
    for (let index = 0; index < 5; index++) ws.send(updateFrame(index));
    for (let index = 0; index < 3; index++) ws.send(awarenessFrame);
    await until(() => joined[0]?.received.length === 8);
    ws.send(awarenessFrame);
    const { code, reason } = await done;
    expect(code).toBe(CloseCode.rateLimited);
    expect(reason).toMatch(/awareness/);
    expect(joined[0]?.received).toHaveLength(8);
  });
});
