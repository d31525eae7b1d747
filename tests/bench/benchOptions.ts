import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Servers the bench can start. `kohtaamo` is always the one measured; the
 * others are its peers, each run beside it in turn: `no-append` (our
 * server with BENCHMARK_SKIP_APPEND, the cost of durability on its own),
 * `reference` (@y/websocket-server), `hocuspocus` (@hocuspocus/server),
 * `cluster` (two of our instances on PostgreSQL and Redis) and `baseline`
 * (another build of ours, `--baseline-entry`).
 */
export type ServerName =
  | 'kohtaamo'
  | 'no-append'
  | 'reference'
  | 'hocuspocus'
  | 'cluster'
  | 'baseline';

/** A peer: any server but ours. */
export type PeerName = Exclude<ServerName, 'kohtaamo'>;

const peerNames: readonly PeerName[] = [
  'no-append',
  'reference',
  'hocuspocus',
  'cluster',
  'baseline',
];

/** The workloads: one busy room, many small rooms, a big board opened by many at once. */
export type WorkloadName = 'room' | 'rooms' | 'join';

const workloadNames: readonly WorkloadName[] = ['room', 'rooms', 'join'];

/** Parameters of one `pnpm bench` run. */
export interface BenchOptions {
  /** `--quick`: one short run of everything, no micro-benches. */
  readonly quick: boolean;
  readonly workloads: readonly WorkloadName[];
  /** Peers, each paired with our server in turn. */
  readonly peers: readonly PeerName[];
  /** Workloads the two-instance cluster runs (its seeding and 50 rooms add little but time). */
  readonly clusterWorkloads: readonly WorkloadName[];
  /** Client counts of the one-room workload. */
  readonly clientCounts: readonly number[];
  /** Rooms and clients per room of the many-rooms workload. */
  readonly rooms: number;
  readonly roomClients: number;
  /** Notes each client edits in turn. */
  readonly notesPerClient: number;
  /** Measured edits each client sends. */
  readonly updatesPerClient: number;
  /** Edits each client sends before measuring starts. */
  readonly warmupPerClient: number;
  /** Edits per second per client. */
  readonly ratePerClient: number;
  /** Cursor moves (awareness changes) per second per client; 0 for none. */
  readonly cursorRate: number;
  /** How long to wait for missing deliveries after the last send (ms). */
  readonly drainTimeoutMs: number;
  /** Notes on the join workload's board. */
  readonly boardNotes: number;
  /** Clients opening that board at once. */
  readonly joiners: number;
  /**
   * `paired`: the two servers run side by side, each with its own clients,
   * so machine noise hits both alike (robust ratios on a shared box);
   * `sequential`: one server at a time (cleaner absolute latencies).
   */
  readonly mode: 'paired' | 'sequential';
  /** Rounds over every pair, alternating which server starts first; figures are medians. */
  readonly repeat: number;
  /** Where the JSON goes (a timestamped file); `undefined` writes none. */
  readonly outDir: string | undefined;
  /** Extra node flags for every server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  readonly serverNodeArgs: readonly string[];
  /** Our server's entry file; another build can be compared against the same peers. */
  readonly serverEntry: string | undefined;
  /** Entry of the `baseline` build; set, it joins the peers. */
  readonly baselineEntry: string | undefined;
  /** The reference server's entry; default the installed @y/websocket-server bin. */
  readonly referenceEntry: string | undefined;
  /** Updates appended by the storage micro-bench; 0 skips it. */
  readonly storageUpdates: number;
  /** Checks per line of the update-check micro-bench; 0 skips it. */
  readonly guardChecks: number;
  /** Actions of the control-channel micro-bench; 0 skips it. */
  readonly controlActions: number;
  /** Checks of the rate-limit micro-bench; 0 (the default) skips it. */
  readonly limitsChecks: number;
  /** Notes on the board of the compaction micro-bench; 0 skips it. */
  readonly compactionNotes: number;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Defaults, and what `--quick` changes (any option given explicitly still wins). */
const defaults = {
  workloads: 'room,rooms,join',
  peers: 'reference,hocuspocus,no-append,cluster',
  'cluster-workloads': 'room',
  clients: '50',
  rooms: '50',
  'room-clients': '4',
  notes: '4',
  updates: '50',
  warmup: '30',
  rate: '5',
  'cursor-rate': '10',
  'drain-timeout': '60000',
  'board-notes': '10000',
  joiners: '20',
  mode: 'paired',
  repeat: '3',
  out: 'bench-results',
  'server-node-args': '',
  'server-entry': '',
  'baseline-entry': '',
  'reference-entry': '',
  'storage-updates': '5000',
  'guard-checks': '1000',
  'control-actions': '500',
  'limits-checks': '0',
  'compaction-notes': '10000',
} as const;

type OptionName = keyof typeof defaults;

const quickDefaults: Partial<Record<OptionName, string>> = {
  peers: 'reference,hocuspocus,no-append',
  updates: '20',
  warmup: '10',
  repeat: '1',
  'storage-updates': '0',
  'guard-checks': '0',
  'control-actions': '0',
  'compaction-notes': '0',
};

export const benchUsage = `Usage: pnpm bench [-- options]   (each option also reads BENCH_<NAME> from the environment)
Our server (rooms made through the API, so roles are checked; SQLite) runs beside each peer in
turn, on fresh processes, for each workload; figures are medians over --repeat rounds.
  --quick                  one round, shorter windows, no cluster, no micro-benches (~3 min
                           on a quiet machine)
  --workloads room,rooms,join   room: one room of --clients clients; rooms: --rooms rooms of
                           --room-clients; join: --joiners open a --board-notes board at once
  --peers reference,hocuspocus,no-append,cluster   reference: @y/websocket-server; hocuspocus:
                           @hocuspocus/server in its own protocol; no-append: ours with
                           BENCHMARK_SKIP_APPEND; cluster: two of ours on PostgreSQL and Redis
                           (TEST_DATABASE_URL, TEST_REDIS_URL; left out with a notice when
                           unreachable); baseline: --baseline-entry
  --cluster-workloads room workloads the cluster peer runs
  --clients 50             clients in the one-room workload (a list runs each)
  --rooms 50 --room-clients 4   the many-rooms workload
  --notes 4                notes each client owns and edits in turn
  --rate 5                 note edits (text and position) per second per client
  --cursor-rate 10         cursor moves (awareness) per second per client, 0 for none
  --warmup 30              warm-up edits per client, not measured
  --updates 50             measured edits per client
  --drain-timeout 60000    ms to wait for late deliveries (beyond it they count as lost)
  --board-notes 10000      notes on the join workload's board (10,000 ≈ 10 MB)
  --joiners 20             clients opening it at once
  --mode paired            paired (the two servers side by side, same conditions) or sequential
  --repeat 3               rounds over every pair, alternating which server starts first
  --out bench-results      folder for the JSON (from the repository root); --out= writes none
  --server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"   node flags for every server
  --server-entry PATH      our server's entry, default server/dist/index.js
  --baseline-entry PATH    another build of ours (e.g. a copy of server/dist from main), added
                           to the peers as kohtaamo-baseline, to compare a change
  --reference-entry PATH   reference server's entry, default @y/websocket-server's bin
  --storage-updates 5000   SqliteDocumentStore micro-bench size, 0 to skip
  --guard-checks 1000      update-check micro-bench checks per line, 0 to skip
  --control-actions 500    control-channel micro-bench actions, 0 to skip
  --limits-checks 0        rate-limit micro-bench checks (e.g. 2000000), 0 to skip
  --compaction-notes 10000 compaction micro-bench board (in place vs worker thread), 0 to skip`;

function integer(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new Error(
      `--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}\n${benchUsage}`,
    );
  }
  return value;
}

function listOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`--${name}: unknown ${JSON.stringify(item)}\n${benchUsage}`);
    }
  }
  return [...new Set(items)] as T[];
}

/** Reads options from argv (`process.argv.slice(2)`) and BENCH_* variables. */
export function parseBenchOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BenchOptions | 'help' {
  const stringOptions = Object.fromEntries(
    Object.keys(defaults).map((name) => [name, { type: 'string' as const }]),
  );
  // `pnpm bench -- --repeat 3` passes the `--` along; anything else that is not an option is a mistake.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    allowPositionals: false,
    options: {
      ...stringOptions,
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const quick = values.quick === true || env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const pick = (name: OptionName): string => {
    const fromArgs = (values as Record<string, unknown>)[name];
    if (typeof fromArgs === 'string') return fromArgs;
    const fromEnv = env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return (quick ? quickDefaults[name] : undefined) ?? defaults[name];
  };
  // Relative paths are from where `pnpm bench` was typed (pnpm runs the script in tests/).
  const path = (name: 'server-entry' | 'baseline-entry' | 'reference-entry') => {
    const value = pick(name);
    return value === '' ? undefined : resolve(env.INIT_CWD ?? process.cwd(), value);
  };
  const peers = listOf('peers', pick('peers'), peerNames);
  const baselineEntry = path('baseline-entry');
  if (baselineEntry !== undefined && !peers.includes('baseline')) peers.push('baseline');
  if (baselineEntry === undefined && peers.includes('baseline')) {
    throw new Error(`the baseline peer needs --baseline-entry\n${benchUsage}`);
  }
  const out = pick('out');
  return {
    quick,
    workloads: listOf('workloads', pick('workloads'), workloadNames),
    peers,
    clusterWorkloads: listOf('cluster-workloads', pick('cluster-workloads'), workloadNames),
    clientCounts: pick('clients')
      .split(',')
      .map((count) => integer('clients', count, 2)),
    rooms: integer('rooms', pick('rooms'), 1),
    roomClients: integer('room-clients', pick('room-clients'), 2),
    notesPerClient: integer('notes', pick('notes'), 1),
    updatesPerClient: integer('updates', pick('updates'), 1),
    warmupPerClient: integer('warmup', pick('warmup'), 0),
    ratePerClient: integer('rate', pick('rate'), 1),
    cursorRate: integer('cursor-rate', pick('cursor-rate'), 0),
    drainTimeoutMs: integer('drain-timeout', pick('drain-timeout'), 100),
    boardNotes: integer('board-notes', pick('board-notes'), 20),
    joiners: integer('joiners', pick('joiners'), 1),
    mode: (() => {
      const mode = pick('mode');
      if (mode === 'paired' || mode === 'sequential') return mode;
      throw new Error(`--mode must be paired or sequential, got ${JSON.stringify(mode)}`);
    })(),
    repeat: integer('repeat', pick('repeat'), 1),
    outDir: out === '' ? undefined : resolve(repoRoot, out),
    serverNodeArgs: pick('server-node-args').split(/\s+/).filter(Boolean),
    serverEntry: path('server-entry'),
    baselineEntry,
    referenceEntry: path('reference-entry'),
    storageUpdates: integer('storage-updates', pick('storage-updates'), 0),
    guardChecks: integer('guard-checks', pick('guard-checks'), 0),
    controlActions: integer('control-actions', pick('control-actions'), 0),
    limitsChecks: integer('limits-checks', pick('limits-checks'), 0),
    compactionNotes: integer('compaction-notes', pick('compaction-notes'), 0),
  };
}
