import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SyncGatewayOptions } from '../http/SyncGateway.js';
import type { Logger } from '../logger.js';
import type { Storage } from '../persistence/openStorage.js';
import { ClusterEvents } from './ClusterEvents.js';
import { ForwardAuth } from './forwardAuth.js';
import { RoomLeases } from './RoomLeases.js';
import { RoomOwnership } from './RoomOwnership.js';
import { SharedAddressCounts } from './SharedAddressCounts.js';

/** What {@link Cluster} is built from (the composition root fills it from config). */
export interface ClusterOptions {
  readonly redisUrl: string;
  readonly leaseTtlMs: number;
  /** Prefix of every Redis key and channel (`REDIS_KEY_PREFIX`). */
  readonly keyPrefix: string;
  /** Where the other instances reach this one; read once it listens. */
  readonly address: () => string;
  /** Lease numbers on storage writes (PostgreSQL). */
  readonly fencing: NonNullable<Storage['fencing']>;
  /** The secret every instance shares (`TOKEN_SECRET`); signs forwarded sockets. */
  readonly secret: Uint8Array;
  readonly logger: Logger;
  /** `MAX_CONNECTIONS_PER_IP`, counted over every instance. */
  readonly maxConnectionsPerAddress: number;
  /** This instance's open client sockets per address (the gateway's counts; read on each heartbeat). */
  readonly localConnections: () => Iterable<readonly [address: string, count: number]>;
  /** Hears every lease taken, given up or lost (for metrics). */
  readonly onOwnershipEvent?: (event: 'acquired' | 'released' | 'lost') => void;
}

/** What the cluster needs of this instance's rooms. */
export interface ClusterRooms {
  /** Lets every document of the room go without writing (its lease was lost). */
  abandon(roomId: string): void;
  /** Whether anything of the room is in memory here. */
  inUse(roomId: string): boolean;
}

/**
 * This instance as one of several sharing Redis and PostgreSQL: one owner
 * per room by lease ({@link RoomOwnership}, {@link RoomLeases}), storage
 * writes fenced by the lease's number, and sockets for rooms another
 * instance owns forwarded there by the gateway (`routing`).
 */
export class Cluster {
  readonly ownership: RoomOwnership;
  readonly routing: NonNullable<SyncGatewayOptions['cluster']>;
  /** What the instances tell each other (revoked links, deleted and renamed rooms). */
  readonly events: ClusterEvents;
  /** Open sockets per client address on every instance, for `MAX_CONNECTIONS_PER_IP`. */
  readonly addressCounts: SharedAddressCounts;
  readonly instanceId = randomUUID();
  readonly #redis: Redis;
  #rooms: ClusterRooms | undefined;

  constructor(options: ClusterOptions) {
    const { logger } = options;
    this.#redis = new Redis(options.redisUrl, {
      // Fail fast while Redis is away: a socket for a room nobody owns here is refused for now.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.#redis.on('error', (error) => logger.debug({ err: error }, 'redis error'));
    const leases = new RoomLeases({
      redis: this.#redis,
      instanceId: this.instanceId,
      address: options.address,
      ttlMs: options.leaseTtlMs,
      keyPrefix: options.keyPrefix,
    });
    this.ownership = new RoomOwnership({
      leases,
      fenceRoom: (roomId, fence) => options.fencing.fenceRoom(roomId, fence),
      recordedFence: (roomId) => options.fencing.recordedFence(roomId),
      onLost: (roomId) => this.#rooms?.abandon(roomId),
      inUse: (roomId) => this.#rooms?.inUse(roomId) ?? false,
      logger,
      renewIntervalMs: Math.max(200, Math.floor(options.leaseTtlMs / 3)),
      onEvent: options.onOwnershipEvent,
    });
    options.fencing.useFences((roomId) => this.ownership.fenceOf(roomId));
    this.events = new ClusterEvents({
      redis: this.#redis,
      channel: `${options.keyPrefix}events`,
      instanceId: this.instanceId,
      logger,
    });
    this.addressCounts = new SharedAddressCounts({
      redis: this.#redis,
      instanceId: this.instanceId,
      maxPerAddress: options.maxConnectionsPerAddress,
      ttlMs: options.leaseTtlMs,
      localCounts: options.localConnections,
      logger,
      keyPrefix: options.keyPrefix,
    });
    this.routing = {
      route: (roomId, forwarded) => this.ownership.route(roomId, forwarded),
      forwardAuth: new ForwardAuth(options.secret),
      addressCounts: this.addressCounts,
    };
  }

  /** False while Redis does not answer (no room can be taken or looked up). */
  get healthy(): boolean {
    return this.ownership.healthy && this.#redis.status === 'ready';
  }

  /** Starts renewing leases for `rooms`. */
  attach(rooms: ClusterRooms): void {
    this.#rooms = rooms;
    this.ownership.start();
  }

  /** Starts sending this instance's connection counts; once the gateway that counts them exists. */
  countConnections(): void {
    this.addressCounts.start();
  }

  /** Waits (at most `timeoutMs`) for Redis, so the first sockets do not find it connecting. */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.#redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Shutdown, after the rooms were written: gives every lease up and disconnects. */
  async close(): Promise<void> {
    await this.ownership.releaseAll();
    await this.addressCounts.close();
    this.events.close();
    this.#redis.disconnect();
  }
}
