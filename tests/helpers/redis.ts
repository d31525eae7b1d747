import { connect } from 'node:net';
import { describe, it } from 'vitest';
import { type Availability, decideAvailability } from './browser.js';

/** The Redis tests use: `TEST_REDIS_URL`, or the local one `.ci/run` starts. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Answers PING with +PONG within 3 s? */
function ping(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3000, () => done('no answer within 3 s'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) =>
      done(data.toString().startsWith('+PONG') ? undefined : `unexpected answer ${data}`),
    );
  });
}

const problem = await ping(testRedisUrl);
const availability: Availability = decideAvailability(
  'redis',
  {
    found: problem === undefined,
    location: testRedisUrl,
    missingReason: `Redis at ${testRedisUrl} is not reachable: ${problem}`,
  },
  process.env,
);

/**
 * A `describe` block for tests that need Redis. Without it, it fails
 * loudly when `KOHTAAMO_REQUIRE` lists `redis` (CI), else skips.
 */
export function describeWithRedis(title: string, body: () => void): void {
  if (availability.kind === 'available') {
    describe(title, body);
    return;
  }
  if (availability.required) {
    describe(title, () => {
      it('has Redis, which KOHTAAMO_REQUIRE lists as required', () => {
        throw new Error(`${availability.reason} (KOHTAAMO_REQUIRE includes redis)`);
      });
    });
    return;
  }
  process.stderr.write(`[redis] skipped "${title}": ${availability.reason}\n`);
  describe.skip(title, body);
}
