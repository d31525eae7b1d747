import { getRecordsArray } from '@kohtaamo/shared';
import type { Logger } from '../logger.js';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import type { RoomLimits } from '../room/Room.js';
import { dropMessage, type RoomExtensionFactory } from '../room/RoomExtension.js';
import { type RoomConnection, type RoomHold, RoomRegistry } from '../room/RoomRegistry.js';
import type { RecordValidator } from '../room/recordSchema.js';
import { documentSizeRule } from '../room/rules/documentSizeRule.js';
import { recordGuardRule } from '../room/rules/recordGuardRule.js';
import type { SocketLike } from '../room/SocketLike.js';
import type { Timers } from '../room/Timers.js';

/** Between a room id and a participant id in a private document's id. */
const privateInfix = '.private.';

/** Id of `participantId`'s private document of room `roomId`. */
export function privateDocumentId(roomId: string, participantId: string): string {
  return `${roomId}${privateInfix}${participantId}`;
}

/** Dependencies of {@link PrivateDocuments}. */
export interface PrivateDocumentsOptions {
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly limits: RoomLimits;
  readonly roomIdleMs: number;
  /** The board's record schema: private documents hold board records. */
  readonly validateRecord: RecordValidator;
  /** Largest stored size of one private document. */
  readonly maxDocumentBytes: number;
  /** Monotonic clock (ms) for the rooms; `performance.now()` by default. */
  readonly now?: () => number;
  /** A private document left memory (see `RoomRegistryOptions.onRoomClosed`), by its board's room id. */
  readonly onRoomClosed?: (roomId: string) => void;
}

/** Hears that someone's private document of a room holds records after a write or a load. */
export type PrivateWriteListener = (participantId: string) => void;

/**
 * Each person's private document of a room: where the notes they write
 * during a private round live until the reveal. A Yjs update reaches
 * everyone who has the document, so hidden notes cannot be in the board's
 * document at all; instead each participant has a document of their own,
 * `<roomId>.private.<participantId>`, which only a socket proving that
 * participant's key reaches (the route: `?doc=private`). It is served by
 * the same machinery as a board (its own {@link RoomRegistry}, storage,
 * write-before-broadcast, the stock sync protocol), so hidden notes survive
 * the author's reload, going offline and a server restart.
 *
 * Every update is checked as if the owner were a guest (shapes, bindings
 * and assets naming them as author; no templates, pages or users) and
 * against the size limit; presence is dropped, as nobody else is there to
 * see it. The facilitation extension of the board reads and clears these
 * documents when the facilitator reveals the round
 * ({@link authors}, {@link hold}), and hears through {@link onWrite} when
 * one gets records while no round is on, to put those on the board too.
 */
export class PrivateDocuments {
  readonly #rooms: RoomRegistry;
  readonly #store: DocumentStore;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #listeners = new Map<string, Set<PrivateWriteListener>>();

  constructor(options: PrivateDocumentsOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#timers = options.timers;
    this.#rooms = new RoomRegistry({
      store: options.store,
      logger: options.logger,
      timers: options.timers,
      limits: options.limits,
      roomIdleMs: options.roomIdleMs,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.onRoomClosed === undefined
        ? {}
        : { onRoomClosed: (id: string) => options.onRoomClosed?.(parsePrivateId(id).roomId) }),
      extensions: [
        recordGuardRule(options.validateRecord, { actAs: 'guest' }),
        documentSizeRule(options.maxDocumentBytes),
        this.#privateRule,
      ],
    });
  }

  /** Loaded private documents. */
  get roomCount(): number {
    return this.#rooms.roomCount;
  }

  /** Open private sockets. */
  get connectionCount(): number {
    return this.#rooms.connectionCount;
  }

  /** False while some private document holds changes storage has not accepted. */
  get healthy(): boolean {
    return this.#rooms.healthy;
  }

  /**
   * Routes a socket to its holder's private document of `roomId`.
   * @throws Error if the socket proves no participant (the route refuses those first).
   */
  connect(roomId: string, socket: SocketLike): RoomConnection {
    const participantId = socket.participantId;
    if (participantId === undefined) throw new Error('a private document needs a participant');
    return this.#rooms.connect(privateDocumentId(roomId, participantId), socket);
  }

  /** Participants who have a private document of `roomId`, stored or in memory. */
  async authors(roomId: string): Promise<string[]> {
    const prefix = privateDocumentId(roomId, '');
    const ids = new Set([...(await this.#store.list(prefix)), ...this.#rooms.loadedIds(prefix)]);
    return [...ids].map((id) => id.slice(prefix.length)).filter((id) => id !== '');
  }

  /** Keeps `participantId`'s private document of `roomId` loaded; see `RoomRegistry.hold`. */
  hold(roomId: string, participantId: string): Promise<RoomHold> {
    return this.#rooms.hold(privateDocumentId(roomId, participantId));
  }

  /**
   * Calls `listener` (after the write, never inside it) whenever a private
   * document of `roomId` holds records after a client's write or a load.
   * Returns the function that stops it.
   */
  onWrite(roomId: string, listener: PrivateWriteListener): () => void {
    let listeners = this.#listeners.get(roomId);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(roomId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#listeners.get(roomId) === listeners) {
        this.#listeners.delete(roomId);
      }
    };
  }

  /** Whether any private document of `roomId` is in memory. */
  loaded(roomId: string): boolean {
    return this.#rooms.loadedIds(privateDocumentId(roomId, '')).length > 0;
  }

  /** Lets every private document of `roomId` go without writing (another instance owns the room). */
  abandon(roomId: string): void {
    for (const id of this.#rooms.loadedIds(privateDocumentId(roomId, ''))) this.#rooms.abandon(id);
  }

  /**
   * For deleting a room: closes the sockets of its private documents and
   * resolves once they are out of memory with every write finished (see
   * `RoomRegistry.evict`), so {@link erase} cannot be undone by a late flush.
   */
  async evict(roomId: string, code: number, reason: string): Promise<void> {
    const prefix = privateDocumentId(roomId, '');
    await Promise.all(
      this.#rooms.loadedIds(prefix).map((id) => this.#rooms.evict(id, code, reason)),
    );
  }

  /** Erases every private document of `roomId` from storage. */
  async erase(roomId: string): Promise<void> {
    const stored = await this.#store.list(privateDocumentId(roomId, ''));
    await Promise.all(stored.map((id) => this.#store.delete(id)));
  }

  /** Shutdown: closes every private socket, then writes and unloads every private document. */
  closeAll(): Promise<void> {
    return this.#rooms.closeAll();
  }

  /** Private documents: presence goes nowhere, and the board hears of records. */
  readonly #privateRule: RoomExtensionFactory = (room) => {
    const { roomId, participantId } = parsePrivateId(room.roomId);
    const notifyIfHolding = () => {
      if (getRecordsArray(room.doc).length === 0) return;
      // Outside the room's own flush: a listener may hold and change this document.
      this.#timers.defer(() => {
        for (const listener of this.#listeners.get(roomId) ?? []) {
          try {
            listener(participantId);
          } catch (error) {
            this.#logger.error({ err: error, roomId }, 'private write listener failed');
          }
        }
      });
    };
    return {
      name: 'privateDocument',
      beforeAwareness: () => dropMessage,
      onLoad: notifyIfHolding,
      afterFlush: notifyIfHolding,
    };
  };
}

function parsePrivateId(id: string): { roomId: string; participantId: string } {
  const at = id.lastIndexOf(privateInfix);
  if (at < 0) throw new Error(`not a private document id: ${id}`);
  return { roomId: id.slice(0, at), participantId: id.slice(at + privateInfix.length) };
}
