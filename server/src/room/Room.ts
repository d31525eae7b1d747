import { CloseCode, isJsonObject, participantUserRecordId } from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { TokenBucket } from '../limits/TokenBucket.js';
import type { Logger } from '../logger.js';
import type { DocumentStore, StoredDocument } from '../persistence/DocumentStore.js';
import { MalformedMessageError } from './MalformedMessageError.js';
import { loadedRecordValidator } from './recordSchema.js';
import type { SocketLike } from './SocketLike.js';
import {
  type AwarenessEntry,
  applyMessage,
  decodeMessage,
  type SyncMessage,
  writeAwareness,
  writeSyncStep1,
  writeUpdate,
} from './syncHandlers.js';
import type { TimerHandle, Timers } from './Timers.js';
import { UpdateGuard } from './UpdateGuard.js';

/** Limits a room enforces; the composition root fills them from config. */
export interface RoomLimits {
  /** An update that would grow the estimated stored size past this is refused. */
  readonly maxDocumentBytes: number;
  /** Fold the update log into a snapshot once it holds this many entries... */
  readonly compactAfterUpdates: number;
  /** ...or this many bytes. */
  readonly compactAfterBytes: number;
  /** A socket with more than this many bytes queued for sending is closed (slow consumer). */
  readonly maxBufferedBytes: number;
  /**
   * Presence changes one connection may make (a token bucket); a connection
   * over it is closed with `rateLimited`. Only entries that change the room's
   * awareness count: the stock provider sends every presence it receives
   * back to the server, and those echoes must stay free. Unset: unlimited.
   */
  readonly awarenessRate?: { readonly perSecond: number; readonly burst: number };
}

/** Extension points the owner of a room (the registry) listens on. */
export interface RoomHooks {
  /** The room is loaded and has no connections (the last one left, or none waited for the load). */
  onIdle?(room: Room): void;
  /** Loading failed: every waiting socket was closed and the room was destroyed. */
  onDiscarded?(room: Room): void;
}

/** Everything a {@link Room} needs; the room reads nothing global. */
export interface RoomOptions {
  readonly roomId: string;
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly limits: RoomLimits;
  readonly hooks?: RoomHooks;
  /** Monotonic clock (ms) for rate limits; `performance.now()` unless a test drives time. */
  readonly now?: () => number;
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

/** First retry delay after a storage failure; doubles up to {@link repairMaxDelayMs}. */
export const repairInitialDelayMs = 500;
/** Longest delay between snapshot retries while storage is failing. */
export const repairMaxDelayMs = 30_000;

interface Connection {
  readonly socket: SocketLike;
  /** Awareness client ids this connection announced; removed the moment it leaves. */
  readonly awarenessClients: Set<number>;
  /** Presence changes it may still make; see {@link RoomLimits.awarenessRate}. */
  readonly awarenessBudget: TokenBucket | undefined;
}

type QueuedEvent =
  | { readonly kind: 'join'; readonly socket: SocketLike }
  | { readonly kind: 'message'; readonly socket: SocketLike; readonly data: Uint8Array };

interface PendingUpdate {
  readonly update: Uint8Array;
  readonly origin: Connection;
}

/**
 * One board: a Y.Doc, its awareness and the sockets editing it.
 *
 * Lifecycle: `loading` (joins and messages are queued; nobody hears anything
 * until the stored state is in memory) → `ready` → `unloading` (final flush
 * and snapshot; back to `ready` if storage refuses) → `closed`. A failed load
 * closes the waiting sockets with `storageUnavailable` and destroys the room.
 *
 * Durability: document updates are collected for one event-loop turn, written
 * with one `store.append`, and only then broadcast as one merged message, so
 * whatever a participant has seen was written first. An update is stored and
 * passed on as the client sent it: Yjs updates are idempotent and commute,
 * so this converges like re-encoding each transaction would, without paying
 * for the encoding (the document has no `update` listener). Writes (appends and
 * snapshots) run one at a time, in order. A step-2 answer to a joining client
 * is held back until every update it contains is written, too.
 *
 * Storage failures: the in-memory document is never dropped. A failed append
 * is logged, the room turns dirty (`healthy` false) and the batch is still
 * broadcast — availability over strict durability, since the document lives
 * on in memory and in every client — and a full snapshot (`compact`) is
 * retried with backoff until storage accepts it.
 */
export class Room {
  /** The room id (validated by the edge). */
  readonly id: string;
  /** Resolves `true` once loaded, `false` if loading failed. Never rejects. */
  readonly loaded: Promise<boolean>;

  readonly #store: DocumentStore;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #limits: RoomLimits;
  readonly #hooks: RoomHooks;
  readonly #now: () => number;
  readonly #doc = new Y.Doc();
  /** Checks updates of connections with a role; made when first needed. */
  #guard: UpdateGuard | undefined;
  readonly #awareness: awarenessProtocol.Awareness;
  readonly #connections = new Map<SocketLike, Connection>();
  /** Which connection announced each awareness client id (see #claimAwareness). */
  readonly #awarenessOwners = new Map<number, Connection>();
  readonly #connectionRecords = new WeakSet<object>();
  #state: RoomState = 'loading';
  #queue: QueuedEvent[] = [];
  /**
   * State vector before the last transaction that changed the document or
   * left parts of an update waiting for what they build on; `undefined` when
   * no transaction since the last reset did. Set by #onTransaction.
   */
  #changedFrom: Map<number, number> | undefined;

  #pending: PendingUpdate[] = [];
  #flushQueued = false;
  /** Tail of the write chain; never rejects. */
  #writes: Promise<unknown> = Promise.resolve();
  #outstandingWrites = 0;
  #lastSeq = 0;
  #logCount = 0;
  #logBytes = 0;
  #storedBytes = 0;
  #dirty = false;
  #repairTimer: TimerHandle | undefined;
  #repairDelayMs = repairInitialDelayMs;

  constructor(options: RoomOptions) {
    this.id = options.roomId;
    this.#store = options.store;
    this.#logger = options.logger.child({ roomId: options.roomId });
    this.#timers = options.timers;
    this.#limits = options.limits;
    this.#hooks = options.hooks ?? {};
    this.#now = options.now ?? (() => performance.now());
    this.#awareness = new awarenessProtocol.Awareness(this.#doc);
    // The server is not a participant: it must not announce a presence of its own.
    this.#awareness.setLocalState(null);
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

  /** False while a change exists only in memory because storage failed. */
  get healthy(): boolean {
    return !this.#dirty;
  }

  /** Current counters. */
  get stats(): RoomStats {
    return {
      connections: this.connectionCount,
      storedBytes: this.#storedBytes,
      logCount: this.#logCount,
      logBytes: this.#logBytes,
      dirty: this.#dirty,
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
    return Y.encodeStateAsUpdate(this.#doc);
  }

  /** Resolves once every write queued so far (appends, snapshots) has finished. */
  async flush(): Promise<void> {
    await this.#enqueueWrite(async () => {});
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
    let persisted = !this.#dirty;
    if (this.#dirty || this.#logCount > 0) {
      persisted = await this.#enqueueWrite(() => this.#compact());
    }
    if (!persisted) {
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
      const updates = stored.updates;
      Y.transact(this.#doc, () => {
        for (const update of updates) Y.applyUpdate(this.#doc, update);
      });
    } catch (error) {
      this.#logger.error({ err: error }, 'room load failed; closing waiting sockets');
      const waiting = this.#queue.filter((e) => e.kind === 'join');
      this.#queue = [];
      this.#destroy();
      for (const event of waiting) {
        event.socket.close(CloseCode.storageUnavailable, 'board could not be loaded; retry later');
      }
      this.#hooks.onDiscarded?.(this);
      return false;
    }
    this.#lastSeq = stored.lastSeq;
    this.#logCount = stored.logCount;
    // Snapshot first (if any), then the log: the snapshot is the entry the log count leaves over.
    const logEntries = stored.updates.slice(stored.updates.length - stored.logCount);
    this.#logBytes = logEntries.reduce((total, update) => total + update.byteLength, 0);
    this.#storedBytes = stored.byteLength;
    this.#doc.on('afterTransaction', this.#onTransaction);
    this.#awareness.on('update', this.#onAwarenessUpdate);
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
    if (this.#compactionDue()) void this.#enqueueWrite(() => this.#compact());
    if (this.#connections.size === 0) this.#hooks.onIdle?.(this);
    return true;
  }

  #accept(socket: SocketLike): void {
    if (this.#connections.has(socket)) return;
    const rate = this.#limits.awarenessRate;
    const connection: Connection = {
      socket,
      awarenessClients: new Set(),
      awarenessBudget:
        rate === undefined ? undefined : new TokenBucket(rate.perSecond, rate.burst, this.#now()),
    };
    this.#connections.set(socket, connection);
    this.#connectionRecords.add(connection);
    const step1 = encoding.createEncoder();
    writeSyncStep1(step1, this.#doc);
    this.#send(connection, encoding.toUint8Array(step1));
    const clientIds = [...this.#awareness.getStates().keys()];
    if (clientIds.length > 0 && this.#connections.has(socket)) {
      const states = encoding.createEncoder();
      writeAwareness(states, this.#awareness, clientIds);
      this.#send(connection, encoding.toUint8Array(states));
    }
  }

  #handle(connection: Connection, data: Uint8Array): void {
    let reply: Uint8Array | undefined;
    let isStep2Answer = false;
    try {
      const message = decodeMessage(data);
      // First, cheap piece of role enforcement (issue #4); the full per-role check comes later.
      if (connection.socket.role === 'viewer') {
        if (message.type === 'update') {
          this.#logger.warn({ role: 'viewer' }, 'closing socket: viewer sent an edit');
          this.#closeConnection(connection, CloseCode.forbidden, 'viewers cannot edit');
          return;
        }
        // The stock provider answers our step 1 with its own diff; a viewer's is never applied.
        if (message.type === 'syncStep2') return;
      }
      if (
        (message.type === 'syncStep2' || message.type === 'update') &&
        connection.socket.role !== undefined
      ) {
        const refusal = this.#checkUpdate(connection, message.update);
        if (refusal !== undefined) {
          this.#logger.warn(
            { role: connection.socket.role, reason: refusal, bytes: message.update.byteLength },
            'closing socket: update refused',
          );
          this.#closeConnection(connection, CloseCode.editRejected, refusal);
          return;
        }
      }
      if (message.type === 'syncStep2' || message.type === 'update') {
        const limit = this.#limits.maxDocumentBytes;
        if (this.#storedBytes + message.update.byteLength > limit) {
          this.#logger.warn(
            { storedBytes: this.#storedBytes, updateBytes: message.update.byteLength, limit },
            'update refused: document size limit',
          );
          this.#closeConnection(
            connection,
            CloseCode.documentTooLarge,
            `board would exceed its ${limit} byte limit`,
          );
          return;
        }
      }
      if (message.type === 'awareness' && connection.socket.role !== undefined) {
        const forged = this.#forgedPresence(connection, message.entries);
        if (forged !== undefined) {
          this.#logger.warn({ role: connection.socket.role }, 'closing socket: forged presence');
          this.#closeConnection(connection, CloseCode.editRejected, forged);
          return;
        }
      }
      if (message.type === 'awareness' && !this.#admitAwareness(connection, message.entries)) {
        this.#logger.warn({ budget: 'awareness' }, 'closing socket: rate limit');
        this.#closeConnection(
          connection,
          CloseCode.rateLimited,
          'too many messages (awareness); slow down',
        );
        return;
      }
      const encoder = encoding.createEncoder();
      if (message.type === 'syncStep2' || message.type === 'update') {
        this.#applyUpdate(message, encoder, connection);
      } else {
        applyMessage(message, encoder, this.#doc, this.#awareness, connection);
      }
      if (encoding.length(encoder) > 0) reply = encoding.toUint8Array(encoder);
      isStep2Answer = message.type === 'syncStep1';
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
    if (isStep2Answer) this.#sendAfterWrites(connection, reply);
    else this.#send(connection, reply);
  }

  /**
   * Applies a client's update and queues what it changed for writing and
   * broadcasting: the bytes as received, or nothing if the document already
   * had all of it. When Yjs refuses an update halfway (a broken delete set
   * after good items), the part that went in is queued, encoded from the
   * document, before the error goes on to close the sender.
   * @throws MalformedMessageError when Yjs refuses the update.
   */
  #applyUpdate(
    message: Extract<SyncMessage, { type: 'syncStep2' | 'update' }>,
    encoder: encoding.Encoder,
    connection: Connection,
  ): void {
    this.#changedFrom = undefined;
    let applied = false;
    try {
      applyMessage(message, encoder, this.#doc, this.#awareness, connection);
      applied = true;
    } finally {
      const changedFrom = this.#changedFrom;
      this.#changedFrom = undefined;
      if (changedFrom !== undefined) {
        this.#queueUpdate(
          applied
            ? message.update
            : Y.encodeStateAsUpdate(this.#doc, Y.encodeStateVector(changedFrom)),
          connection,
        );
      }
    }
  }

  /**
   * Why the connection's update may not be applied (its role's rules or
   * the record schema), or `undefined`. Rooms with roles only: the guard
   * and its index are made on the first update that needs them.
   * @throws MalformedMessageError if the update cannot be decoded.
   */
  #checkUpdate(connection: Connection, update: Uint8Array): string | undefined {
    if (this.#guard === undefined) {
      const validate = loadedRecordValidator();
      if (validate === undefined) throw new Error('record schema not loaded');
      this.#guard = new UpdateGuard(this.#doc, validate);
    }
    const { role, participantId } = connection.socket;
    try {
      return this.#guard.check(update, { role, participantId });
    } catch (error) {
      throw new MalformedMessageError(`update could not be decoded: ${describeError(error)}`);
    }
  }

  /**
   * In a room with roles, a presence a connection publishes must name the
   * participant its key proves (tldraw's `presence.userId` is the user
   * record id, see `participantUserRecordId`), so nobody can show their
   * cursor under someone else's name or be followed as them. Only changes
   * count: the stock provider echoes everyone's presence at the clocks the
   * room already has.
   */
  #forgedPresence(connection: Connection, entries: readonly AwarenessEntry[]): string | undefined {
    for (const entry of entries) {
      const known = this.#awareness.meta.get(entry.clientId)?.clock ?? -1;
      if (entry.clock <= known || !isJsonObject(entry.state)) continue;
      const presence = entry.state.presence;
      if (!isJsonObject(presence) || presence.userId === undefined) continue;
      const { participantId } = connection.socket;
      if (
        participantId === undefined ||
        presence.userId !== participantUserRecordId(participantId)
      ) {
        return 'the presence names another participant';
      }
    }
    return undefined;
  }

  /**
   * Charges a presence change to the connection's budget. An update that
   * changes nothing (every clock already known: an echo) is free; it is not
   * broadcast either.
   */
  #admitAwareness(connection: Connection, entries: readonly AwarenessEntry[]): boolean {
    const budget = connection.awarenessBudget;
    if (budget === undefined) return true;
    const changes = entries.some((entry) => {
      // The same test y-protocols' applyAwarenessUpdate applies; a removal counts at the same clock.
      const known = this.#awareness.meta.get(entry.clientId)?.clock ?? 0;
      if (known < entry.clock) return true;
      return (
        known === entry.clock && entry.state === null && this.#awareness.states.has(entry.clientId)
      );
    });
    return !changes || budget.take(1, this.#now());
  }

  /** Sends once every update already in the document is written (or its write failed). */
  #sendAfterWrites(connection: Connection, message: Uint8Array): void {
    if (this.#outstandingWrites === 0) {
      this.#send(connection, message);
      return;
    }
    void this.#writes.then(() => {
      if (this.#connections.get(connection.socket) === connection) this.#send(connection, message);
    });
  }

  #send(connection: Connection, message: Uint8Array): void {
    if (connection.socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.#logger.warn(
        { bufferedAmount: connection.socket.bufferedAmount },
        'closing socket: send buffer full',
      );
      this.#closeConnection(connection, CloseCode.goingAway, 'too slow: send buffer full');
      return;
    }
    connection.socket.send(message);
  }

  #closeConnection(connection: Connection, code: number, reason: string): void {
    this.#remove(connection);
    connection.socket.close(code, reason);
  }

  #remove(connection: Connection): void {
    if (this.#connections.get(connection.socket) !== connection) return;
    this.#connections.delete(connection.socket);
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.#awareness,
        [...connection.awarenessClients],
        'left',
      );
    }
    if (this.#connections.size === 0 && this.#state === 'ready') this.#hooks.onIdle?.(this);
  }

  #broadcast(message: Uint8Array, except?: Connection): void {
    for (const connection of [...this.#connections.values()]) {
      if (connection !== except) this.#send(connection, message);
    }
  }

  /**
   * Notes a transaction that changed the document, by Yjs's own test for
   * emitting `update` (new items or deletions), or that leaves parts of an
   * update waiting for items it builds on: those are stored and passed on
   * at once too, so a crash before the missing items arrive loses nothing.
   */
  readonly #onTransaction = (transaction: Y.Transaction): void => {
    const { store } = this.#doc;
    if (
      transaction.deleteSet.clients.size > 0 ||
      store.pendingStructs !== null ||
      store.pendingDs !== null ||
      stateAdvanced(transaction.beforeState, transaction.afterState)
    ) {
      this.#changedFrom ??= transaction.beforeState;
    }
  };

  #queueUpdate(update: Uint8Array, connection: Connection): void {
    this.#pending.push({ update, origin: connection });
    this.#storedBytes += update.byteLength;
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    const turnEnds = new Promise<void>((resolve) => this.#timers.defer(resolve));
    void this.#enqueueWrite(async () => {
      await turnEnds;
      await this.#flushPending();
    });
  }

  readonly #onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const connection = this.#asConnection(origin);
    if (connection !== undefined) {
      for (const id of [...changes.added, ...changes.updated]) this.#claimAwareness(id, connection);
    }
    for (const id of changes.removed) {
      this.#awarenessOwners.get(id)?.awarenessClients.delete(id);
      this.#awarenessOwners.delete(id);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0 || this.#connections.size === 0) return;
    const encoder = encoding.createEncoder();
    writeAwareness(encoder, this.#awareness, changed);
    this.#broadcast(encoding.toUint8Array(encoder));
  };

  /**
   * One owner per awareness client id: a client that reconnects before its old
   * socket is dropped announces the same id on the new socket, and the old
   * socket's departure must not erase the new socket's presence.
   */
  #claimAwareness(id: number, connection: Connection): void {
    const previous = this.#awarenessOwners.get(id);
    if (previous === connection) return;
    previous?.awarenessClients.delete(id);
    this.#awarenessOwners.set(id, connection);
    connection.awarenessClients.add(id);
  }

  #asConnection(origin: unknown): Connection | undefined {
    return typeof origin === 'object' && origin !== null && this.#connectionRecords.has(origin)
      ? (origin as Connection)
      : undefined;
  }

  /** Appends the batch, then broadcasts it as one merged update. */
  async #flushPending(): Promise<void> {
    this.#flushQueued = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    const updates = batch.map((p) => p.update);
    const bytes = updates.reduce((total, update) => total + update.byteLength, 0);
    let written = false;
    try {
      this.#lastSeq = await this.#store.append(this.id, updates);
      this.#logCount += updates.length;
      this.#logBytes += bytes;
      written = true;
    } catch (error) {
      this.#logger.error(
        { err: error, updates: updates.length, bytes },
        'append failed; document kept in memory, snapshot will be retried',
      );
      this.#markDirty();
    }
    if (this.#state !== 'closed') this.#broadcastBatch(batch);
    if (written && (this.#dirty || this.#compactionDue())) await this.#compact();
  }

  #broadcastBatch(batch: readonly PendingUpdate[]): void {
    const [first] = batch;
    if (first === undefined || this.#connections.size === 0) return;
    const merged = batch.length === 1 ? first.update : Y.mergeUpdates(batch.map((p) => p.update));
    // A lone author already has every change in the batch.
    const author = batch.every((p) => p.origin === first.origin) ? first.origin : undefined;
    const encoder = encoding.createEncoder();
    writeUpdate(encoder, merged);
    this.#broadcast(encoding.toUint8Array(encoder), author);
  }

  #compactionDue(): boolean {
    return (
      this.#logCount >= this.#limits.compactAfterUpdates ||
      this.#logBytes >= this.#limits.compactAfterBytes
    );
  }

  /** Replaces snapshot + log with one snapshot of the in-memory document. */
  async #compact(): Promise<boolean> {
    if (this.#state === 'closed') return true;
    const snapshot = Y.encodeStateAsUpdate(this.#doc);
    const throughSeq = this.#lastSeq;
    const storedBefore = this.#storedBytes;
    try {
      await this.#store.compact(this.id, snapshot, throughSeq);
    } catch (error) {
      this.#logger.error({ err: error, dirty: this.#dirty }, 'compaction failed');
      if (this.#dirty) this.#scheduleRepair();
      return false;
    }
    this.#logCount = 0;
    this.#logBytes = 0;
    // Updates that arrived while the snapshot was being written are still to be appended.
    this.#storedBytes = snapshot.byteLength + (this.#storedBytes - storedBefore);
    if (this.#dirty) {
      this.#dirty = false;
      this.#repairDelayMs = repairInitialDelayMs;
      if (this.#repairTimer !== undefined) this.#timers.clearTimeout(this.#repairTimer);
      this.#repairTimer = undefined;
      this.#logger.info({ bytes: snapshot.byteLength }, 'storage recovered; snapshot written');
    } else {
      this.#logger.debug({ bytes: snapshot.byteLength, throughSeq }, 'room compacted');
    }
    return true;
  }

  #markDirty(): void {
    this.#dirty = true;
    this.#scheduleRepair();
  }

  #scheduleRepair(): void {
    if (this.#repairTimer !== undefined || this.#state === 'closed') return;
    const delay = this.#repairDelayMs;
    this.#repairDelayMs = Math.min(delay * 2, repairMaxDelayMs);
    this.#repairTimer = this.#timers.setTimeout(() => {
      this.#repairTimer = undefined;
      if (this.#dirty) void this.#enqueueWrite(() => this.#compact());
    }, delay);
  }

  /** Runs `task` after every write queued before it; the chain survives failures. */
  #enqueueWrite<T>(task: () => Promise<T>): Promise<T> {
    this.#outstandingWrites += 1;
    const run = this.#writes.then(task);
    this.#writes = run.then(
      () => {
        this.#outstandingWrites -= 1;
      },
      (error: unknown) => {
        this.#outstandingWrites -= 1;
        this.#logger.error({ err: error }, 'unexpected error in room write');
      },
    );
    return run;
  }

  #destroy(): void {
    this.#state = 'closed';
    this.#guard?.dispose();
    this.#guard = undefined;
    if (this.#repairTimer !== undefined) this.#timers.clearTimeout(this.#repairTimer);
    this.#repairTimer = undefined;
    this.#doc.off('afterTransaction', this.#onTransaction);
    this.#awareness.off('update', this.#onAwarenessUpdate);
    this.#awareness.destroy();
    this.#doc.destroy();
  }
}

function stateAdvanced(before: Map<number, number>, after: Map<number, number>): boolean {
  for (const [client, clock] of after) {
    if (before.get(client) !== clock) return true;
  }
  return false;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
