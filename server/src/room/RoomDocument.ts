import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Connection } from './Connection.js';
import type { DocumentWriter } from './DocumentWriter.js';
import { EncodedStateCache } from './EncodedStateCache.js';
import {
  applyMessage,
  type SyncMessage,
  writeAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from './syncHandlers.js';
import type { Timers } from './Timers.js';

/** Who a {@link RoomDocument} talks to: the room's joined connections. */
export interface RoomMembers {
  /** Number of joined connections. */
  readonly size: number;
  /** A copy of the joined connections (sending may close, and so remove, one). */
  list(): Connection[];
  /** Whether `connection` is still joined. */
  has(connection: Connection): boolean;
  /** Sends one frame; a slow consumer is closed instead. */
  send(connection: Connection, frame: Uint8Array): void;
}

/** Dependencies of a {@link RoomDocument}. */
export interface RoomDocumentOptions {
  readonly writer: DocumentWriter;
  readonly timers: Timers;
  readonly members: RoomMembers;
  /** Called after each batch was appended (or failed) and broadcast. */
  readonly afterFlush: (updates: readonly Uint8Array[], written: boolean) => void;
}

interface PendingUpdate {
  readonly update: Uint8Array;
  /** The connection that sent it; `undefined` for the server's own changes. */
  readonly origin: Connection | undefined;
}

/** Transaction origin of changes the server makes (`change`). */
const serverOrigin = Symbol('server');

/**
 * A room's Y.Doc and awareness, and how changes to them travel: updates
 * arriving in one event-loop turn are appended with one write and only then
 * broadcast as one merged message, so whatever a participant has seen was
 * written first. An update is stored and passed on as the client sent it:
 * Yjs updates are idempotent and commute, so this converges like
 * re-encoding each transaction would, without paying for the encoding (the
 * document has no `update` listener). A step-2 answer to a joining client
 * is held back until every update it contains is written, too.
 *
 * Presence: each awareness client id has one owner connection, so a client
 * that reconnects before its old socket is dropped keeps its presence when
 * the old socket goes.
 */
export class RoomDocument {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly #writer: DocumentWriter;
  readonly #timers: Timers;
  readonly #members: RoomMembers;
  readonly #afterFlush: RoomDocumentOptions['afterFlush'];
  /** Which connection announced each awareness client id (see #claimAwareness). */
  readonly #awarenessOwners = new Map<number, Connection>();
  /** The whole document, encoded once for the joins and readers that need all of it. */
  readonly #encodedState: EncodedStateCache;
  /**
   * State vector before the last transaction that changed the document or
   * left parts of an update waiting for what they build on; `undefined` when
   * no transaction since the last reset did. Set by #onTransaction.
   */
  #changedFrom: Map<number, number> | undefined;
  #pending: PendingUpdate[] = [];
  #flushQueued = false;
  /** Awareness clients changed this turn, broadcast together when it ends. */
  readonly #awarenessDue = new Set<number>();
  #listening = false;

  constructor(options: RoomDocumentOptions) {
    this.#writer = options.writer;
    this.#timers = options.timers;
    this.#members = options.members;
    this.#afterFlush = options.afterFlush;
    this.#encodedState = new EncodedStateCache(this.doc, options.timers);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it must not announce a presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Applies the stored updates and starts following changes. */
  load(updates: readonly Uint8Array[]): void {
    Y.transact(this.doc, () => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    });
    this.doc.on('afterTransaction', this.#onTransaction);
    this.awareness.on('update', this.#onAwarenessUpdate);
    this.#listening = true;
  }

  /** The frames a joining connection gets first: the room's step 1, then everyone's presence. */
  welcome(connection: Connection): void {
    const step1 = encoding.createEncoder();
    writeSyncStep1(step1, this.doc);
    this.#members.send(connection, encoding.toUint8Array(step1));
    const clientIds = [...this.awareness.getStates().keys()];
    if (clientIds.length > 0 && this.#members.has(connection)) {
      const states = encoding.createEncoder();
      writeAwareness(states, this.awareness, clientIds);
      this.#members.send(connection, encoding.toUint8Array(states));
    }
  }

  /**
   * The sync step 2 frame answering a client's step 1. A client that knows
   * none of the document's writers (every new browser) gets the whole
   * document, encoded once for all of them while nothing changes it.
   */
  answerStep1(stateVector: Uint8Array): Uint8Array {
    if (this.#encodedState.servesWhole(Y.decodeStateVector(stateVector))) {
      return this.#encodedState.step2Frame();
    }
    const encoder = encoding.createEncoder();
    writeSyncStep2(encoder, this.doc, stateVector);
    return encoding.toUint8Array(encoder);
  }

  /** The whole document as one update (shared with joins: the caller must not modify it). */
  encodeState(): Uint8Array {
    return this.#encodedState.update();
  }

  /**
   * Applies a message that is not a document update nor a step 1 (presence,
   * a presence query), writing any reply into `encoder`.
   */
  apply(
    message: Exclude<SyncMessage, { type: 'syncStep1' | 'syncStep2' | 'update' | 'control' }>,
    encoder: encoding.Encoder,
    connection: Connection,
  ): void {
    applyMessage(message, encoder, this.doc, this.awareness, connection);
  }

  /**
   * Applies a client's update and queues what it changed for writing and
   * broadcasting: the bytes as received, or nothing if the document already
   * had all of it. When Yjs refuses an update halfway (a broken delete set
   * after good items), the part that went in is queued, encoded from the
   * document, before the error goes on to close the sender.
   * @throws MalformedMessageError when Yjs refuses the update.
   */
  applyUpdate(
    message: Extract<SyncMessage, { type: 'syncStep2' | 'update' }>,
    encoder: encoding.Encoder,
    connection: Connection,
  ): void {
    this.#changedFrom = undefined;
    let applied = false;
    try {
      applyMessage(message, encoder, this.doc, this.awareness, connection);
      applied = true;
    } finally {
      const changedFrom = this.#changedFrom;
      this.#changedFrom = undefined;
      if (changedFrom !== undefined) {
        this.#queueUpdate(
          applied
            ? message.update
            : Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(changedFrom)),
          connection,
        );
      }
    }
  }

  /**
   * Changes the document as the server, in one transaction; the change is
   * written and broadcast to everyone like a client's update. Resolves once
   * it is written (or its write failed and a snapshot is being retried) and
   * broadcast.
   */
  change(change: (doc: Y.Doc) => void): Promise<void> {
    let captured: Uint8Array | undefined;
    const capture = (update: Uint8Array) => {
      captured = update;
    };
    // A listener only for the server's own, rare changes: clients' updates are passed on as sent.
    this.doc.on('update', capture);
    try {
      Y.transact(this.doc, () => change(this.doc), serverOrigin);
    } finally {
      this.doc.off('update', capture);
    }
    if (captured !== undefined) this.#queueUpdate(captured, undefined);
    // The batch's write (and broadcast) is on the chain now; settling means it is done.
    return this.#writer.settled().then(() => undefined);
  }

  /** Sends once every update already in the document is written (or its write failed). */
  sendAfterWrites(connection: Connection, frame: Uint8Array): void {
    if (!this.#writer.busy) {
      this.#members.send(connection, frame);
      return;
    }
    void this.#writer.settled().then(() => {
      if (this.#members.has(connection)) this.#members.send(connection, frame);
    });
  }

  /** Removes the presence `connection` announced (it left). */
  dropPresence(connection: Connection): void {
    if (connection.awarenessClients.size === 0) return;
    awarenessProtocol.removeAwarenessStates(
      this.awareness,
      [...connection.awarenessClients],
      'left',
    );
  }

  /** Stops following changes and frees the document. */
  destroy(): void {
    if (this.#listening) {
      this.#listening = false;
      this.doc.off('afterTransaction', this.#onTransaction);
      this.awareness.off('update', this.#onAwarenessUpdate);
    }
    this.#encodedState.dispose();
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Notes a transaction that changed the document, by Yjs's own test for
   * emitting `update` (new items or deletions), or that leaves parts of an
   * update waiting for items it builds on: those are stored and passed on
   * at once too, so a crash before the missing items arrive loses nothing.
   */
  readonly #onTransaction = (transaction: Y.Transaction): void => {
    const { store } = this.doc;
    if (
      transaction.deleteSet.clients.size > 0 ||
      store.pendingStructs !== null ||
      store.pendingDs !== null ||
      stateAdvanced(transaction.beforeState, transaction.afterState)
    ) {
      this.#changedFrom ??= transaction.beforeState;
      this.#encodedState.invalidate();
    }
  };

  #queueUpdate(update: Uint8Array, origin: Connection | undefined): void {
    this.#pending.push({ update, origin });
    this.#writer.reserve(update.byteLength);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    const turnEnds = new Promise<void>((resolve) => this.#timers.defer(resolve));
    void this.#writer.enqueue(async () => {
      await turnEnds;
      await this.#flushPending();
    });
  }

  /** Appends the batch, then broadcasts it as one merged update. */
  async #flushPending(): Promise<void> {
    this.#flushQueued = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    const updates = batch.map((p) => p.update);
    const written = await this.#writer.append(updates);
    if (this.#listening) {
      this.#broadcastBatch(batch);
      this.#afterFlush(updates, written);
    }
    if (written) await this.#writer.compactIfDue();
  }

  #broadcastBatch(batch: readonly PendingUpdate[]): void {
    const [first] = batch;
    if (first === undefined || this.#members.size === 0) return;
    const merged = batch.length === 1 ? first.update : Y.mergeUpdates(batch.map((p) => p.update));
    // A lone author already has every change in the batch.
    const author =
      first.origin !== undefined && batch.every((p) => p.origin === first.origin)
        ? first.origin
        : undefined;
    const encoder = encoding.createEncoder();
    writeUpdate(encoder, merged);
    this.#broadcast(encoding.toUint8Array(encoder), author);
  }

  #broadcast(frame: Uint8Array, except?: Connection): void {
    for (const connection of this.#members.list()) {
      if (connection !== except) this.#members.send(connection, frame);
    }
  }

  readonly #onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin instanceof Connection) {
      for (const id of [...changes.added, ...changes.updated]) this.#claimAwareness(id, origin);
    }
    for (const id of changes.removed) {
      this.#awarenessOwners.get(id)?.awarenessClients.delete(id);
      this.#awarenessOwners.delete(id);
    }
    if (this.#members.size === 0) return;
    const due = this.#awarenessDue.size > 0;
    for (const id of changes.added) this.#awarenessDue.add(id);
    for (const id of changes.updated) this.#awarenessDue.add(id);
    for (const id of changes.removed) this.#awarenessDue.add(id);
    if (!due && this.#awarenessDue.size > 0) this.#timers.defer(this.#broadcastAwareness);
  };

  /**
   * Sends the presences that changed this turn as one awareness update (each
   * client's latest state, or its removal), as Hocuspocus does: with 50
   * people moving cursors, one frame per member per turn instead of one per
   * member per cursor move, and the stock provider echoes one frame back.
   */
  readonly #broadcastAwareness = (): void => {
    const changed = [...this.#awarenessDue];
    this.#awarenessDue.clear();
    if (!this.#listening || this.#members.size === 0) return;
    const encoder = encoding.createEncoder();
    writeAwareness(encoder, this.awareness, changed);
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
}

function stateAdvanced(before: Map<number, number>, after: Map<number, number>): boolean {
  for (const [client, clock] of after) {
    if (before.get(client) !== clock) return true;
  }
  return false;
}
