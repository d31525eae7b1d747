import { CloseCode, encodeRefusalCloseReason, type Refusal } from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { DocumentStore, StoredDocument } from '../persistence/DocumentStore.js';
import { Connection } from './Connection.js';
import { type CompactionLimits, DocumentWriter } from './DocumentWriter.js';
import { MalformedMessageError } from './MalformedMessageError.js';
import { RoomDocument } from './RoomDocument.js';
import {
  type AwarenessPayload,
  byPriority,
  type ControlPayload,
  type MessageVerdict,
  type RoomContext,
  type RoomExtension,
  type RoomExtensionFactory,
  type UpdatePayload,
} from './RoomExtension.js';
import type { SocketLike } from './SocketLike.js';
import { changesAwareness, decodeMessage, parseAwarenessStates } from './syncHandlers.js';
import type { Timers } from './Timers.js';
import type { UpdateFolder } from './UpdateFolder.js';

export { repairInitialDelayMs, repairMaxDelayMs } from './DocumentWriter.js';

/** Limits a room enforces itself; rules on messages are extensions (see `rules/`). */
export interface RoomLimits extends CompactionLimits {
  /** A socket with more than this many bytes queued for sending is closed (slow consumer). */
  readonly maxBufferedBytes: number;
}

/** What the owner of a room (the registry) hears of its lifecycle. */
export interface RoomLifecycle {
  /** The room is loaded and has no connections (the last one left, or none waited for the load). */
  onIdle?(room: Room): void;
  /** Loading failed: every waiting socket was closed and the room was destroyed. */
  onDiscarded?(room: Room): void;
  /**
   * Storage refused a write because another instance owns the room now; the
   * owner must {@link Room.abandon} it.
   */
  onFencedOut?(room: Room): void;
}

/** Everything a {@link Room} needs; the room reads nothing global. */
export interface RoomOptions {
  readonly roomId: string;
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly limits: RoomLimits;
  /** The rules and features the room runs, each made for this room (see {@link RoomExtension}). */
  readonly extensions?: readonly RoomExtensionFactory[];
  readonly lifecycle?: RoomLifecycle;
  /** Monotonic clock (ms) for rate limits; `performance.now()` unless a test drives time. */
  readonly now?: () => number;
  /** Wall clock (epoch ms) for the extensions; `Date.now()` unless a test drives time. */
  readonly clock?: () => number;
  /** Hears every refusal that closed a sender (for metrics). */
  readonly onRefused?: ((code: string) => void) | undefined;
  /** Folds a big board's stored updates off the event loop when it compacts (see {@link CompactionLimits.foldFromBytes}). */
  readonly folder?: UpdateFolder | undefined;
}

/** Lifecycle of a room; see {@link Room}. */
export type RoomState = 'loading' | 'ready' | 'unloading' | 'closed';

/** Counters for logs, metrics and tests. */
export interface RoomStats {
  readonly connections: number;
  /** Estimated stored size: loaded bytes plus appended updates, reset by compaction. */
  readonly storedBytes: number;
  /** Log entries written since the last snapshot. */
  readonly logCount: number;
  /** Bytes of those entries. */
  readonly logBytes: number;
  /** True while some change is only in memory because storage failed. */
  readonly dirty: boolean;
}

type QueuedEvent =
  | { readonly kind: 'join'; readonly socket: SocketLike }
  | { readonly kind: 'message'; readonly socket: SocketLike; readonly data: Uint8Array };

/** The hooks of every extension, by kind, in priority order: the message path reads only these. */
interface HookLists {
  readonly onLoad: RoomExtension[];
  readonly onConnect: RoomExtension[];
  readonly beforeUpdate: RoomExtension[];
  readonly beforeAwareness: RoomExtension[];
  readonly onControl: RoomExtension[];
  readonly afterFlush: RoomExtension[];
  readonly onDisconnect: RoomExtension[];
  readonly flush: RoomExtension[];
  readonly onDestroy: RoomExtension[];
  readonly healthy: RoomExtension[];
}

/**
 * One board: membership, dispatch and lifecycle. The document and how its
 * changes travel are {@link RoomDocument}'s, storage is
 * {@link DocumentWriter}'s, and every rule or feature on messages is a
 * {@link RoomExtension} the room runs through its hooks.
 *
 * Lifecycle: `loading` (joins and messages are queued; nobody hears anything
 * until the stored state is in memory) → `ready` → `unloading` (final flush
 * and snapshot; back to `ready` if storage refuses) → `closed`. A failed load
 * closes the waiting sockets with `storageUnavailable` and destroys the room.
 *
 * Storage failures: the in-memory document is never dropped. A failed append
 * is logged, the room turns dirty (`healthy` false) and the batch is still
 * broadcast — availability over strict durability, since the document lives
 * on in memory and in every client — and a full snapshot is retried with
 * backoff until storage accepts it.
 */
export class Room {
  /** The room id (validated by the edge). */
  readonly id: string;
  /** Resolves `true` once loaded, `false` if loading failed. Never rejects. */
  readonly loaded: Promise<boolean>;

  readonly #store: DocumentStore;
  readonly #logger: Logger;
  readonly #limits: RoomLimits;
  readonly #lifecycle: RoomLifecycle;
  readonly #onRefused: ((code: string) => void) | undefined;
  readonly #writer: DocumentWriter;
  readonly #document: RoomDocument;
  readonly #hooks: HookLists;
  readonly #connections = new Map<SocketLike, Connection>();
  #state: RoomState = 'loading';
  #queue: QueuedEvent[] = [];

  constructor(options: RoomOptions) {
    this.id = options.roomId;
    this.#store = options.store;
    this.#logger = options.logger.child({ roomId: options.roomId });
    this.#limits = options.limits;
    this.#lifecycle = options.lifecycle ?? {};
    this.#onRefused = options.onRefused;
    this.#writer = new DocumentWriter({
      roomId: options.roomId,
      store: options.store,
      logger: this.#logger,
      timers: options.timers,
      limits: options.limits,
      snapshot: () => Y.encodeStateAsUpdate(this.#document.doc),
      folder: options.folder,
      onFencedOut: () => this.#lifecycle.onFencedOut?.(this),
    });
    const connections = this.#connections;
    this.#document = new RoomDocument({
      writer: this.#writer,
      timers: options.timers,
      members: {
        get size() {
          return connections.size;
        },
        list: () => [...connections.values()],
        has: (connection) => connections.get(connection.socket) === connection,
        send: (connection, frame) => this.#send(connection, frame),
      },
      afterFlush: (updates, written) => {
        for (const extension of this.#hooks.afterFlush)
          extension.afterFlush?.({ updates, written });
      },
    });
    const context: RoomContext = {
      roomId: options.roomId,
      logger: this.#logger,
      timers: options.timers,
      now: options.now ?? (() => performance.now()),
      doc: this.#document.doc,
      awareness: this.#document.awareness,
      storedBytes: () => this.#writer.storedBytes,
      connections: () => connections.values(),
      send: (connection, frame) => this.#send(connection, frame),
      close: (connection, closeCode, refusal) => this.#refuse(connection, closeCode, refusal),
      change: (change) => this.#document.change(change),
      clock: options.clock ?? (() => Date.now()),
      store: options.store,
    };
    this.#hooks = hookLists(byPriority((options.extensions ?? []).map((make) => make(context))));
    this.loaded = this.#load();
  }

  /** Where the room is in its lifecycle. */
  get state(): RoomState {
    return this.#state;
  }

  /** Sockets in the room, counting those waiting for the load. */
  get connectionCount(): number {
    if (this.#state === 'loading') return this.#queue.filter((e) => e.kind === 'join').length;
    return this.#connections.size;
  }

  /** False while a change (the room's, or an extension's own) exists only in memory because storage failed. */
  get healthy(): boolean {
    return !this.#writer.dirty && this.#hooks.healthy.every((extension) => extension.healthy);
  }

  /** Current counters. */
  get stats(): RoomStats {
    return {
      connections: this.connectionCount,
      storedBytes: this.#writer.storedBytes,
      logCount: this.#writer.logCount,
      logBytes: this.#writer.logBytes,
      dirty: this.#writer.dirty,
    };
  }

  /** Adds a socket. Before the load finishes it waits, hearing nothing. */
  join(socket: SocketLike): void {
    if (this.#state === 'loading') {
      if (!this.#queue.some((e) => e.kind === 'join' && e.socket === socket)) {
        this.#queue.push({ kind: 'join', socket });
      }
    } else if (this.#state === 'ready') {
      this.#accept(socket);
    } else {
      socket.close(CloseCode.goingAway, 'room is closing; reconnect');
    }
  }

  /** Handles one binary frame from a socket that joined. */
  receive(socket: SocketLike, data: Uint8Array): void {
    if (this.#state === 'loading') {
      if (this.#queue.some((e) => e.kind === 'join' && e.socket === socket)) {
        this.#queue.push({ kind: 'message', socket, data });
      }
      return;
    }
    const connection = this.#connections.get(socket);
    if (connection !== undefined) this.#handle(connection, data);
  }

  /** The socket closed: drop it and, at once, the awareness states it controlled. */
  leave(socket: SocketLike): void {
    if (this.#state === 'loading') {
      this.#queue = this.#queue.filter((e) => e.socket !== socket);
      return;
    }
    const connection = this.#connections.get(socket);
    if (connection !== undefined) this.#remove(connection);
  }

  /** Closes every socket (waiting or joined) with `code` and `reason`. */
  closeConnections(code: number, reason: string): void {
    const waiting = this.#queue.filter((e) => e.kind === 'join');
    this.#queue = [];
    for (const event of waiting) event.socket.close(code, reason);
    for (const connection of [...this.#connections.values()]) {
      this.#closeConnection(connection, code, reason);
    }
  }

  /**
   * The whole document as one update, unsaved changes included, for readers
   * such as exports. `undefined` unless the document is in memory (`ready`
   * or `unloading`).
   */
  encodeState(): Uint8Array | undefined {
    if (this.#state !== 'ready' && this.#state !== 'unloading') return undefined;
    return this.#document.encodeState();
  }

  /**
   * Reads the document in memory; `undefined` unless it is (`ready` or
   * `unloading`). For server-side readers that hold the room
   * (`RoomRegistry.hold`); `read` must not change the document.
   */
  read<T>(read: (doc: Y.Doc) => T): T | undefined {
    if (this.#state !== 'ready' && this.#state !== 'unloading') return undefined;
    return read(this.#document.doc);
  }

  /**
   * Changes the document as the server, like an extension's
   * `RoomContext.change`: written before it is broadcast to the room's
   * connections. For server-side writers that hold the room.
   * @throws Error unless the room is `ready`.
   */
  change(change: (doc: Y.Doc) => void): Promise<void> {
    if (this.#state !== 'ready')
      throw new Error(`cannot change room ${this.id} in state ${this.#state}`);
    return this.#document.change(change);
  }

  /** Resolves once every write queued so far (appends, snapshots) has finished. */
  async flush(): Promise<void> {
    await Promise.all(this.#hooks.flush.map((extension) => extension.flush?.()));
    await this.#writer.enqueue(async () => {});
  }

  /**
   * Lets the room go without writing anything more (another instance owns
   * it now and has everything that was stored): closes every socket with
   * `code` and `reason`, so clients reconnect and reach the new owner, and
   * destroys the room.
   */
  abandon(code: number, reason: string): void {
    this.closeConnections(code, reason);
    if (this.#state === 'closed') return;
    this.#destroy();
  }

  /**
   * Writes everything, folds the log into a snapshot and destroys the room.
   * Resolves `false` — leaving the room `ready`, dirty and retrying — when
   * storage refuses, because dropping the document would lose changes.
   *
   * @throws Error when the room is not `ready` or still has connections.
   */
  async unload(): Promise<boolean> {
    if (this.#state !== 'ready' || this.#connections.size > 0) {
      throw new Error(`cannot unload room ${this.id} in state ${this.#state} with connections`);
    }
    this.#state = 'unloading';
    await this.flush();
    let persisted = !this.#writer.dirty;
    if (this.#writer.needsSnapshot) {
      persisted = await this.#writer.compactNow();
    }
    if (!persisted || !this.healthy) {
      this.#state = 'ready';
      return false;
    }
    this.#destroy();
    return true;
  }

  async #load(): Promise<boolean> {
    let stored: StoredDocument;
    try {
      stored = await this.#store.load(this.id);
      this.#document.load(stored.updates);
      this.#writer.loaded(stored);
      await Promise.all(this.#hooks.onLoad.map((extension) => extension.onLoad?.()));
    } catch (error) {
      this.#logger.error({ err: error }, 'room load failed; closing waiting sockets');
      const waiting = this.#queue.filter((e) => e.kind === 'join');
      this.#queue = [];
      this.#destroy();
      for (const event of waiting) {
        event.socket.close(CloseCode.storageUnavailable, 'board could not be loaded; retry later');
      }
      this.#lifecycle.onDiscarded?.(this);
      return false;
    }
    this.#state = 'ready';
    this.#logger.debug(
      { bytes: stored.byteLength, logCount: stored.logCount, waiting: this.#queue.length },
      'room loaded',
    );
    const queue = this.#queue;
    this.#queue = [];
    for (const event of queue) {
      if (event.kind === 'join') {
        this.#accept(event.socket);
      } else {
        const connection = this.#connections.get(event.socket);
        if (connection !== undefined) this.#handle(connection, event.data);
      }
    }
    if (this.#writer.compactionDue()) void this.#writer.compactNow();
    if (this.#connections.size === 0) this.#lifecycle.onIdle?.(this);
    return true;
  }

  #accept(socket: SocketLike): void {
    if (this.#connections.has(socket)) return;
    const connection = new Connection(socket);
    this.#connections.set(socket, connection);
    this.#document.welcome(connection);
    if (this.#connections.get(socket) !== connection) return;
    for (const extension of this.#hooks.onConnect) extension.onConnect?.(connection);
  }

  #handle(connection: Connection, data: Uint8Array): void {
    let reply: Uint8Array | undefined;
    let isStep2Answer = false;
    try {
      const message = decodeMessage(data);
      const encoder = encoding.createEncoder();
      switch (message.type) {
        case 'syncStep2':
        case 'update': {
          const payload: UpdatePayload = { connection, kind: message.type, update: message.update };
          const verdict = this.#beforeUpdate(payload);
          if (verdict !== undefined) {
            this.#stop(connection, verdict);
            return;
          }
          this.#document.applyUpdate(message, encoder, connection);
          break;
        }
        case 'awareness': {
          // An echo of presences the room has (most awareness frames) changes nothing: drop it unparsed.
          const awareness = this.#document.awareness;
          if (!message.entries.some((entry) => changesAwareness(awareness, entry))) break;
          const entries = parseAwarenessStates(message.entries);
          const payload: AwarenessPayload = { connection, entries };
          const verdict = this.#beforeAwareness(payload);
          if (verdict !== undefined) {
            this.#stop(connection, verdict);
            return;
          }
          this.#document.apply(message, encoder, connection);
          break;
        }
        case 'control':
          this.#control({ connection, body: message.body });
          return;
        case 'syncStep1':
          reply = this.#document.answerStep1(message.stateVector);
          isStep2Answer = true;
          break;
        default:
          this.#document.apply(message, encoder, connection);
      }
      if (reply === undefined && encoding.length(encoder) > 0)
        reply = encoding.toUint8Array(encoder);
    } catch (error) {
      if (error instanceof MalformedMessageError) {
        this.#logger.warn(
          { reason: error.message, bytes: data.byteLength },
          'closing socket: malformed message',
        );
        this.#closeConnection(connection, CloseCode.malformedMessage, error.message);
      } else {
        this.#logger.error(
          { err: error, bytes: data.byteLength },
          'closing socket: message failed',
        );
        this.#closeConnection(connection, CloseCode.internalError, 'message could not be handled');
      }
      return;
    }
    if (reply === undefined) return;
    if (isStep2Answer) this.#document.sendAfterWrites(connection, reply);
    else this.#send(connection, reply);
  }

  /** The first verdict of the extensions' `beforeUpdate` hooks, if any. */
  #beforeUpdate(payload: UpdatePayload): MessageVerdict | undefined {
    for (const extension of this.#hooks.beforeUpdate) {
      const verdict = extension.beforeUpdate?.(payload);
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  }

  /** The first verdict of the extensions' `beforeAwareness` hooks, if any. */
  #beforeAwareness(payload: AwarenessPayload): MessageVerdict | undefined {
    for (const extension of this.#hooks.beforeAwareness) {
      const verdict = extension.beforeAwareness?.(payload);
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  }

  /** A hook stopped a message: dropped, or its sender closed. */
  #stop(connection: Connection, verdict: MessageVerdict): void {
    if (verdict.kind === 'close') this.#refuse(connection, verdict.closeCode, verdict.refusal);
  }

  #control(payload: ControlPayload): void {
    for (const extension of this.#hooks.onControl) {
      if (extension.onControl?.(payload)) return;
    }
    throw new MalformedMessageError('control messages are not served here');
  }

  #refuse(connection: Connection, closeCode: number, refusal: Refusal): void {
    this.#logger.warn(
      { role: connection.role, code: refusal.code, reason: refusal.reason, closeCode },
      'closing socket: message refused',
    );
    this.#onRefused?.(refusal.code);
    this.#closeConnection(connection, closeCode, encodeRefusalCloseReason(refusal));
  }

  #send(connection: Connection, frame: Uint8Array): void {
    if (connection.socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.#logger.warn(
        { bufferedAmount: connection.socket.bufferedAmount },
        'closing socket: send buffer full',
      );
      this.#closeConnection(connection, CloseCode.goingAway, 'too slow: send buffer full');
      return;
    }
    connection.socket.send(frame);
  }

  #closeConnection(connection: Connection, code: number, reason: string): void {
    this.#remove(connection);
    connection.socket.close(code, reason);
  }

  #remove(connection: Connection): void {
    if (this.#connections.get(connection.socket) !== connection) return;
    this.#connections.delete(connection.socket);
    this.#document.dropPresence(connection);
    for (const extension of this.#hooks.onDisconnect) extension.onDisconnect?.(connection);
    if (this.#connections.size === 0 && this.#state === 'ready') this.#lifecycle.onIdle?.(this);
  }

  #destroy(): void {
    this.#state = 'closed';
    for (const extension of this.#hooks.onDestroy) extension.onDestroy?.();
    this.#writer.close();
    this.#document.destroy();
  }
}

function hookLists(extensions: readonly RoomExtension[]): HookLists {
  const having = (hook: keyof RoomExtension) => extensions.filter((e) => e[hook] !== undefined);
  return {
    onLoad: having('onLoad'),
    onConnect: having('onConnect'),
    beforeUpdate: having('beforeUpdate'),
    beforeAwareness: having('beforeAwareness'),
    onControl: having('onControl'),
    afterFlush: having('afterFlush'),
    onDisconnect: having('onDisconnect'),
    flush: having('flush'),
    onDestroy: having('onDestroy'),
    healthy: having('healthy'),
  };
}
