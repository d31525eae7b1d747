import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncPath } from '@kohtaamo/shared';
import pg from 'pg';
import { serverNodeFlags } from '../helpers/server.js';
import { testDatabaseUrl, testRedisUrl } from '../helpers/serviceUrls.js';
import { Barrier } from './Barrier.js';
import {
  type BenchOptions,
  benchUsage,
  parseBenchOptions,
  type ServerName,
} from './benchOptions.js';
import { printControlBench } from './controlBench.js';
import { type FanOutPairing, type FanOutResult, runFanOut } from './fanOutBench.js';
import { fixed, formatTable, percentile } from './formatTable.js';
import { printGuardBench } from './guardBench.js';
import { printLimitsBench } from './limitsBench.js';
import { ServerGroup } from './ServerGroup.js';
import { type ServerLaunch, ServerProcess } from './ServerProcess.js';
import { runStorageBench } from './storageBench.js';

const defaultServerEntry = fileURLToPath(new URL('../../server/dist/index.js', import.meta.url));

function referenceServerEntry(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@y/websocket-server/package.json');
  return join(dirname(packageJson), 'src', 'server.js');
}

const referenceLabel = 'y-websocket-server';
const baselineLabel = 'kohtaamo-baseline';

const exitOnSigterm = `data:text/javascript,process.once('SIGTERM', () => process.exit(0))`;

/** The stock y-websocket server cannot report an ephemeral port, so pick one for it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function launchFor(
  name: ServerName,
  options: BenchOptions,
  dataDir: string,
): Promise<ServerLaunch> {
  if (name === 'reference') {
    const port = await freePort();
    return {
      label: referenceLabel,
      // The stock server dies on SIGTERM without exiting, which would lose a --cpu-prof profile.
      args: [
        ...options.serverNodeArgs,
        '--import',
        exitOnSigterm,
        options.referenceEntry ?? referenceServerEntry(),
      ],
      env: { HOST: '127.0.0.1', PORT: String(port) },
      readyPort: (line) => (line.startsWith('running at') ? port : undefined),
      roomUrl: (listening, roomId) => `ws://127.0.0.1:${listening}/${roomId}`,
    };
  }
  return {
    label: name === 'baseline' ? baselineLabel : 'kohtaamo',
    // Started as `pnpm start` starts it; the reference runs as its own bin does.
    args: [
      ...serverNodeFlags,
      ...options.serverNodeArgs,
      (name === 'baseline' ? options.baselineEntry : options.serverEntry) ?? defaultServerEntry,
    ],
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      // The fan-out runs on a bare room id, as the reference server has no rooms API.
      REQUIRE_ROOM_TOKENS: 'false',
      // The limits stay on (their checks are part of the measured CPU) but never trip the
      // bench's own load: every client connects from 127.0.0.1, and --rate may be high.
      MAX_CONNECTIONS_PER_IP: '1000000',
      MAX_CONNECTIONS_PER_ROOM: '1000000',
      RATE_LIMIT_UPDATES_PER_SECOND: '1000000',
      RATE_LIMIT_UPDATES_BURST: '1000000',
    },
    readyPort: (line) => {
      if (!line.startsWith('{')) return undefined;
      try {
        const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
        return entry.msg === 'listening' && typeof entry.port === 'number' ? entry.port : undefined;
      } catch {
        return undefined;
      }
    },
    roomUrl: (listening, roomId) => `ws://127.0.0.1:${listening}${syncPath}/${roomId}`,
  };
}

async function storageSection(options: BenchOptions): Promise<void> {
  if (options.storageUpdates === 0) return;
  const results = await runStorageBench(options.storageUpdates);
  console.log(`\nStorage micro-bench: SqliteDocumentStore (WAL, synchronous=NORMAL), temp file`);
  console.log(
    formatTable(
      ['operation', 'updates', 'total ms', 'rate /s', 'MiB/s', 'call p50/p99/max ms'],
      results.map((result) => [
        result.operation,
        String(result.count),
        fixed(result.totalMs, 1),
        `${fixed(result.perSecond, 0)} ${result.unit}`,
        fixed(result.mibPerSecond, 2),
        result.callMs === undefined
          ? ''
          : `${fixed(result.callMs.p50, 3)} / ${fixed(result.callMs.p99, 3)} / ${fixed(result.callMs.max, 1)}`,
      ]),
    ),
  );
}

const cpuPerThousand = (result: FanOutResult) =>
  result.delivered === 0 ? Number.NaN : (result.serverCpuMs * 1000) / result.delivered;

interface RunSummary {
  readonly server: string;
  readonly clientCount: number;
  readonly runs: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuPerThousand: number;
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

function fanOutRow(result: FanOutResult, run: number): string[] {
  const lost = result.expected - result.delivered;
  return [
    result.server,
    String(result.clientCount),
    String(run),
    `${result.delivered}${lost > 0 ? ` (${lost} lost)` : ''}`,
    fixed(percentile(result.latencies, 0.5), 2),
    fixed(percentile(result.latencies, 0.99), 2),
    fixed(result.latencies.at(-1) ?? Number.NaN, 1),
    fixed(result.serverCpuMs, 0),
    fixed(cpuPerThousand(result), 1),
    fixed(result.framesPerUpdate, 1),
    fixed(result.peakRssMiB, 0),
    `${fixed(result.driverLoad * 100, 0)}%`,
    result.convergenceErrors.length === 0 ? 'yes' : 'NO',
  ];
}

function summarize(results: readonly FanOutResult[]): RunSummary[] {
  const groups = new Map<string, FanOutResult[]>();
  for (const result of results) {
    const key = `${result.clientCount}\u0000${result.server}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map((group) => ({
    server: group[0]?.server ?? '',
    clientCount: group[0]?.clientCount ?? 0,
    runs: group.length,
    p50: median(group.map((r) => percentile(r.latencies, 0.5))),
    p99: median(group.map((r) => percentile(r.latencies, 0.99))),
    cpuPerThousand: median(group.map(cpuPerThousand)),
  }));
}

interface StartedServer {
  readonly name: ServerName;
  readonly server: ServerProcess | ServerGroup;
  readonly dataDir: string;
}

const clusterLabel = 'kohtaamo-2x';

/**
 * Two of our instances on one PostgreSQL (a schema of their own, dropped
 * on stop) and Redis: the first client's instance takes the room, the
 * others' sockets are forwarded to it.
 */
async function startCluster(options: BenchOptions, dataDir: string): Promise<ServerGroup> {
  const schema = `kohtaamo_bench_${Date.now().toString(36)}_${process.pid}`;
  await withDatabase(testDatabaseUrl, (client) => client.query(`create schema ${schema}`));
  const databaseUrl = new URL(testDatabaseUrl);
  databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
  const dropSchema = () =>
    withDatabase(testDatabaseUrl, (client) =>
      client.query(`drop schema if exists ${schema} cascade`),
    );
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i += 1) {
      const launch = await launchFor('kohtaamo', options, join(dataDir, `instance-${i}`));
      servers.push(
        await ServerProcess.start({
          ...launch,
          label: clusterLabel,
          env: {
            ...launch.env,
            STORAGE: 'postgres',
            DATABASE_URL: databaseUrl.toString(),
            REDIS_URL: testRedisUrl,
            TOKEN_SECRET: 'bench-cluster-secret-of-at-least-32-bytes',
          },
        }),
      );
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await dropSchema();
    throw error;
  }
  return new ServerGroup(servers, clusterLabel, async () => {
    await dropSchema();
  });
}

async function withDatabase(url: string, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Why the cluster run cannot be done here, or `undefined` if it can. */
async function clusterMissing(): Promise<string | undefined> {
  try {
    await withDatabase(testDatabaseUrl, (client) => client.query('select 1'));
  } catch (error) {
    return `PostgreSQL at ${testDatabaseUrl} is not reachable (${String(error)})`;
  }
  const { hostname, port } = new URL(testRedisUrl);
  const redisUp = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
  });
  return redisUp ? undefined : `Redis at ${testRedisUrl} is not reachable`;
}

async function startServer(name: ServerName, options: BenchOptions): Promise<StartedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kohtaamo-bench-data-'));
  if (name === 'cluster') {
    try {
      return { name, dataDir, server: await startCluster(options, dataDir) };
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    return {
      name,
      dataDir,
      server: await ServerProcess.start(await launchFor(name, options, dataDir)),
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function stopServer({ server, dataDir }: StartedServer): Promise<void> {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** One scenario against a started server; undefined (after printing why) if it failed. */
async function measure(
  { server }: StartedServer,
  options: BenchOptions,
  clientCount: number,
  pairing?: FanOutPairing,
): Promise<FanOutResult | undefined> {
  try {
    const result = await runFanOut(
      server,
      { ...options, clientCount },
      `bench-${clientCount}-${Date.now().toString(36)}`,
      pairing,
    );
    console.log(
      `  ${result.server} (pid ${server.pid}), ${clientCount} clients: ` +
        `${result.delivered}/${result.expected} deliveries in ${fixed(result.windowMs / 1000, 1)} s, ` +
        `mean update ${fixed(result.meanUpdateBytes, 0)} B`,
    );
    for (const error of result.convergenceErrors.slice(0, 5)) console.log(`    ! ${error}`);
    return result;
  } catch (error) {
    pairing?.barrier.break(error);
    console.error(`  ${server.label}, ${clientCount} clients failed: ${String(error)}`);
    console.error(server.recentOutput());
    return undefined;
  }
}

/**
 * One round for one client count. Sequential: each server alone on the
 * machine, in `order`. Paired: all servers at once, each with its own
 * clients, phases started and ended together and send schedules interleaved,
 * so load from elsewhere on the machine affects every server alike.
 */
async function runRound(
  order: readonly ServerName[],
  options: BenchOptions,
  clientCount: number,
): Promise<(FanOutResult | undefined)[]> {
  if (options.mode === 'sequential' || order.length < 2) {
    const results: (FanOutResult | undefined)[] = [];
    for (const name of order) {
      const started = await startServer(name, options);
      try {
        results.push(await measure(started, options, clientCount));
      } finally {
        await stopServer(started);
      }
    }
    return results;
  }
  const started: StartedServer[] = [];
  try {
    for (const name of order) started.push(await startServer(name, options));
    const barrier = new Barrier(started.length);
    const period = 1000 / options.ratePerClient;
    return await Promise.all(
      started.map((entry, index) =>
        measure(entry, options, clientCount, {
          barrier,
          scheduleOffsetMs: (index * period) / started.length / clientCount,
        }),
      ),
    );
  } finally {
    for (const entry of started) await stopServer(entry);
  }
}

async function main(): Promise<number> {
  const parsed = parseBenchOptions(process.argv.slice(2), process.env);
  if (parsed === 'help') {
    console.log(benchUsage);
    return 0;
  }
  let options = parsed;
  if (options.servers.includes('cluster')) {
    const missing = await clusterMissing();
    if (missing !== undefined) {
      console.log(`(the two-instance run is left out: ${missing})`);
      options = { ...options, servers: options.servers.filter((name) => name !== 'cluster') };
    }
  }
  const entries = [
    options.servers.includes('kohtaamo') ? (options.serverEntry ?? defaultServerEntry) : undefined,
    options.baselineEntry,
  ];
  for (const entry of entries) {
    if (entry !== undefined && !existsSync(entry)) {
      console.error(`${entry} is missing: build the server first (pnpm bench does).`);
      return 2;
    }
  }
  console.log(
    `Kohtaamo bench: node ${process.version}, clients ${options.clientCounts.join('/')}, ` +
      `${options.updatesPerClient} measured + ${options.warmupPerClient} warm-up updates per client ` +
      `at ${options.ratePerClient}/s, ${options.repeat} run(s) each, servers ${options.mode}`,
  );

  await storageSection(options);
  // Opt-in: BENCH_LIMITS_CHECKS=2000000 adds the rate-limit/connection-cap micro-bench.
  const limitsChecks = Number(process.env.BENCH_LIMITS_CHECKS ?? 0);
  if (Number.isInteger(limitsChecks) && limitsChecks > 0) printLimitsBench(limitsChecks);
  // The per-update role and schema check of rooms with roles; BENCH_GUARD_CHECKS=0 skips it.
  const guardChecks = Number(process.env.BENCH_GUARD_CHECKS ?? 1000);
  if (Number.isInteger(guardChecks) && guardChecks > 0) {
    await printGuardBench(guardChecks, [200, 5000]);
  }
  // The facilitator toolkit's control actions; BENCH_CONTROL_ACTIONS=0 skips it.
  const controlActions = Number(process.env.BENCH_CONTROL_ACTIONS ?? 500);
  if (Number.isInteger(controlActions) && controlActions > 0) {
    await printControlBench(controlActions, 30);
  }

  const runs: { result: FanOutResult; run: number }[] = [];
  let failed = false;
  for (const clientCount of options.clientCounts) {
    for (let run = 1; run <= options.repeat; run += 1) {
      // Alternate the order so drift in machine load does not favour one server.
      const order = run % 2 === 1 ? options.servers : [...options.servers].reverse();
      for (const result of await runRound(order, options, clientCount)) {
        if (result === undefined) {
          failed = true;
          continue;
        }
        runs.push({ result, run });
        if (result.convergenceErrors.length > 0 || result.delivered < result.expected) {
          failed = true;
        }
      }
    }
  }
  runs.sort(
    (a, b) =>
      a.result.clientCount - b.result.clientCount ||
      a.result.server.localeCompare(b.result.server) ||
      a.run - b.run,
  );

  console.log('\nFan-out: one room, every update delivered to every other client');
  console.log(
    formatTable(
      [
        'server',
        'clients',
        'run',
        'deliveries',
        'p50 ms',
        'p99 ms',
        'max ms',
        'CPU ms',
        'CPU ms/1k',
        'frames/upd',
        'peak RSS MiB',
        'driver CPU',
        'converged',
      ],
      runs.map(({ result, run }) => fanOutRow(result, run)),
    ),
  );

  const summaries = summarize(runs.map(({ result }) => result));
  // Against the stock server; with only our two builds running, the new one against the baseline.
  const against = summaries.some((s) => s.server === referenceLabel)
    ? referenceLabel
    : baselineLabel;
  const ratioRows: string[][] = [];
  for (const clientCount of options.clientCounts) {
    const reference = summaries.find((s) => s.server === against && s.clientCount === clientCount);
    if (reference === undefined) continue;
    for (const ours of summaries) {
      if (ours.server === against || ours.clientCount !== clientCount) continue;
      const ratio = (a: number, b: number) => fixed(a / b, 2);
      ratioRows.push([
        ours.server,
        String(clientCount),
        String(Math.min(ours.runs, reference.runs)),
        `${fixed(ours.p50, 2)} / ${fixed(reference.p50, 2)}`,
        `${fixed(ours.p99, 2)} / ${fixed(reference.p99, 2)}`,
        `${fixed(ours.cpuPerThousand, 1)} / ${fixed(reference.cpuPerThousand, 1)}`,
        ratio(ours.p50, reference.p50),
        ratio(ours.p99, reference.p99),
        ratio(ours.cpuPerThousand, reference.cpuPerThousand),
      ]);
    }
  }
  if (ratioRows.length > 0) {
    const target = against === referenceLabel ? ' (ratio target ≤ 1.00)' : '';
    console.log(`\nCompared with ${against}, medians over runs${target}`);
    console.log(
      formatTable(
        [
          'server',
          'clients',
          'runs',
          'p50 ms x/ref',
          'p99 ms x/ref',
          'CPU ms/1k x/ref',
          'p50 ratio',
          'p99 ratio',
          'CPU/1k ratio',
        ],
        ratioRows,
      ),
    );
  }

  if (runs.some(({ result }) => result.driverLoad > 0.8)) {
    console.log(
      '\nNote: the bench process used > 80% of a core in some runs, so its own queueing is part ' +
        'of those latencies; lower --rate or --clients for server-bound figures.',
    );
  }

  const converged = runs.length > 0 && !failed;
  console.log(
    converged
      ? '\nConvergence: every client and a late joiner hold identical state in every run.'
      : '\nConvergence: FAILED (see ! lines above); exiting non-zero.',
  );
  return converged ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
