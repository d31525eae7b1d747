import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Servers the fan-out bench can start: the stock y-websocket server, our
 * server, and `baseline`, another build of ours (`--baseline-entry`) to
 * compare a change with, in the same paired run.
 */
export type ServerName = 'reference' | 'kohtaamo' | 'baseline' | 'cluster';

/** Parameters of one `pnpm bench` run. */
export interface BenchOptions {
  /** Client counts; one fan-out scenario per count and server. */
  readonly clientCounts: readonly number[];
  /** Measured updates each client sends. */
  readonly updatesPerClient: number;
  /** Updates each client sends before measuring starts. */
  readonly warmupPerClient: number;
  /** Updates per second per client. */
  readonly ratePerClient: number;
  /** How long to wait for missing deliveries after the last send (ms). */
  readonly drainTimeoutMs: number;
  readonly servers: readonly ServerName[];
  /**
   * `paired`: the servers run side by side, each with its own clients, so
   * machine noise hits both alike (robust ratios on a shared box);
   * `sequential`: one server at a time (cleaner absolute latencies).
   */
  readonly mode: 'paired' | 'sequential';
  /** Runs per scenario and server, alternating order; figures are medians. */
  readonly repeat: number;
  /** Extra node flags for both servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  readonly serverNodeArgs: readonly string[];
  /** Our server's entry file; another build can be compared against the same reference. */
  readonly serverEntry: string | undefined;
  /** Entry of the `baseline` build; set, it joins the servers. */
  readonly baselineEntry: string | undefined;
  /** The reference server's entry; default the installed @y/websocket-server bin. */
  readonly referenceEntry: string | undefined;
  /** Updates appended by the storage micro-bench; 0 skips it. */
  readonly storageUpdates: number;
}

export const benchUsage = `Usage: pnpm bench [-- options]   (each option also reads BENCH_<NAME> from the environment)
  --clients 20,50          client counts (BENCH_CLIENTS)
  --updates 30             measured updates per client (BENCH_UPDATES)
  --warmup 40              warm-up updates per client, not measured (BENCH_WARMUP)
  --rate 2                 updates per second per client (BENCH_RATE)
  --drain-timeout 15000    ms to wait for late deliveries (BENCH_DRAIN_TIMEOUT)
  --servers reference,kohtaamo,cluster   (BENCH_SERVERS); cluster: two of our instances on
                           PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL), clients dealt
                           out across them; left out with a notice when either is unreachable
  --mode paired            paired (servers side by side, same conditions) or sequential (BENCH_MODE)
  --repeat 1               runs per scenario and server, alternating order; medians reported (BENCH_REPEAT)
  --server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"   node flags for both servers (BENCH_SERVER_NODE_ARGS)
  --server-entry PATH      our server's entry, default server/dist/index.js (BENCH_SERVER_ENTRY)
  --baseline-entry PATH    another build of ours (e.g. a copy of server/dist from main) run beside
                           the others as kohtaamo-baseline, to compare a change (BENCH_BASELINE_ENTRY)
  --reference-entry PATH   reference server's entry, default @y/websocket-server's bin (BENCH_REFERENCE_ENTRY)
  --storage-updates 5000   SqliteDocumentStore micro-bench size, 0 to skip (BENCH_STORAGE_UPDATES)`;

function positiveInteger(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(
      `--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}\n${benchUsage}`,
    );
  }
  return value;
}

function parseMode(raw: string): BenchOptions['mode'] {
  if (raw === 'paired' || raw === 'sequential') return raw;
  throw new Error(`--mode must be paired or sequential, got ${JSON.stringify(raw)}\n${benchUsage}`);
}

/** Reads options from argv (`process.argv.slice(2)`) and BENCH_* variables. */
export function parseBenchOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BenchOptions | 'help' {
  // `pnpm bench -- --repeat 3` passes the `--` along; anything else that is not an option is a mistake.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      updates: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      'drain-timeout': { type: 'string' },
      servers: { type: 'string' },
      repeat: { type: 'string' },
      mode: { type: 'string' },
      'server-node-args': { type: 'string' },
      'server-entry': { type: 'string' },
      'baseline-entry': { type: 'string' },
      'reference-entry': { type: 'string' },
      'storage-updates': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const pick = (name: keyof typeof values & string, fallback: string): string => {
    const fromArgs = values[name];
    if (typeof fromArgs === 'string') return fromArgs;
    const envName = `BENCH_${name.toUpperCase().replace(/-/g, '_')}`;
    return env[envName] || fallback;
  };
  const servers = pick('servers', 'reference,kohtaamo,cluster')
    .split(',')
    .map((name) => name.trim());
  for (const name of servers) {
    if (name !== 'reference' && name !== 'kohtaamo' && name !== 'baseline' && name !== 'cluster') {
      throw new Error(`unknown server ${JSON.stringify(name)}\n${benchUsage}`);
    }
  }
  // Relative paths are from where `pnpm bench` was typed (pnpm runs the script in tests/).
  const entry = (name: 'server-entry' | 'baseline-entry' | 'reference-entry') => {
    const path = pick(name, '');
    return path === '' ? undefined : resolve(env.INIT_CWD ?? process.cwd(), path);
  };
  const baselineEntry = entry('baseline-entry');
  if (baselineEntry !== undefined && !servers.includes('baseline')) servers.push('baseline');
  if (baselineEntry === undefined && servers.includes('baseline')) {
    throw new Error(`the baseline server needs --baseline-entry\n${benchUsage}`);
  }
  return {
    clientCounts: pick('clients', '20,50')
      .split(',')
      .map((count) => positiveInteger('clients', count.trim(), 2)),
    updatesPerClient: positiveInteger('updates', pick('updates', '30'), 1),
    warmupPerClient: positiveInteger('warmup', pick('warmup', '40'), 0),
    ratePerClient: positiveInteger('rate', pick('rate', '2'), 1),
    drainTimeoutMs: positiveInteger('drain-timeout', pick('drain-timeout', '15000'), 100),
    servers: servers as ServerName[],
    mode: parseMode(pick('mode', 'paired')),
    repeat: positiveInteger('repeat', pick('repeat', '1'), 1),
    serverNodeArgs: pick('server-node-args', '').split(/\s+/).filter(Boolean),
    serverEntry: entry('server-entry'),
    baselineEntry,
    referenceEntry: entry('reference-entry'),
    storageUpdates: positiveInteger('storage-updates', pick('storage-updates', '5000'), 0),
  };
}
