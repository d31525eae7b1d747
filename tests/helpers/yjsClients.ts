import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A close as seen by a client: the code and reason of the close frame (1006 if none). */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** Options of {@link waitUntil}. */
export interface WaitOptions {
  /** Give up after this long (default 10 s; generous for a loaded machine). */
  timeoutMs?: number;
  /** Poll interval (default 20 ms). */
  intervalMs?: number;
  /** Describes the awaited condition in the timeout error. */
  message?: string | (() => string);
}

/**
 * Polls `predicate` until it returns true; rejects after `timeoutMs` with
 * `message`. Use instead of fixed sleeps.
 */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      const detail = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(`condition not met within ${timeoutMs} ms${detail ? `: ${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with `promise`, or rejects with `message` after `timeoutMs`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (after ${timeoutMs} ms)`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A unique, valid room id for one test. */
export function uniqueRoomId(prefix = 'room'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
}

// ---------------------------------------------------------------------------
// y-protocols message encoders (the frames the stock provider sends)

/** `[messageSync, syncStep1(stateVector)]` */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `[messageSync, syncStep2(update)]` with the whole document. */
export function encodeSyncStep2(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `[messageSync, update(update)]` */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** `[messageAwareness, awarenessUpdate(clients)]` */
export function encodeAwarenessMessage(
  awareness: awarenessProtocol.Awareness,
  clients: readonly number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [...clients]),
  );
  return encoding.toUint8Array(encoder);
}

// ---------------------------------------------------------------------------
// Stock provider clients

/** A stock y-websocket `WebsocketProvider` on its own Y.Doc, running in Node. */
export interface ProviderClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: awarenessProtocol.Awareness;
  /** Every close of the provider's socket that the server initiated or the network caused. */
  readonly closes: CloseInfo[];
  /** Normal teardown: the provider announces its awareness removal, then closes. */
  destroy(): void;
  /**
   * Abrupt teardown: the TCP connection is destroyed first (no close frame, no
   * awareness removal from the client), then the provider is destroyed.
   */
  terminate(): void;
}

/** Options of {@link connectProvider}. */
export interface ProviderOptions {
  /** Use this doc (for example one prefilled with offline edits). */
  doc?: Y.Doc;
  /** Local awareness state to publish. */
  awarenessState?: Record<string, unknown>;
  /** Query parameters of the socket URL (e.g. `{ t: token }` for a protected room). */
  params?: Record<string, string>;
  /** The WebSocket class the provider uses (default ws's), e.g. one that counts frames. */
  WebSocketPolyfill?: typeof WebSocket;
}

/**
 * Connects a stock `WebsocketProvider` (ws as the WebSocket, BroadcastChannel
 * off) to `${wsUrl}/${roomId}`. Does not wait; see {@link waitForSync}.
 */
export function connectProvider(
  wsUrl: string,
  roomId: string,
  options: ProviderOptions = {},
): ProviderClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, roomId, doc, {
    WebSocketPolyfill: (options.WebSocketPolyfill ??
      WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    ...(options.params === undefined ? {} : { params: options.params }),
  });
  if (options.awarenessState !== undefined) {
    provider.awareness.setLocalState(options.awarenessState);
  }
  const closes: CloseInfo[] = [];
  provider.on('connection-close', (event) => {
    if (event !== null) closes.push({ code: event.code, reason: String(event.reason ?? '') });
  });
  // The provider reports socket errors as events; ws also emits them on the
  // socket, where an unhandled 'error' would crash the test worker.
  provider.on('connection-error', () => {});
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    provider.destroy();
    doc.destroy();
  };
  return {
    doc,
    provider,
    awareness: provider.awareness,
    closes,
    destroy,
    terminate() {
      const socket = provider.ws as unknown as WebSocket | null;
      socket?.terminate();
      destroy();
    },
  };
}

/** Resolves once the provider has received the server's sync step 2. */
export async function waitForSync(provider: WebsocketProvider, timeoutMs = 15_000): Promise<void> {
  if (provider.synced) return;
  await withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        resolve();
      };
      provider.on('sync', onSync);
    }),
    timeoutMs,
    `provider for room ${provider.roomname} did not sync`,
  );
}

/** {@link connectProvider} and {@link waitForSync}. */
export async function connectSynced(
  wsUrl: string,
  roomId: string,
  options: ProviderOptions = {},
): Promise<ProviderClient> {
  const client = connectProvider(wsUrl, roomId, options);
  try {
    await waitForSync(client.provider);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return client;
}

// ---------------------------------------------------------------------------
// Raw protocol client

/** Options of {@link connectRaw}. */
export interface RawClientOptions {
  /** Answer pings automatically (ws default true). */
  autoPong?: boolean;
  /** Send sync step 1 on open and answer the server's sync messages (default true). */
  handshake?: boolean;
  /** Local awareness state, published on open. */
  awarenessState?: Record<string, unknown>;
  /** Yjs/awareness client id (to impersonate a reconnecting client). */
  clientId?: number;
}

/**
 * A minimal y-websocket client on a plain `ws` socket: it can speak the
 * protocol like the stock provider, but also send arbitrary frames and watch
 * the exact close code.
 */
export interface RawClient {
  readonly ws: WebSocket;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Every binary message received, in order. */
  readonly received: Uint8Array[];
  /** Resolves on open; rejects if the upgrade fails. */
  readonly opened: Promise<void>;
  /** Resolves when the server has sent sync step 2. */
  readonly synced: Promise<void>;
  /** Resolves with the close code and reason once the socket is closed. */
  readonly closed: Promise<CloseInfo>;
  isOpen(): boolean;
  isClosed(): boolean;
  /** Sends an arbitrary frame (binary for Uint8Array, text for string). */
  send(data: Uint8Array | string): void;
  close(): void;
  terminate(): void;
}

/** Opens a {@link RawClient} to a full WebSocket URL (`${wsUrl}/${roomId}`). */
export function connectRaw(url: string, options: RawClientOptions = {}): RawClient {
  const { autoPong = true, handshake = true } = options;
  const ws = new WebSocket(url, { autoPong });
  ws.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  if (options.clientId !== undefined) doc.clientID = options.clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  if (options.awarenessState !== undefined) awareness.setLocalState(options.awarenessState);
  const received: Uint8Array[] = [];
  const remoteOrigin = Symbol('remote');
  let closedInfo: CloseInfo | undefined;

  const send = (data: Uint8Array | string) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(data);
  };

  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => {
      reject(new Error(`upgrade refused with HTTP ${response.statusCode}`));
      response.resume();
      ws.terminate();
    });
    ws.once('close', () => reject(new Error('socket closed before opening')));
  });
  // Callers that only await `closed` must not see an unhandled rejection.
  opened.catch(() => {});

  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });

  const closed = new Promise<CloseInfo>((resolve) => {
    ws.once('close', (code, reason) => {
      closedInfo = { code, reason: reason.toString('utf8') };
      doc.destroy();
      resolve(closedInfo);
    });
  });
  ws.on('error', () => {});

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (handshake && origin !== remoteOrigin) send(encodeSyncUpdate(update));
  });
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin === remoteOrigin) return;
      send(encodeAwarenessMessage(awareness, [...added, ...updated, ...removed]));
    },
  );

  ws.on('open', () => {
    if (!handshake) return;
    send(encodeSyncStep1(doc));
    if (awareness.getLocalState() !== null) {
      send(encodeAwarenessMessage(awareness, [doc.clientID]));
    }
  });

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const message = new Uint8Array(data);
    received.push(message);
    if (!handshake) return;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, doc, remoteOrigin);
      if (encoding.length(encoder) > 1) send(encoding.toUint8Array(encoder));
      if (syncType === syncProtocol.messageYjsSyncStep2) markSynced();
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(
        awareness,
        decoding.readVarUint8Array(decoder),
        remoteOrigin,
      );
    }
  });

  return {
    ws,
    doc,
    awareness,
    received,
    opened,
    synced,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    isClosed: () => closedInfo !== undefined,
    send,
    close: () => ws.close(),
    terminate: () => ws.terminate(),
  };
}

/** What an HTTP-level refusal of a WebSocket upgrade looked like. */
export interface UpgradeRefusal {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * Attempts a WebSocket upgrade that the server should refuse with an HTTP
 * response; resolves with that response. Rejects if the upgrade succeeds.
 */
export async function expectUpgradeRefused(
  url: string,
  timeoutMs = 10_000,
): Promise<UpgradeRefusal> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  return withTimeout(
    new Promise<UpgradeRefusal>((resolve, reject) => {
      ws.once('open', () => {
        ws.terminate();
        reject(new Error(`upgrade to ${url} succeeded; expected an HTTP refusal`));
      });
      ws.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          ws.terminate();
        });
      });
      ws.once('close', () => reject(new Error(`socket to ${url} closed without an HTTP response`)));
    }),
    timeoutMs,
    `no response to upgrade of ${url}`,
  );
}

// ---------------------------------------------------------------------------
// Cleanup

/** Keeps every client a test opens so `closeAll()` in afterEach tears them down. */
export interface ClientTracker {
  provider(wsUrl: string, roomId: string, options?: ProviderOptions): ProviderClient;
  synced(wsUrl: string, roomId: string, options?: ProviderOptions): Promise<ProviderClient>;
  raw(url: string, options?: RawClientOptions): RawClient;
  closeAll(): void;
}

/** A fresh {@link ClientTracker}. */
export function createClientTracker(): ClientTracker {
  const providers: ProviderClient[] = [];
  const raws: RawClient[] = [];
  return {
    provider(wsUrl, roomId, options) {
      const client = connectProvider(wsUrl, roomId, options);
      providers.push(client);
      return client;
    },
    async synced(wsUrl, roomId, options) {
      const client = connectProvider(wsUrl, roomId, options);
      providers.push(client);
      await waitForSync(client.provider);
      return client;
    },
    raw(url, options) {
      const client = connectRaw(url, options);
      raws.push(client);
      return client;
    },
    closeAll() {
      for (const client of providers.splice(0)) client.destroy();
      for (const client of raws.splice(0)) client.terminate();
    },
  };
}

/**
 * True when `doc` contains every operation `reference` contains (its state
 * vector dominates, and `reference`'s deletions are all deleted in `doc`).
 */
export function containsAllOf(doc: Y.Doc, reference: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(reference))) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  // The state vector does not cover deletions: every range deleted in
  // `reference` must be deleted in `doc` too.
  const deletions = Y.snapshot(doc).ds;
  for (const [client, ranges] of Y.snapshot(reference).ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; clock++) {
        if (!Y.isDeleted(deletions, new Y.ID(client, clock))) return false;
      }
    }
  }
  return true;
}
