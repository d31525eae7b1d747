import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { describeWithRedis, redisConnections, testRedisUrl } from '../testing/redis.js';
import { createTestLogger } from '../testing/testLogger.js';
import { SharedAddressCounts } from './SharedAddressCounts.js';

const connections = redisConnections();
const logger = createTestLogger();

/** Instances sharing one Redis and key prefix; each keeps its own local counts, as a gateway does. */
function cluster(options: { maxPerAddress: number; ttlMs?: number }) {
  const { redis, keyPrefix } = connections.open();
  const make = (instanceId: string, connection: Redis = redis) => {
    const local = new Map<string, number>();
    const counts = new SharedAddressCounts({
      redis: connection,
      instanceId,
      maxPerAddress: options.maxPerAddress,
      ttlMs: options.ttlMs ?? 5000,
      localCounts: () => local.entries(),
      logger,
      keyPrefix,
    });
    return {
      counts,
      local,
      /** Opens a socket from `address` here, as the gateway does: local slot first, then the cluster. */
      async open(address: string) {
        const count = (local.get(address) ?? 0) + 1;
        local.set(address, count);
        const admission = await counts.admit(address, count);
        if (admission.kind === 'full') local.set(address, count - 1);
        return admission;
      },
      close(address: string) {
        const count = (local.get(address) ?? 0) - 1;
        if (count > 0) local.set(address, count);
        else local.delete(address);
        counts.update(address, count);
      },
    };
  };
  return { redis, keyPrefix, make };
}

describeWithRedis('SharedAddressCounts', () => {
  it('counts one address over every instance, and frees the slot when a socket closes', async () => {
    const { make } = cluster({ maxPerAddress: 3 });
    const a = make('a');
    const b = make('b');
    await a.counts.heartbeat();
    await b.counts.heartbeat();
    expect(await a.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    expect(await b.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    expect(await b.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    expect(await a.open('10.0.0.1')).toEqual({ kind: 'full', total: 3 });
    expect(await b.open('10.0.0.1')).toEqual({ kind: 'full', total: 3 });
    // Other addresses are not affected.
    expect(await a.open('10.0.0.2')).toEqual({ kind: 'admitted' });
    expect(await a.counts.total('10.0.0.1', 1)).toBe(3);
    b.close('10.0.0.1');
    expect(await a.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    expect(await b.counts.total('10.0.0.1', 1)).toBe(3);
  });

  it('lets the last slot go to one instance only when both ask at once', async () => {
    const { make } = cluster({ maxPerAddress: 4 });
    const instances = [make('a'), make('b'), make('c'), make('d'), make('e')];
    await Promise.all(instances.map((instance) => instance.counts.heartbeat()));
    const answers = await Promise.all(
      instances.flatMap((instance) => [instance.open('10.0.0.9'), instance.open('10.0.0.9')]),
    );
    expect(answers.filter((answer) => answer.kind === 'admitted')).toHaveLength(4);
  });

  it("stops counting an instance's sockets once its heartbeat lapses (it was killed)", async () => {
    const { make } = cluster({ maxPerAddress: 2, ttlMs: 300 });
    const a = make('a');
    const b = make('b');
    await a.counts.heartbeat();
    await b.counts.heartbeat();
    await a.open('10.0.0.1');
    await a.open('10.0.0.1');
    expect((await b.open('10.0.0.1')).kind).toBe('full');
    // `a` dies: no more heartbeats, its sockets are gone with it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await b.counts.heartbeat();
    expect(await b.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    expect(await b.counts.total('10.0.0.1', 1)).toBe(1);
  });

  it('withdraws its counts at once on close (a graceful shutdown)', async () => {
    const { make } = cluster({ maxPerAddress: 1 });
    const a = make('a');
    const b = make('b');
    await a.counts.heartbeat();
    await b.counts.heartbeat();
    await a.open('10.0.0.1');
    expect((await b.open('10.0.0.1')).kind).toBe('full');
    await a.counts.close();
    expect((await b.open('10.0.0.1')).kind).toBe('admitted');
  });

  it('restores every count within one heartbeat after Redis lost its data', async () => {
    const { redis, keyPrefix, make } = cluster({ maxPerAddress: 2 });
    const a = make('a');
    const b = make('b');
    await a.counts.heartbeat();
    await b.counts.heartbeat();
    await a.open('10.0.0.1');
    await a.open('10.0.0.1');
    const keys = await redis.keys(`${keyPrefix}*`);
    await redis.del(...keys);
    // Until `a`'s next heartbeat, `b` would admit; after it, the address is full again.
    await a.counts.heartbeat();
    await b.counts.heartbeat();
    expect((await b.open('10.0.0.1')).kind).toBe('full');
  });

  it('answers unknown while Redis is away, and sends a close it missed with the next heartbeat', async () => {
    const { make } = cluster({ maxPerAddress: 1 });
    // `a` has a Redis connection of its own that the test can cut.
    const own = new Redis(testRedisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    own.on('error', () => {});
    try {
      await new Promise((resolve) => own.once('ready', resolve));
      const a = make('a', own);
      const b = make('b');
      await a.counts.heartbeat();
      await b.counts.heartbeat();
      expect(await a.open('10.0.0.1')).toEqual({ kind: 'admitted' });

      own.disconnect();
      expect(await a.open('10.0.0.2')).toEqual({ kind: 'unknown' });
      a.close('10.0.0.1');
      a.close('10.0.0.2');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Redis still holds `a`'s socket, whose close it never heard of.
      expect((await b.open('10.0.0.1')).kind).toBe('full');

      await own.connect();
      await a.counts.heartbeat();
      expect(await b.open('10.0.0.1')).toEqual({ kind: 'admitted' });
    } finally {
      own.disconnect();
    }
  });
});
