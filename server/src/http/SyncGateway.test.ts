import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCode, defaultUploadLimits } from '@kohtaamo/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createApp } from '../app.js';
import type { RoomConnection } from '../room/RoomRegistry.js';
import type { SocketLike } from '../room/SocketLike.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';
import { SyncGateway } from './SyncGateway.js';

const maxMessageBytes = 4096;

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

function startGateway(keepAliveIntervalMs = 60_000): Promise<void> {
  joined = [];
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

/** Resolves with the HTTP refusal of an upgrade, or 'open'. */
function attempt(path: string): Promise<{ status: number; body: string } | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

function open(path: string, options?: { autoPong?: boolean }): Promise<WebSocket> {
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
    expect(answering.readyState).toBe(WebSocket.OPEN);
    expect(joined[1]?.left).toBe(0);
    answering.close();
  });
});
