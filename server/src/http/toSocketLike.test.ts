import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { SocketLike } from '../room/SocketLike.js';
import { FrameCache } from './FrameCache.js';
import { toSocketLike } from './toSocketLike.js';

interface Pair {
  readonly server: SocketLike;
  readonly serverWs: WebSocket;
  readonly client: WebSocket;
}

let httpServer: Server | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  httpServer?.closeAllConnections();
  await new Promise((resolve) => httpServer?.close(resolve) ?? resolve(undefined));
  httpServer = undefined;
});

/** A real `ws` server socket wrapped by toSocketLike, and a `ws` client connected to it. */
async function connectPair(frames = new FrameCache()): Promise<Pair> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = createServer();
  httpServer = server;
  const accepted = new Promise<Omit<Pair, 'client'>>((resolve) => {
    server.on('upgrade', (request, raw: Duplex, head) => {
      wss.handleUpgrade(request, raw, head, (ws) => {
        resolve({ server: toSocketLike(ws, raw, frames), serverWs: ws });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  clients.push(client);
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  return { ...(await accepted), client };
}

function payload(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);
}

describe('toSocketLike', () => {
  it('delivers messages of every frame length form intact, in order with ws’s own frames', async () => {
    const { server, serverWs, client } = await connectPair();
    // 7-bit, 16-bit and 64-bit payload lengths, and the edges between them.
    const lengths = [0, 1, 125, 126, 65_535, 65_536, 200_000];
    const events: string[] = [];
    const received: Uint8Array[] = [];
    client.on('ping', () => events.push('ping'));
    client.on('message', (data: Buffer, isBinary) => {
      events.push(isBinary ? 'binary' : 'text');
      received.push(new Uint8Array(data));
    });
    const closed = new Promise<[number, string]>((resolve) => {
      client.on('close', (code, reason) => resolve([code, reason.toString()]));
    });

    lengths.forEach((length, index) => {
      server.send(payload(length, index));
      if (index === 2) serverWs.ping();
    });
    server.close(4000, 'done');

    expect(await closed).toEqual([4000, 'done']);
    expect(events).toEqual([
      'binary',
      'binary',
      'binary',
      'ping',
      ...lengths.slice(3).map(() => 'binary'),
    ]);
    expect(received.map((message) => message.byteLength)).toEqual(lengths);
    received.forEach((message, index) => {
      expect(message).toEqual(payload(lengths[index] ?? 0, index));
    });
  });

  it('sends nothing once the socket is closing', async () => {
    const { server, client } = await connectPair();
    const received: unknown[] = [];
    client.on('message', (data) => received.push(data));
    const closed = new Promise<number>((resolve) => client.on('close', resolve));
    server.close(4001, 'bye');
    expect(() => server.send(new Uint8Array([1, 2, 3]))).not.toThrow();
    expect(await closed).toBe(4001);
    expect(received).toEqual([]);
  });

  it('counts frames it wrote in bufferedAmount until the kernel takes them', async () => {
    const { server, client } = await connectPair();
    client.pause();
    const large = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 32; i += 1) server.send(large);
    expect(server.bufferedAmount).toBeGreaterThan(0);
    client.resume();
  });
});
