import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { describeWithService } from './services.js';

/** The Redis tests use: `TEST_REDIS_URL`, or the local one `.ci/run` starts. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisMissing(): Promise<string | undefined> {
  const redis = new Redis(testRedisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${testRedisUrl} is not reachable: ${String(error)}`;
  } finally {
    redis.disconnect();
  }
}

const missing = await redisMissing();

/** `describe` for suites that need Redis (see `describeWithService`). */
export function describeWithRedis(name: string, suite: () => void): void {
  describeWithService('redis', missing, name, suite);
}

/**
 * Redis connections for a test file, each with a key prefix of its own;
 * the keys are deleted and the connections closed after the file's tests.
 */
export function redisConnections(): { open(): { redis: Redis; keyPrefix: string } } {
  const opened: { redis: Redis; keyPrefix: string }[] = [];
  afterAll(async () => {
    for (const { redis, keyPrefix } of opened) {
      const keys = await redis.keys(`${keyPrefix}*`).catch(() => []);
      if (keys.length > 0) await redis.del(...keys).catch(() => {});
      redis.disconnect();
    }
  });
  return {
    open() {
      const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
      redis.on('error', () => {});
      const connection = { redis, keyPrefix: `kohtaamo-test:${randomBytes(6).toString('hex')}:` };
      opened.push(connection);
      return connection;
    },
  };
}
