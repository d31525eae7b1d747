import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { describe, it } from 'vitest';
import { type Availability, decideAvailability } from './browser.js';

import { testRedisUrl } from './serviceUrls.js';

export { testRedisUrl };

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

/** A Redis of a test's own (own port, nothing on disk), which the test may stop and start again. */
export interface OwnRedis {
  readonly url: string;
  /** Kills it (SIGKILL): its data is gone, as for a Redis without persistence. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** Starts a `redis-server` of the test's own on a free port. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while ((await ping(`redis://127.0.0.1:${port}`)) !== undefined) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
