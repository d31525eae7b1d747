import { CloseCode } from '@kohtaamo/shared';
import type { Logger } from '../logger.js';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import { Room, type RoomLimits } from './Room.js';
import type { RoomExtensionFactory } from './RoomExtension.js';
import type { SocketLike } from './SocketLike.js';
import type { TimerHandle, Timers } from './Timers.js';
import type { UpdateFolder } from './UpdateFolder.js';

/** What the transport adapter holds for one open socket. */
export interface RoomConnection {
  /** Passes one binary frame from the socket to its room. */
  receive(message: Uint8Array): void;
  /** The socket closed: removes it, and its awareness states, from the room. */
  leave(): void;
}

/** Dependencies of a {@link RoomRegistry}. */
export interface RoomRegistryOptions {
  readonly store: DocumentStore;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly limits: RoomLimits;
  /** The rules and features every room runs (see `standardRoomRules`). */
  readonly extensions?: readonly RoomExtensionFactory[];
  /** How long a room without connections stays loaded before it is flushed and unloaded. */
  readonly roomIdleMs: number;
  /** Monotonic clock (ms) for the rooms' rate limits; `performance.now()` by default. */
  readonly now?: () => number;
  /**
   * A room left memory (unloaded, evicted, abandoned, or its load failed),
   * so whoever keeps per-room state elsewhere (a cluster's lease) can drop it.
   */
  readonly onRoomClosed?: (roomId: string) => void;
  /** Hears every refusal that closed a sender, in any room (for metrics). */
  readonly onRefused?: (code: string) => void;
  /** Folds big boards' stored updates off the event loop when they compact. */
  readonly folder?: UpdateFolder | undefined;
}

/** One socket's route to its room; `room` is unset while it waits for an unload. */
interface Link {
  readonly socket: SocketLike;
  room: Room | undefined;
  queue: Uint8Array[];
  left: boolean;
}

interface Entry {
  readonly room: Room;
  idleTimer: TimerHandle | undefined;
  /** Open {@link RoomHold}s: the room stays loaded while any is. */
  holds: number;
}

/** A loaded room kept in memory for a server-side reader or writer; see {@link RoomRegistry.hold}. */
export interface RoomHold {
  readonly room: Room;
  /** Lets the room unload again once idle. Idempotent. */
  release(): void;
}

const shutdownReason = 'server is restarting; reconnect';

/**
 * Keeps exactly one {@link Room} per active room id. Concurrent joins share
 * one load. A room without connections is flushed, compacted and unloaded
 * after `roomIdleMs`; a join arriving during that unload waits for it and
 * then triggers a fresh load, so the new room sees every write of the old
 * one and two documents never exist side by side. If storage refuses the
 * final snapshot the room stays loaded (its changes exist only in memory)
 * and the waiting joins are handed to it instead.
 */
export class RoomRegistry {
  readonly #options: RoomRegistryOptions;
  readonly #logger: Logger;
  readonly #rooms = new Map<string, Entry>();
  /** Joins waiting for a room that is being unloaded, by room id. */
  readonly #parked = new Map<string, Link[]>();
  readonly #unloads = new Set<Promise<void>>();
  #closing = false;

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  /** Loaded (or loading) rooms. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Open sockets across all rooms, including those waiting for a load or unload. */
  get connectionCount(): number {
    let count = 0;
    for (const { room } of this.#rooms.values()) count += room.connectionCount;
    for (const links of this.#parked.values()) count += links.filter((l) => !l.left).length;
    return count;
  }

  /** False while some room holds changes that storage has not accepted. */
  get healthy(): boolean {
    for (const { room } of this.#rooms.values()) if (!room.healthy) return false;
    return true;
  }

  /** The room with this id, if loaded or loading (for diagnostics and tests). */
  get(roomId: string): Room | undefined {
    return this.#rooms.get(roomId)?.room;
  }

  /** Ids of the rooms loaded, loading or unloading whose id starts with `prefix`. */
  loadedIds(prefix: string): string[] {
    return [...this.#rooms.keys(), ...this.#parked.keys()].filter((id) => id.startsWith(prefix));
  }

  /**
   * Keeps a room in memory, loading it if needed, for a server-side reader
   * or writer that has no socket (revealing a private round reads and
   * clears private documents). Waits for an unload in progress, so the
   * holder sees every write of the previous instance. The room does not
   * idle-unload until every hold is released; eviction and shutdown still
   * close it (its `change` then throws).
   * @throws Error when the room cannot be loaded or the registry is closing.
   */
  async hold(roomId: string): Promise<RoomHold> {
    while (this.#parked.has(roomId) && !this.#closing) await Promise.all(this.#unloads);
    if (this.#closing) throw new Error('the server is shutting down');
    let entry = this.#rooms.get(roomId);
    if (entry === undefined) {
      entry = { room: this.#createRoom(roomId), idleTimer: undefined, holds: 0 };
      this.#rooms.set(roomId, entry);
    }
    const held = entry;
    held.holds += 1;
    this.#cancelIdle(held);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      held.holds -= 1;
      if (held.holds === 0 && held.room.connectionCount === 0 && held.room.state === 'ready') {
        this.#scheduleIdle(roomId, held.room);
      }
    };
    if (!(await held.room.loaded) || held.room.state !== 'ready') {
      release();
      throw new Error(`room ${roomId} could not be loaded`);
    }
    return { room: held.room, release };
  }

  /**
   * The current state of a room's document as updates to apply in order:
   * from memory when the room is loaded (so unsaved changes are included),
   * otherwise from storage without loading the room. An empty list means the
   * room has never been written.
   */
  async readDocument(roomId: string): Promise<readonly Uint8Array[]> {
    const room = this.#rooms.get(roomId)?.room;
    if (room !== undefined && (await room.loaded)) {
      const state = room.encodeState();
      if (state !== undefined) return [state];
    }
    // Not loaded, or unloaded meanwhile: an unload finishes its writes before the room is dropped.
    return (await this.#options.store.load(roomId)).updates;
  }

  /**
   * Routes a newly opened socket to its room. Messages received before the
   * room can take them are queued in order.
   */
  connect(roomId: string, socket: SocketLike): RoomConnection {
    const link: Link = { socket, room: undefined, queue: [], left: false };
    if (this.#closing) {
      link.left = true;
      socket.close(CloseCode.serviceRestart, shutdownReason);
    } else {
      const parked = this.#parked.get(roomId);
      if (parked !== undefined) parked.push(link);
      else this.#attach(roomId, link);
    }
    return {
      receive(message) {
        if (link.left) return;
        if (link.room !== undefined) link.room.receive(socket, message);
        else link.queue.push(message);
      },
      leave() {
        if (link.left) return;
        link.left = true;
        link.queue = [];
        link.room?.leave(socket);
      },
    };
  }

  /**
   * For deleting a room: closes its sockets (joined or waiting) with `code`
   * and `reason`, and resolves once the room is out of memory with every
   * write finished, so that erasing its storage afterwards cannot be undone
   * by a late flush. Joins arriving meanwhile load the room afresh; the
   * caller refuses them first (the room's tokens stop working when it
   * leaves the directory).
   */
  async evict(roomId: string, code: number, reason: string): Promise<void> {
    for (const link of this.#parked.get(roomId) ?? []) this.#closeLinkWith(link, code, reason);
    await Promise.all(this.#unloads);
    const entry = this.#rooms.get(roomId);
    if (entry === undefined) return;
    this.#cancelIdle(entry);
    this.#rooms.delete(roomId);
    const { room } = entry;
    room.closeConnections(code, reason);
    try {
      if (!(await room.loaded) || room.state !== 'ready') return;
      await room.unload();
    } finally {
      this.#options.onRoomClosed?.(roomId);
    }
  }

  /**
   * Drops `room` (if it is still the loaded one) without writing: another
   * instance owns it now. Its sockets are closed with `serviceRestart`, so their
   * clients reconnect, to the new owner.
   */
  abandon(roomId: string, room: Room | undefined = this.#rooms.get(roomId)?.room): void {
    const entry = this.#rooms.get(roomId);
    if (entry === undefined || entry.room !== room) return;
    this.#cancelIdle(entry);
    this.#rooms.delete(roomId);
    room.abandon(CloseCode.serviceRestart, 'this board moved to another server; reconnect');
    this.#logger.warn({ roomId }, 'room let go: another instance owns it');
    this.#options.onRoomClosed?.(roomId);
  }

  /**
   * Shutdown: refuses new sockets, closes every open one with `serviceRestart`
   * (its client reconnects at once, in a cluster to another instance),
   * then flushes, compacts and unloads every room.
   */
  async closeAll(): Promise<void> {
    this.#closing = true;
    for (const links of this.#parked.values()) {
      for (const link of links) this.#closeLink(link);
    }
    const shutdowns = [...this.#rooms.values()].map((entry) => {
      this.#cancelIdle(entry);
      return this.#shutdownRoom(entry.room);
    });
    this.#rooms.clear();
    await Promise.all([...shutdowns, ...this.#unloads]);
  }

  #attach(roomId: string, link: Link): void {
    let entry = this.#rooms.get(roomId);
    if (entry === undefined) {
      entry = { room: this.#createRoom(roomId), idleTimer: undefined, holds: 0 };
      this.#rooms.set(roomId, entry);
    }
    this.#cancelIdle(entry);
    const { room } = entry;
    link.room = room;
    room.join(link.socket);
    const queued = link.queue;
    link.queue = [];
    for (const message of queued) room.receive(link.socket, message);
  }

  #createRoom(roomId: string): Room {
    const { store, logger, timers, limits, extensions, now, onRefused, folder } = this.#options;
    return new Room({
      onRefused,
      folder,
      roomId,
      store,
      logger,
      timers,
      limits,
      ...(extensions === undefined ? {} : { extensions }),
      ...(now === undefined ? {} : { now }),
      lifecycle: {
        onIdle: (room) => this.#scheduleIdle(roomId, room),
        onDiscarded: (room) => {
          const entry = this.#rooms.get(roomId);
          if (entry?.room !== room) return;
          this.#cancelIdle(entry);
          this.#rooms.delete(roomId);
          this.#options.onRoomClosed?.(roomId);
        },
        onFencedOut: (room) => this.abandon(roomId, room),
      },
    });
  }

  #scheduleIdle(roomId: string, room: Room): void {
    const entry = this.#rooms.get(roomId);
    if (this.#closing || entry?.room !== room) return;
    this.#cancelIdle(entry);
    entry.idleTimer = this.#options.timers.setTimeout(() => {
      entry.idleTimer = undefined;
      this.#unload(roomId, entry);
    }, this.#options.roomIdleMs);
  }

  #cancelIdle(entry: Entry): void {
    if (entry.idleTimer === undefined) return;
    this.#options.timers.clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }

  #unload(roomId: string, entry: Entry): void {
    const { room } = entry;
    if (this.#closing || this.#rooms.get(roomId) !== entry || room.connectionCount > 0) return;
    if (entry.holds > 0) return;
    if (room.state !== 'ready') return;
    this.#rooms.delete(roomId);
    const parked: Link[] = [];
    this.#parked.set(roomId, parked);
    const task = room
      .unload()
      .then(
        (persisted) => this.#afterUnload(roomId, entry, parked, persisted),
        (error: unknown) => {
          this.#logger.error({ err: error, roomId }, 'room unload failed unexpectedly');
          this.#afterUnload(roomId, entry, parked, room.state === 'closed');
        },
      )
      .finally(() => this.#unloads.delete(task));
    this.#unloads.add(task);
  }

  #afterUnload(roomId: string, entry: Entry, parked: Link[], persisted: boolean): void {
    this.#parked.delete(roomId);
    const waiting = parked.filter((link) => !link.left);
    if (this.#closing) {
      for (const link of waiting) this.#closeLink(link);
      if (!persisted) {
        this.#logger.error({ roomId }, 'room could not be persisted before shutdown');
      }
      return;
    }
    if (persisted) {
      this.#logger.debug({ roomId, waiting: waiting.length }, 'room unloaded');
      if (waiting.length === 0) this.#options.onRoomClosed?.(roomId);
      for (const link of waiting) this.#attach(roomId, link);
      return;
    }
    this.#logger.warn({ roomId }, 'room kept in memory: storage refused its final snapshot');
    this.#rooms.set(roomId, entry);
    for (const link of waiting) this.#attach(roomId, link);
    if (entry.room.connectionCount === 0) this.#scheduleIdle(roomId, entry.room);
  }

  async #shutdownRoom(room: Room): Promise<void> {
    room.closeConnections(CloseCode.serviceRestart, shutdownReason);
    if (!(await room.loaded) || room.state !== 'ready') return;
    const persisted = await room.unload();
    if (!persisted) {
      this.#logger.error({ roomId: room.id }, 'room could not be persisted before shutdown');
    }
  }

  #closeLink(link: Link): void {
    this.#closeLinkWith(link, CloseCode.serviceRestart, shutdownReason);
  }

  #closeLinkWith(link: Link, code: number, reason: string): void {
    if (link.left) return;
    link.left = true;
    link.queue = [];
    link.socket.close(code, reason);
  }
}
