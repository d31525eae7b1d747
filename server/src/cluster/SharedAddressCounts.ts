import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Options of {@link SharedAddressCounts}. */
export interface SharedAddressCountsOptions {
  readonly redis: Redis;
  /** This instance (random per process). */
  readonly instanceId: string;
  /** `MAX_CONNECTIONS_PER_IP`, for the whole cluster. */
  readonly maxPerAddress: number;
  /**
   * How long an instance's counts stay valid without a heartbeat (ms): the
   * lease TTL, so a killed instance's connections stop counting about when
   * its rooms move.
   */
  readonly ttlMs: number;
  /** This instance's own counts (client-facing sockets only), re-sent on each heartbeat. */
  readonly localCounts: () => Iterable<readonly [address: string, count: number]>;
  readonly logger: Logger;
  /** Prefix of every key (tests use their own). */
  readonly keyPrefix?: string;
}

// KEYS[1] the address's hash (instance → count), KEYS[2] live instances (zset, score = valid
// until), ARGV[1] this instance. Sums the other live instances' counts into \`others\`, and forgets
// the counts of instances whose heartbeat lapsed.
const sumOthers = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local others = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local instance = fields[i]
  if instance ~= ARGV[1] then
    local validUntil = redis.call('ZSCORE', KEYS[2], instance)
    if validUntil and tonumber(validUntil) >= now then
      others = others + tonumber(fields[i + 1])
    else
      redis.call('HDEL', KEYS[1], instance)
    end
  end
end
`;

// ARGV: instanceId, this instance's count with the new socket, cap, key ttl (ms).
// Returns {1, total} when admitted (and records the count), {0, total without it} when full.
const admitScript = `${sumOthers}
local count = tonumber(ARGV[2])
if others + count > tonumber(ARGV[3]) then return {0, others + count - 1} end
redis.call('HSET', KEYS[1], ARGV[1], count)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, others + count}
`;

// ARGV: instanceId, this instance's count.
const totalScript = `${sumOthers}
return others + tonumber(ARGV[2])
`;

// KEYS[1] live instances. ARGV: instanceId, ttl (ms). Marks this instance live, forgets dead ones.
const heartbeatScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1)
return 1
`;

/** The answer of {@link SharedAddressCounts.admit}. */
export type SharedAdmission =
  | { readonly kind: 'admitted' }
  | { readonly kind: 'full'; readonly total: number }
  /** Redis did not answer: the caller falls back to its own count. */
  | { readonly kind: 'unknown' };

/**
 * The per-address connection cap across a cluster. Each instance counts the
 * sockets whose client connection ends at it (a socket another instance
 * forwarded here is counted there, not twice) and keeps that count in
 * Redis: `conns:<address>` is a hash of instance → count, and `instances`
 * says until when each instance's counts are valid. A new socket is admitted
 * in one script that sums the live instances' counts and records ours, so
 * two instances cannot both take the last slot.
 *
 * An instance killed with its sockets stops counting when its heartbeat
 * lapses (the lease TTL). Every heartbeat re-sends this instance's counts,
 * so counts lost with a restarted Redis, or not sent while it was away,
 * are right again within one heartbeat. While Redis does not answer, each
 * instance caps by its own count (`unknown`), as a lone server does.
 */
export class SharedAddressCounts {
  readonly #options: SharedAddressCountsOptions;
  readonly #prefix: string;
  /** Addresses whose count fell to 0 while Redis did not take it: deleted on the next heartbeat. */
  readonly #unsentZeros = new Set<string>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #warned = false;

  constructor(options: SharedAddressCountsOptions) {
    this.#options = options;
    this.#prefix = options.keyPrefix ?? 'kohtaamo:';
  }

  /** Starts the heartbeat (a third of the TTL), sending this instance's counts each time. */
  start(): void {
    if (this.#heartbeat !== undefined) return;
    void this.heartbeat();
    this.#heartbeat = setInterval(
      () => void this.heartbeat(),
      Math.max(200, Math.floor(this.#options.ttlMs / 3)),
    );
    this.#heartbeat.unref();
  }

  /**
   * Whether a socket from `address` fits under the cap counting every
   * instance; `localCount` is this instance's count with the new socket
   * already taken. Admitted counts are recorded.
   */
  async admit(address: string, localCount: number): Promise<SharedAdmission> {
    this.#unsentZeros.delete(address);
    try {
      const [admitted, total] = (await this.#options.redis.eval(
        admitScript,
        2,
        this.#addressKey(address),
        this.#instancesKey(),
        this.#options.instanceId,
        String(localCount),
        String(this.#options.maxPerAddress),
        String(this.#keyTtlMs()),
      )) as [number, number];
      this.#recovered();
      return admitted === 1 ? { kind: 'admitted' } : { kind: 'full', total };
    } catch (error) {
      this.#unreachable(error);
      return { kind: 'unknown' };
    }
  }

  /** Open sockets from `address` on every live instance, or `undefined` while Redis does not answer. */
  async total(address: string, localCount: number): Promise<number | undefined> {
    try {
      const total = await this.#options.redis.eval(
        totalScript,
        2,
        this.#addressKey(address),
        this.#instancesKey(),
        this.#options.instanceId,
        String(localCount),
      );
      return Number(total);
    } catch (error) {
      this.#unreachable(error);
      return undefined;
    }
  }

  /** Records this instance's new count for `address` (after a socket closed). Best effort. */
  update(address: string, localCount: number): void {
    const key = this.#addressKey(address);
    const redis = this.#options.redis;
    if (localCount > 0) this.#unsentZeros.delete(address);
    const write =
      localCount > 0
        ? redis
            .multi()
            .hset(key, this.#options.instanceId, localCount)
            .pexpire(key, this.#keyTtlMs())
            .exec()
        : redis.hdel(key, this.#options.instanceId);
    // A lost write is repaired by the next heartbeat.
    write.catch((error: unknown) => {
      if (localCount === 0) this.#unsentZeros.add(address);
      this.#unreachable(error);
    });
  }

  /** Marks this instance live and re-sends all its counts; what Redis lost or missed is right after it. */
  async heartbeat(): Promise<void> {
    const { redis, instanceId } = this.#options;
    try {
      const pipeline = redis.pipeline();
      pipeline.eval(heartbeatScript, 1, this.#instancesKey(), instanceId, this.#options.ttlMs);
      const held = new Set<string>();
      for (const [address, count] of this.#options.localCounts()) {
        held.add(address);
        const key = this.#addressKey(address);
        pipeline.hset(key, instanceId, count).pexpire(key, this.#keyTtlMs());
      }
      const zeros = [...this.#unsentZeros].filter((address) => !held.has(address));
      for (const address of zeros) pipeline.hdel(this.#addressKey(address), instanceId);
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
      for (const address of zeros) this.#unsentZeros.delete(address);
      this.#recovered();
    } catch (error) {
      this.#unreachable(error);
    }
  }

  /** Stops the heartbeat and withdraws this instance, so its counts stop at once. */
  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    await this.#options.redis
      .zrem(this.#instancesKey(), this.#options.instanceId)
      .catch((error: unknown) => this.#unreachable(error));
  }

  // An address's hash outlives a few missed heartbeats; an idle one disappears by itself.
  #keyTtlMs(): number {
    return this.#options.ttlMs * 3;
  }

  #unreachable(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#options.logger.warn(
      { err: error },
      'connection counts: Redis unreachable; each instance caps connections per address by its own count',
    );
  }

  #recovered(): void {
    if (!this.#warned) return;
    this.#warned = false;
    this.#options.logger.info(
      {},
      'connection counts: Redis reachable again; caps count every instance',
    );
  }

  #addressKey(address: string): string {
    return `${this.#prefix}conns:${address}`;
  }

  #instancesKey(): string {
    return `${this.#prefix}instances`;
  }
}
