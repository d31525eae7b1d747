import type { Logger } from '../logger.js';
import type { RoomLeases, RoomOwner } from './RoomLeases.js';

/** Where a room's socket goes. */
export type RoomRoute =
  | { readonly kind: 'local' }
  | { readonly kind: 'forward'; readonly owner: RoomOwner }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Dependencies of {@link RoomOwnership}. */
export interface RoomOwnershipOptions {
  readonly leases: RoomLeases;
  /** Records a new lease's fence in storage before the room loads (`fenceRoom`). */
  readonly fenceRoom: (roomId: string, fence: number) => Promise<boolean>;
  /** The highest fence storage has recorded for the room (0 for none). */
  readonly recordedFence: (roomId: string) => Promise<number>;
  /** We lost a room's lease (it expired, another instance took it): let the room go. */
  readonly onLost: (roomId: string) => void;
  /** Whether anything of the room (board, private documents) is still in memory here. */
  readonly inUse: (roomId: string) => boolean;
  readonly logger: Logger;
  /** How often owned leases are renewed (ms); a third of their time to live. */
  readonly renewIntervalMs: number;
  /** Hears every lease taken, given up or lost (for metrics). */
  readonly onEvent?: ((event: 'acquired' | 'released' | 'lost') => void) | undefined;
}

/**
 * This instance's side of "one owner per room": which rooms it owns (and
 * with which fence), where a socket for any room goes, and keeping the
 * leases alive.
 *
 * - A socket for a room nobody owns makes this instance its owner: the
 *   lease is taken, its fence recorded in storage (which waits for any
 *   former owner's writes in flight), and only then does the room load.
 * - A socket for a room another instance owns is forwarded there
 *   (`SyncGateway`), unless it was forwarded to us already: then it is
 *   refused for now (the ownership moved meanwhile; the client retries).
 * - Leases are renewed every `renewIntervalMs`. One found lost (this
 *   instance paused past its lease, or Redis lost it) is let go at once:
 *   storage would refuse the room's writes anyway (fencing).
 * - Redis unreachable: rooms already owned keep working (nobody else can
 *   take them while Redis is down, and fencing guards the rest), no new
 *   room can be taken, `healthy` turns false, and it recovers by itself.
 */
export class RoomOwnership {
  readonly #options: RoomOwnershipOptions;
  readonly #owned = new Map<string, RoomOwner>();
  readonly #acquiring = new Map<string, Promise<RoomRoute>>();
  #renewTimer: ReturnType<typeof setInterval> | undefined;
  #redisHealthy = true;
  #stopped = false;

  constructor(options: RoomOwnershipOptions) {
    this.#options = options;
  }

  /** False while Redis does not answer. */
  get healthy(): boolean {
    return this.#redisHealthy;
  }

  /** Rooms this instance owns. */
  get ownedCount(): number {
    return this.#owned.size;
  }

  /**
   * The fence of this instance's lease on `roomId`, for storage; 0 (which
   * no lease has) for a room it does not own, so such a write is refused.
   */
  fenceOf(roomId: string): number {
    return this.#owned.get(roomId)?.fence ?? 0;
  }

  /** Whether this instance owns `roomId`. */
  owns(roomId: string): boolean {
    return this.#owned.has(roomId);
  }

  /**
   * The room's owner when it is another instance, without taking the room
   * if nobody owns it; `undefined` when this instance owns it, nobody does,
   * or Redis does not answer.
   */
  async ownerElsewhere(roomId: string): Promise<RoomOwner | undefined> {
    if (this.#owned.has(roomId)) return undefined;
    const owner = await this.#options.leases.owner(roomId).catch(() => undefined);
    return owner?.instanceId === this.#options.leases.instanceId ? undefined : owner;
  }

  /** Starts renewing leases. */
  start(): void {
    this.#renewTimer ??= setInterval(() => void this.#renewAll(), this.#options.renewIntervalMs);
    this.#renewTimer.unref();
  }

  /**
   * Where a socket for `roomId` goes. `forwarded`: it came from another
   * instance, which believed this one owns the room.
   */
  route(roomId: string, forwarded: boolean): Promise<RoomRoute> {
    if (this.#stopped) return Promise.resolve(unavailable('the server is shutting down'));
    if (this.#owned.has(roomId)) return Promise.resolve({ kind: 'local' });
    let pending = this.#acquiring.get(roomId);
    if (pending === undefined) {
      pending = this.#acquire(roomId).finally(() => this.#acquiring.delete(roomId));
      this.#acquiring.set(roomId, pending);
    }
    return pending.then((route) =>
      route.kind === 'forward' && forwarded
        ? unavailable('the board is moving between servers; retry')
        : route,
    );
  }

  /** The room left memory here: give its lease up once nothing of it is loaded. */
  closed(roomId: string): void {
    const owner = this.#owned.get(roomId);
    if (owner === undefined || this.#options.inUse(roomId)) return;
    this.#owned.delete(roomId);
    this.#options.onEvent?.('released');
    this.#options.leases.release(roomId, owner).catch((error: unknown) => {
      // It expires by itself; until then sockets for the room wait for it.
      this.#options.logger.warn({ err: error, roomId }, 'could not release a room lease');
    });
  }

  /** Shutdown: stops renewing and releases every lease (after the rooms were written). */
  async releaseAll(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#renewTimer);
    const owned = [...this.#owned];
    this.#owned.clear();
    await Promise.allSettled(
      owned.map(([roomId, owner]) => this.#options.leases.release(roomId, owner)),
    );
  }

  async #acquire(roomId: string, retried = false): Promise<RoomRoute> {
    let result: Awaited<ReturnType<RoomLeases['acquire']>>;
    try {
      result = await this.#options.leases.acquire(roomId);
      this.#redisHealthy = true;
    } catch (error) {
      this.#markRedis(error);
      return unavailable('coordination (Redis) is unreachable');
    }
    if (result.kind === 'taken') {
      if (result.owner.instanceId !== this.#options.leases.instanceId) {
        return { kind: 'forward', owner: result.owner };
      }
      // Ours, though this process does not know it (a lease from before a restart of the same id).
      this.#owned.set(roomId, result.owner);
      return { kind: 'local' };
    }
    const { owner } = result;
    try {
      if (!(await this.#options.fenceRoom(roomId, owner.fence))) {
        await this.#options.leases.release(roomId, owner).catch(() => {});
        if (retried) return unavailable('a newer owner of the board exists');
        // Storage has seen higher fences than Redis hands out (Redis lost its data): catch up once.
        const recorded = await this.#options.recordedFence(roomId);
        this.#options.logger.warn(
          { roomId, fence: owner.fence, recorded },
          'room fence behind storage; raising it',
        );
        await this.#options.leases.raiseFence(roomId, recorded);
        return this.#acquire(roomId, true);
      }
    } catch (error) {
      await this.#options.leases.release(roomId, owner).catch(() => {});
      this.#options.logger.error({ err: error, roomId }, 'could not fence a room in storage');
      return unavailable('storage is unreachable');
    }
    this.#owned.set(roomId, owner);
    this.#options.onEvent?.('acquired');
    this.#options.logger.info({ roomId, fence: owner.fence }, 'room owned');
    return { kind: 'local' };
  }

  async #renewAll(): Promise<void> {
    for (const [roomId, owner] of [...this.#owned]) {
      let renewed: boolean;
      try {
        renewed = await this.#options.leases.renew(roomId, owner);
        this.#redisHealthy = true;
      } catch (error) {
        this.#markRedis(error);
        return;
      }
      if (renewed || this.#owned.get(roomId) !== owner) continue;
      this.#owned.delete(roomId);
      this.#options.onEvent?.('lost');
      this.#options.logger.warn(
        { roomId, fence: owner.fence },
        'room lease lost; letting the room go',
      );
      this.#options.onLost(roomId);
    }
  }

  #markRedis(error: unknown): void {
    if (this.#redisHealthy) {
      this.#options.logger.warn(
        { err: error },
        'Redis unreachable: owned rooms keep working, no new ones',
      );
    }
    this.#redisHealthy = false;
  }
}

function unavailable(reason: string): RoomRoute {
  return { kind: 'unavailable', reason };
}
