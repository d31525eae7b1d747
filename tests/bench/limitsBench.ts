import { pathToFileURL } from 'node:url';
import { MessageType } from '@kohtaamo/shared';
// Source imports (tsx): the server package exports only its app entry.
import { ConnectionLimiter } from '../../server/src/limits/ConnectionLimiter.js';
import { clientAddress } from '../../server/src/limits/clientAddress.js';
import { MessageRateLimiter } from '../../server/src/limits/MessageRateLimiter.js';
import { fixed, formatTable } from './formatTable.js';

/** One line of the limits micro-bench: the best of several runs. */
export interface LimitsResult {
  readonly check: string;
  readonly nsPerCheck: number;
}

/** Limits that never run dry, so every check takes the common (admitted) path. */
const neverDry = {
  updatesPerSecond: 1e9,
  updatesBurst: 1e9,
  awarenessPerSecond: 1e9,
  awarenessBurst: 1e9,
  bytesPerSecond: 1e12,
  bytesBurst: 1e12,
};

/** Keeps results alive so the JIT cannot drop the measured work. */
let sink = 0;

function bestNsPerOp(count: number, run: (count: number) => void): number {
  run(Math.min(count, 100_000));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    run(count);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / count);
  }
  return best;
}

/**
 * Nanoseconds per rate-limit and connection-cap check, as SyncGateway runs
 * them: per frame one clock read plus `MessageRateLimiter.admit`, per
 * upgrade `clientAddress` plus a `ConnectionLimiter` acquire and release.
 */
export function runLimitsBench(count: number): LimitsResult[] {
  const connections = new ConnectionLimiter({ maxPerAddress: 1e6, maxPerRoom: 1e6 });
  for (let index = 0; index < 20; index++) {
    const slot = connections.acquire(`10.0.0.${index}`, 'bench-room');
    if (!slot.ok) throw new Error('bench limiter refused a connection');
  }
  const roomSize = () => connections.countForRoom('bench-room');
  const update = new Uint8Array([MessageType.sync, 2, 250, 1, ...new Uint8Array(250)]);
  const awareness = new Uint8Array([MessageType.awareness, 200, 1, ...new Uint8Array(200)]);
  const limiter = new MessageRateLimiter(neverDry, performance.now(), roomSize);

  const results: LimitsResult[] = [];
  const measure = (check: string, ops: number, run: (count: number) => void) => {
    results.push({ check, nsPerCheck: bestNsPerOp(ops, run) });
  };
  measure('clock read (performance.now)', count, (n) => {
    for (let index = 0; index < n; index++) sink += performance.now();
  });
  measure('update frame: clock + admit', count, (n) => {
    for (let index = 0; index < n; index++) {
      sink += limiter.admit(update, performance.now()) === undefined ? 1 : 0;
    }
  });
  measure('awareness frame: clock + room size + admit', count, (n) => {
    for (let index = 0; index < n; index++) {
      sink += limiter.admit(awareness, performance.now()) === undefined ? 1 : 0;
    }
  });
  const upgrades = Math.max(1000, Math.floor(count / 10));
  measure('upgrade: IPv4 address + acquire + release', upgrades, (n) => {
    for (let index = 0; index < n; index++) {
      const slot = connections.acquire(clientAddress('203.0.113.7', undefined, 0), 'bench-room');
      if (slot.ok) slot.lease.release();
    }
  });
  measure('upgrade: IPv6 /64 + X-Forwarded-For + acquire + release', upgrades, (n) => {
    for (let index = 0; index < n; index++) {
      const address = clientAddress('10.0.0.2', '203.0.113.9, 2001:db8:85a3:12::8a2e:370:7334', 1);
      const slot = connections.acquire(address, 'bench-room');
      if (slot.ok) slot.lease.release();
    }
  });
  if (sink === Number.NEGATIVE_INFINITY) console.log(sink);
  return results;
}

/** Prints the micro-bench table. */
export function printLimitsBench(count: number): void {
  const results = runLimitsBench(count);
  console.log(`\nLimits micro-bench: ${count} checks per line, best of 5 runs`);
  console.log(
    formatTable(
      ['check', 'ns/check'],
      results.map((result) => [result.check, fixed(result.nsPerCheck, 1)]),
    ),
  );
}

// `tsx bench/limitsBench.ts [count]` runs it alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLimitsBench(Number(process.argv[2] ?? 2_000_000));
}
