import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, type RoomId, syncPath } from '@kohtaamo/shared';
import { type RawData, WebSocket, WebSocketServer, type Server as WsServer } from 'ws';
import type { LinkSessions } from '../auth/LinkSessions.js';
import {
  type ForwardAuth,
  forwardedForHeader,
  forwardSignatureHeader,
} from '../cluster/forwardAuth.js';
import type { RoomRoute } from '../cluster/RoomOwnership.js';
import type { SharedAddressCounts } from '../cluster/SharedAddressCounts.js';
import {
  type ConnectionCaps,
  type ConnectionCounts,
  ConnectionLimiter,
} from '../limits/ConnectionLimiter.js';
import { clientAddress } from '../limits/clientAddress.js';
import { MessageRateLimiter, type MessageRateLimits } from '../limits/MessageRateLimiter.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/Metrics.js';
import type { RoomConnection } from '../room/RoomRegistry.js';
import type { SocketLike } from '../room/SocketLike.js';
import { FrameCache } from './FrameCache.js';
import { SyncWebSocket } from './SyncWebSocket.js';
import type { AppBindings, SocketAccess } from './syncUpgrade.js';
import { toSocketLike } from './toSocketLike.js';

/** Dependencies of a {@link SyncGateway}. */
export interface SyncGatewayOptions {
  /** The Hono app's `fetch`; it decides whether an upgrade request is accepted. */
  readonly fetch: (request: Request, env: AppBindings) => Response | Promise<Response>;
  /** Where accepted sockets go. */
  readonly rooms: { connect(roomId: string, socket: SocketLike): RoomConnection };
  readonly logger: Logger;
  /** Largest frame accepted; `ws` closes the socket with 1009 above it without buffering it. */
  readonly maxMessageBytes: number;
  /** Ping interval; a socket that has not answered the previous ping is terminated. */
  readonly keepAliveIntervalMs: number;
  /** Open sockets per client address and per room; an upgrade over either gets 429. */
  readonly connectionCaps: ConnectionCaps;
  /** Per-socket message budgets; a socket over one is closed with `rateLimited`. */
  readonly rateLimits: MessageRateLimits;
  /** Reverse proxies in front of the server, for the client address (see `clientAddress`). */
  readonly trustedProxies: number;
  /** Monotonic clock (ms) for the rate limits; `performance.now()` unless a test drives time. */
  readonly now?: () => number;
  /** Where token-holding sockets are registered by link, so a revoked link can be closed. */
  readonly sessions?: LinkSessions | undefined;
  /**
   * A cluster: where each room's sockets go (`RoomOwnership.route`), and the
   * shared secret of forwarded sockets. Without it every room is served here.
   */
  readonly cluster?: ClusterRouting | undefined;
  /** Counts sockets by role and the frames and bytes through them (`GET /metrics`). */
  readonly metrics?: Pick<Metrics, 'traffic' | 'connectionOpened'> | undefined;
  /**
   * A forwarded client with more than this many bytes waiting to be sent is
   * closed as too slow (the owner's own check sees only the relay, which reads fast).
   */
  readonly maxBufferedBytes?: number | undefined;
}

/** What the gateway needs of a cluster. */
export interface ClusterRouting {
  route(roomId: string, forwarded: boolean): Promise<RoomRoute>;
  readonly forwardAuth: ForwardAuth;
  /** The per-address cap counted over every instance; without it each instance counts its own. */
  readonly addressCounts?: Pick<SharedAddressCounts, 'admit' | 'update'> | undefined;
}

/** How long a forwarding instance waits for the owner to accept a socket. */
const forwardHandshakeTimeoutMs = 5000;

/** `Retry-After` of a 429: a slot frees when someone leaves, which no one can predict. */
export const connectionRetryAfterSeconds = 10;

const capRefusals = {
  address: {
    code: 'too_many_connections',
    message: 'too many open connections from this address',
  },
  room: { code: 'room_full', message: 'this board has as many connections as it allows' },
} as const;

/**
 * Owns the HTTP `upgrade` event. `@hono/node-ws` cannot pass `maxPayload`
 * to its `ws` server, so this adapter keeps Hono for the decision (route,
 * room id validation, JSON errors) and hands accepted sockets to a `ws`
 * server built with our limits. Refusals are written to the raw socket as
 * plain HTTP responses before any upgrade happens.
 *
 * Abuse limits live here, at the edge, so a refused message never reaches a
 * room: connection caps are checked just before the upgrade, and every
 * frame is charged to its socket's token buckets before the room sees it
 * (a few comparisons and one clock read per frame, no timers). Only how
 * often a socket changes presence is the room's to limit, because only the
 * room can tell a change from an echo (`presenceRateRule`).
 */
export class SyncGateway {
  readonly #options: SyncGatewayOptions;
  readonly #wss: WsServer<typeof SyncWebSocket>;
  /** Sockets that answered the last ping (or connected since). */
  readonly #answered = new WeakSet<SyncWebSocket>();
  readonly #keepAlive: ReturnType<typeof setInterval>;
  readonly #connections: ConnectionLimiter;
  readonly #now: () => number;
  readonly #frames = new FrameCache();
  #closed = false;

  constructor(options: SyncGatewayOptions) {
    this.#options = options;
    this.#connections = new ConnectionLimiter(options.connectionCaps);
    this.#now = options.now ?? (() => performance.now());
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      // Yjs updates compress moderately; a zlib context per socket costs more memory and CPU than it
      // saves here. Rooms' messages are also written as ready-made frames (see toSocketLike), which
      // is only in order with ws's own frames while ws compresses nothing.
      perMessageDeflate: false,
      WebSocket: SyncWebSocket,
    });
    this.#keepAlive = setInterval(() => this.#sweep(), options.keepAliveIntervalMs);
    this.#keepAlive.unref();
  }

  /** Number of open WebSockets. */
  get socketCount(): number {
    return this.#wss.clients.size;
  }

  /** Sockets counted against the caps, by client address and room (upgrades in progress included). */
  get connections(): ConnectionCounts {
    return this.#connections;
  }

  /** Takes over `server`'s `upgrade` event. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.handleUpgrade(request, socket, head);
    });
  }

  /** Decides on one upgrade request and completes or refuses it. Never rejects. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (error) => {
      this.#options.logger.debug({ err: error }, 'upgrade socket error');
      socket.destroy();
    });
    try {
      if (this.#closed) {
        writeJsonResponse(socket, 503, 'shutting_down', 'server is shutting down');
        return;
      }
      const url = new URL(request.url ?? '/', 'http://upgrade.invalid');
      if (!url.pathname.startsWith(`${syncPath}/`)) {
        writeJsonResponse(socket, 404, 'not_found', `no WebSocket endpoint at ${url.pathname}`);
        return;
      }
      // A socket another instance of the cluster forwarded: the client's address is in a signed header.
      const forwarded = this.#forwardedAddress(request, url);
      let accepted: RoomId | undefined;
      let access = { kind: 'allowed' } as SocketAccess;
      const response = await this.#options.fetch(toRequest(request, url), {
        syncUpgrade: {
          accept: (roomId, decided) => {
            accepted = roomId;
            if (decided !== undefined) access = decided;
          },
        },
      });
      if (accepted === undefined) {
        await writeResponse(socket, response);
        return;
      }
      if (socket.destroyed || this.#closed) {
        socket.destroy();
        return;
      }
      const roomId = accepted;
      const address =
        forwarded ??
        clientAddress(
          request.socket.remoteAddress,
          headerValue(request.headers['x-forwarded-for']),
          this.#options.trustedProxies,
        );
      const { cluster } = this.#options;
      const route: RoomRoute =
        cluster === undefined || access.kind === 'refused'
          ? { kind: 'local' }
          : await cluster.route(roomId, forwarded !== undefined);
      if (route.kind === 'unavailable') {
        this.#options.logger.warn(
          { roomId, reason: route.reason },
          'upgrade refused: room unavailable',
        );
        writeJsonResponse(socket, 503, 'room_unavailable', route.reason, { 'Retry-After': '1' });
        return;
      }
      if (socket.destroyed || this.#closed) {
        socket.destroy();
        return;
      }
      // A forwarded socket's address was counted where the client's connection ends.
      const slot = this.#connections.acquire(forwarded === undefined ? address : undefined, roomId);
      if (!slot.ok) {
        this.#refuseFull(socket, address, roomId, slot.full);
        return;
      }
      const shared = forwarded === undefined ? cluster?.addressCounts : undefined;
      // Every end of the socket (close handshake, terminate, error, shutdown, or a handshake
      // that ws aborts) ends in the raw socket's 'close', so the slot is freed exactly then.
      socket.once('close', () => {
        slot.lease.release();
        shared?.update(address, this.#connections.countForAddress(address));
      });
      if (shared !== undefined) {
        const admission = await shared.admit(address, this.#connections.countForAddress(address));
        if (admission.kind === 'full') {
          slot.lease.release();
          this.#refuseFull(socket, address, roomId, 'address');
          return;
        }
      }
      const decided = access;
      if (route.kind === 'forward' && cluster !== undefined && decided.kind === 'allowed') {
        const target = { address: route.owner.address, path: `${url.pathname}${url.search}` };
        await this.#forward(request, socket, head, roomId, address, decided, target, cluster);
        return;
      }
      if (socket.destroyed || this.#closed) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        if (decided.kind === 'refused') {
          // Upgraded only to say why: closed before it joins the room or receives a byte.
          this.#options.logger.info(
            { roomId, address, code: decided.closeCode, reason: decided.reason },
            'websocket refused: token',
          );
          ws.close(decided.closeCode, decided.reason);
          return;
        }
        this.#onConnection(ws, socket, roomId, address, decided);
      });
    } catch (error) {
      // The path only: the query may carry a capability token, which must not reach the logs.
      const path = (request.url ?? '/').split('?')[0];
      this.#options.logger.error({ err: error, path }, 'upgrade failed');
      writeJsonResponse(socket, 500, 'internal_error', 'internal server error');
    }
  }

  #refuseFull(socket: Duplex, address: string, roomId: string, full: 'address' | 'room'): void {
    this.#options.logger.warn({ address, roomId, full }, 'upgrade refused: cap');
    const { code, message } = capRefusals[full];
    writeJsonResponse(socket, 429, code, message, {
      'Retry-After': String(connectionRetryAfterSeconds),
    });
  }

  /** Stops keep-alive and refuses further upgrades. Open sockets are the registry's to close. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#keepAlive);
    this.#wss.close();
  }

  #onConnection(
    ws: SyncWebSocket,
    raw: Duplex,
    roomId: RoomId,
    address: string,
    access: Extract<SocketAccess, { kind: 'allowed' }>,
  ): void {
    const logger = this.#options.logger;
    const now = this.#now;
    const connections = this.#connections;
    const budget = new MessageRateLimiter(this.#options.rateLimits, now(), () =>
      connections.countForRoom(roomId),
    );
    const { metrics } = this.#options;
    const socket = toSocketLike(ws, raw, this.#frames, access, metrics?.traffic, (bytes) =>
      budget.echoed(bytes, now()),
    );
    const counted = metrics?.connectionOpened(access.role ?? 'open', access.scope ?? 'board');
    this.#answered.add(ws);
    ws.on('pong', () => this.#answered.add(ws));
    ws.on('error', (error) => logger.debug({ err: error, roomId }, 'websocket error'));
    const connection = this.#options.rooms.connect(roomId, socket);
    const { sessions } = this.#options;
    const unregister =
      sessions === undefined || access.linkId === undefined
        ? () => {}
        : sessions.register(roomId, access.linkId, socket, 'the invitation link was revoked');
    ws.on('close', () => {
      counted?.();
      unregister();
      connection.leave();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // ws still delivers frames that arrive after a close was sent; nobody wants them.
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!isBinary) {
        connection.leave();
        socket.close(CloseCode.unsupportedData, 'binary frames only');
        return;
      }
      const frame = toFrame(data);
      if (metrics !== undefined) {
        metrics.traffic.framesIn += 1;
        metrics.traffic.bytesIn += frame.byteLength;
      }
      const exceeded = budget.admit(frame, now());
      if (exceeded !== undefined) {
        connection.leave();
        logger.warn({ roomId, address, budget: exceeded }, 'closing socket: rate limit');
        socket.close(CloseCode.rateLimited, `too many messages (${exceeded}); slow down`);
        return;
      }
      // A copy with its own exact-size buffer: ws may hand out views of pooled memory.
      connection.receive(new Uint8Array(frame));
    });
  }

  /**
   * Pipes a client's socket to the instance that owns its room, frame for
   * frame, so the client cannot tell: the owner checks the token again,
   * runs the room and applies the limits; this end only relays. The owner
   * is connected first, and the client upgraded only once it accepted, so
   * the owner's refusal (a full room, a board moving away) reaches the
   * client as the same HTTP answer a lone server gives. Afterwards the
   * client is closed with the owner's close code, or `serviceRestart` when
   * the owner went away, so it reconnects at once, to whoever owns the
   * room next.
   */
  async #forward(
    request: IncomingMessage,
    raw: Duplex,
    head: Buffer,
    roomId: RoomId,
    address: string,
    access: Extract<SocketAccess, { kind: 'allowed' }>,
    target: { readonly address: string; readonly path: string },
    cluster: ClusterRouting,
  ): Promise<void> {
    const logger = this.#options.logger;
    const { path } = target;
    const upstream = new WebSocket(`${target.address.replace(/^http/, 'ws')}${path}`, {
      headers: {
        [forwardedForHeader]: address,
        [forwardSignatureHeader]: cluster.forwardAuth.sign(path, address),
      },
      perMessageDeflate: false,
      // The owner's frames (a whole board on join) are as large as boards are; it is a trusted peer.
      maxPayload: 0,
      handshakeTimeout: forwardHandshakeTimeoutMs,
    });
    upstream.on('error', (error) => logger.debug({ err: error, roomId }, 'forward socket error'));
    // The owner speaks first (sync step 1) and may do so before the client's upgrade completes.
    const early: { data: Uint8Array; isBinary: boolean }[] = [];
    let relay = (data: Uint8Array, isBinary: boolean): void => {
      early.push({ data, isBinary });
    };
    upstream.on('message', (data: RawData, isBinary: boolean) => relay(toFrame(data), isBinary));
    const opened = await new Promise<Response | 'open' | 'failed'>((resolve) => {
      upstream.once('open', () => resolve('open'));
      upstream.once('unexpected-response', (_request, response) => {
        void ownerRefusal(response).then(resolve);
      });
      upstream.once('close', () => resolve('failed'));
    });
    if (opened !== 'open') {
      upstream.terminate();
      if (opened === 'failed') {
        logger.warn({ roomId, owner: target.address }, 'owner unreachable for a forwarded socket');
        writeJsonResponse(raw, 503, 'room_unavailable', "the board's server is not reachable", {
          'Retry-After': '1',
        });
      } else {
        logger.info({ roomId, status: opened.status }, 'owner refused a forwarded socket');
        await writeResponse(raw, opened);
      }
      return;
    }
    if (raw.destroyed || this.#closed) {
      upstream.terminate();
      raw.destroy();
      return;
    }
    this.#wss.handleUpgrade(request, raw, head, (ws) => {
      this.#pipe(ws, raw, upstream, roomId, access, early, (send) => {
        relay = send;
      });
    });
  }

  /** Relays frames between an upgraded client and its owner's socket until either ends. */
  #pipe(
    ws: SyncWebSocket,
    raw: Duplex,
    upstream: WebSocket,
    roomId: RoomId,
    access: Extract<SocketAccess, { kind: 'allowed' }>,
    early: readonly { data: Uint8Array; isBinary: boolean }[],
    relayTo: (send: (data: Uint8Array, isBinary: boolean) => void) => void,
  ): void {
    const logger = this.#options.logger;
    const socket = toSocketLike(ws, raw, this.#frames, access);
    const counted = this.#options.metrics?.connectionOpened(access.role ?? 'open', 'forwarded');
    this.#answered.add(ws);
    ws.on('pong', () => this.#answered.add(ws));
    const { sessions } = this.#options;
    const unregister =
      sessions === undefined || access.linkId === undefined
        ? () => {}
        : sessions.register(roomId, access.linkId, socket, 'the invitation link was revoked');
    let clientClosed = false;
    const closeClient = (code: number, reason: string) => {
      if (clientClosed) return;
      clientClosed = true;
      socket.close(code, reason);
    };
    const maxBuffered = this.#options.maxBufferedBytes ?? Number.POSITIVE_INFINITY;
    const send = (data: Uint8Array, isBinary: boolean) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        logger.warn(
          { roomId, bufferedAmount: ws.bufferedAmount },
          'closing forwarded socket: too slow',
        );
        closeClient(CloseCode.goingAway, 'too slow: send buffer full');
        upstream.close();
        return;
      }
      ws.send(data, { binary: isBinary });
    };
    for (const { data, isBinary } of early) send(data, isBinary);
    relayTo(send);
    upstream.on('close', (code: number, reason: Buffer) => {
      // 1005/1006 (no code, connection lost) cannot be sent on: the owner went away.
      const lost = code === 1005 || code === 1006;
      closeClient(
        lost ? CloseCode.serviceRestart : code,
        lost ? "the board's server went away; reconnect" : reason.toString('utf8'),
      );
    });
    if (upstream.readyState !== WebSocket.OPEN) {
      closeClient(CloseCode.serviceRestart, "the board's server went away; reconnect");
    }
    ws.on('error', (error) => logger.debug({ err: error, roomId }, 'websocket error'));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!isBinary) {
        closeClient(CloseCode.unsupportedData, 'binary frames only');
        upstream.close();
        return;
      }
      if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(Buffer.from(toFrame(data)), { binary: true });
      }
    });
    ws.on('close', () => {
      counted?.();
      unregister();
      clientClosed = true;
      upstream.close();
    });
    logger.debug({ roomId }, 'socket forwarded to the room owner');
  }

  /** The client address a signed forward carries, or `undefined` if the request is no forward. */
  #forwardedAddress(request: IncomingMessage, url: URL): string | undefined {
    const cluster = this.#options.cluster;
    const address = headerValue(request.headers[forwardedForHeader]);
    const signature = headerValue(request.headers[forwardSignatureHeader]);
    if (cluster === undefined || address === undefined || signature === undefined) return undefined;
    const path = `${url.pathname}${url.search}`;
    if (!cluster.forwardAuth.verify(path, address, signature)) {
      this.#options.logger.warn({ path: url.pathname }, 'forward with a bad signature ignored');
      return undefined;
    }
    return address;
  }

  #sweep(): void {
    for (const ws of this.#wss.clients) {
      if (!this.#answered.has(ws)) {
        // No close handshake with a peer that stopped answering; 'close' still fires and leaves the room.
        ws.terminate();
        continue;
      }
      this.#answered.delete(ws);
      ws.ping();
    }
  }
}

function toRequest(request: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(new URL(`${url.pathname}${url.search}`, 'http://localhost'), {
    method: request.method ?? 'GET',
    headers,
  });
}

/** The frame's bytes, without copying a plain Buffer. */
function toFrame(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

const droppedHeaders = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function writeResponse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  response.headers.forEach((value, name) => {
    if (!droppedHeaders.has(name)) lines.push(`${name}: ${value}`);
  });
  lines.push(`Content-Length: ${body.byteLength}`, 'Connection: close', '', '');
  endSocket(socket, Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
}

/** The owner's HTTP refusal of a forwarded socket, to pass on to the client as it is. */
async function ownerRefusal(response: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).byteLength;
    // Refusals are small JSON bodies; anything larger is cut, not buffered.
    if (size > 16_384) break;
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const name of ['content-type', 'retry-after']) {
    const value = headerValue(response.headers[name]);
    if (value !== undefined) headers.set(name, value);
  }
  return new Response(Buffer.concat(chunks), { status: response.statusCode ?? 502, headers });
}

function writeJsonResponse(
  socket: Duplex,
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(JSON.stringify({ error: { code, message } }));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.byteLength}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  endSocket(socket, Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

function endSocket(socket: Duplex, data: Buffer): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(data);
}
