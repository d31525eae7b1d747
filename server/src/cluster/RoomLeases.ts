import type { Redis } from 'ioredis';

/** Who owns a room: an instance, how to reach it, and the fencing number of its lease. */
export interface RoomOwner {
  readonly instanceId: string;
  /** Base URL other instances forward the room's sockets to (`http://host:port`). */
  readonly address: string;
  /** Increases with every new lease of the room; storage refuses writes with an older one. */
  readonly fence: number;
}

/** What {@link RoomLeases.acquire} found. */
export type AcquireResult =
  | { readonly kind: 'acquired'; readonly owner: RoomOwner }
  | { readonly kind: 'taken'; readonly owner: RoomOwner };

/** Options of {@link RoomLeases}. */
export interface RoomLeasesOptions {
  readonly redis: Redis;
  /** This instance (random per process). */
  readonly instanceId: string;
  /** Where other instances reach this one (read when a lease is taken: known once listening). */
  readonly address: string | (() => string);
  /** How long a lease lasts without renewal (ms); an owner renews it well before. */
  readonly ttlMs: number;
  /** Prefix of every key (tests use their own). */
  readonly keyPrefix?: string;
}

// KEYS[1] owner key, KEYS[2] fence counter; ARGV: instanceId, address, ttl.
const acquireScript = `
local current = redis.call('GET', KEYS[1])
if current then return {0, current} end
local fence = redis.call('INCR', KEYS[2])
local value = ARGV[1] .. '|' .. fence .. '|' .. ARGV[2]
redis.call('SET', KEYS[1], value, 'PX', ARGV[3])
return {1, value}
`;

// KEYS[1] fence counter; ARGV: the least value it must have.
const raiseScript = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

// KEYS[1] owner key; ARGV: the lease's value, ttl. 1 if still ours (and extended).
const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

// KEYS[1] owner key; ARGV: the lease's value. Deletes it only if it is still ours.
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * One owner per room, as a lease in Redis: `room:<id>:owner` holds
 * `<instanceId>|<fence>|<address>` with a time to live, taken only when
 * absent (a Lua script, so check and set are one step) and renewed by its
 * owner. Each new lease takes the next number of `room:<id>:fence`, which
 * only grows: storage records the highest fence it has seen per room and
 * refuses writes carrying a lower one, so an owner that paused or lost
 * Redis past its lease can never write after another took over.
 */
export class RoomLeases {
  readonly #redis: Redis;
  readonly #instanceId: string;
  readonly #address: () => string;
  readonly #ttlMs: number;
  readonly #prefix: string;

  constructor(options: RoomLeasesOptions) {
    if (options.instanceId.includes('|')) throw new Error('an instance id must not contain "|"');
    this.#redis = options.redis;
    this.#instanceId = options.instanceId;
    const { address } = options;
    this.#address = typeof address === 'string' ? () => address : address;
    this.#ttlMs = options.ttlMs;
    this.#prefix = options.keyPrefix ?? 'kohtaamo:';
  }

  /** This instance's id. */
  get instanceId(): string {
    return this.#instanceId;
  }

  /** Takes the room's lease if nobody holds it; otherwise says who does. */
  async acquire(roomId: string): Promise<AcquireResult> {
    const [acquired, value] = (await this.#redis.eval(
      acquireScript,
      2,
      this.#ownerKey(roomId),
      this.#fenceKey(roomId),
      this.#instanceId,
      this.#address(),
      String(this.#ttlMs),
    )) as [number, string];
    const owner = parseOwner(value);
    return acquired === 1 ? { kind: 'acquired', owner } : { kind: 'taken', owner };
  }

  /** Extends our lease; false when it is no longer ours (expired, or another instance holds it). */
  async renew(roomId: string, owner: RoomOwner): Promise<boolean> {
    const renewed = await this.#redis.eval(
      renewScript,
      1,
      this.#ownerKey(roomId),
      formatOwner(owner),
      String(this.#ttlMs),
    );
    return renewed === 1;
  }

  /** Gives the lease up (on unload or shutdown), if it is still ours. */
  async release(roomId: string, owner: RoomOwner): Promise<void> {
    await this.#redis.eval(releaseScript, 1, this.#ownerKey(roomId), formatOwner(owner));
  }

  /**
   * Raises the room's fence counter to at least `fence`, so the next lease
   * gets a higher number: for a Redis that lost its data (it keeps nothing
   * on disk) while storage remembers the fences it has seen.
   */
  async raiseFence(roomId: string, fence: number): Promise<void> {
    await this.#redis.eval(raiseScript, 1, this.#fenceKey(roomId), String(fence));
  }

  /** The room's current owner, if any. */
  async owner(roomId: string): Promise<RoomOwner | undefined> {
    const value = await this.#redis.get(this.#ownerKey(roomId));
    return value === null ? undefined : parseOwner(value);
  }

  #ownerKey(roomId: string): string {
    return `${this.#prefix}room:${roomId}:owner`;
  }

  #fenceKey(roomId: string): string {
    return `${this.#prefix}room:${roomId}:fence`;
  }
}

function formatOwner(owner: RoomOwner): string {
  return `${owner.instanceId}|${owner.fence}|${owner.address}`;
}

function parseOwner(value: string): RoomOwner {
  const [instanceId, fence, ...address] = value.split('|');
  if (instanceId === undefined || fence === undefined || address.length === 0) {
    throw new Error(`malformed room lease ${JSON.stringify(value)}`);
  }
  return { instanceId, fence: Number(fence), address: address.join('|') };
}
