import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RoomRole, syncPath } from '@kohtaamo/shared';
import pg from 'pg';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { serverNodeFlags } from '../helpers/server.js';
import { testDatabaseUrl, testRedisUrl } from '../helpers/serviceUrls.js';
import { type BenchAccess, type BenchRoom, BenchTarget, type RoomOpener } from './BenchTarget.js';
import type { BenchOptions, ServerName } from './benchOptions.js';
import { type ServerLaunch, ServerProcess } from './ServerProcess.js';

export const defaultServerEntry = fileURLToPath(
  new URL('../../server/dist/index.js', import.meta.url),
);
const hocuspocusEntry = fileURLToPath(new URL('./hocuspocusServer.mjs', import.meta.url));

function referenceServerEntry(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@y/websocket-server/package.json');
  return join(dirname(packageJson), 'src', 'server.js');
}

/** How each server appears in tables and JSON. */
export const serverLabels: Readonly<Record<ServerName, string>> = {
  kohtaamo: 'kohtaamo',
  'no-append': 'kohtaamo-no-append',
  reference: 'y-websocket-server',
  hocuspocus: 'hocuspocus',
  baseline: 'kohtaamo-baseline',
  cluster: 'kohtaamo-2x',
};

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

/** Our server, started as `pnpm start` starts it, on a port of its choosing. */
function kohtaamoLaunch(
  label: string,
  entry: string,
  options: BenchOptions,
  env: Record<string, string>,
): ServerLaunch {
  return {
    label,
    args: [...serverNodeFlags, ...options.serverNodeArgs, entry],
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      // Rooms are made through POST /api/rooms, so links, roles and their checks are on.
      REQUIRE_ROOM_TOKENS: 'true',
      ROOM_CREATION_PER_HOUR: '0',
      // The limits stay on (their checks are part of the measured CPU) but never trip the
      // bench's own load: every client connects from 127.0.0.1, and --rate may be high.
      MAX_CONNECTIONS_PER_IP: '1000000',
      MAX_CONNECTIONS_PER_ROOM: '1000000',
      RATE_LIMIT_UPDATES_PER_SECOND: '1000000',
      RATE_LIMIT_UPDATES_BURST: '1000000',
      RATE_LIMIT_AWARENESS_PER_SECOND: '1000000',
      RATE_LIMIT_AWARENESS_BURST: '1000000',
      RATE_LIMIT_BYTES_PER_SECOND: String(1024 ** 3),
      RATE_LIMIT_BYTES_BURST: String(4 * 1024 ** 3),
      // A server that falls seconds behind on a busy shared machine reads its clients' pongs
      // late and drops them as dead (close 1006) at the default 30 s sweep: a false alarm here.
      KEEPALIVE_INTERVAL_MS: '120000',
      ...env,
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
  };
}

/**
 * Rooms made through our rooms API, on the first instance; clients are
 * dealt out across the instances in turn. Even-numbered clients hold the
 * participant link and odd-numbered ones the guest link (a workshop's team
 * and its invited customers; a guest's every edit is checked against
 * authorship); the owner holds the facilitator link. Each sends its
 * participant key.
 */
function kohtaamoRooms(processes: readonly ServerProcess[]): RoomOpener {
  return async (name) => {
    const first = processes[0] as ServerProcess;
    const created = await createRoom(`http://127.0.0.1:${first.port}`, name, 'fi');
    const token = (role: RoomRole) => linkToken(created.links[role]);
    const role = (client: number, access: BenchAccess): RoomRole =>
      access === 'own' ? 'facilitator' : client % 2 === 0 ? 'participant' : 'guest';
    return {
      name: created.roomId,
      url: (client, person, access) => {
        const server = processes[client % processes.length] as ServerProcess;
        const query = new URLSearchParams({ t: token(role(client, access)), k: person.key });
        return `ws://127.0.0.1:${server.port}${syncPath}/${created.roomId}?${query}`;
      },
    };
  };
}

/** A peer's rooms: any name, no links. */
function plainRooms(url: (name: string) => string): RoomOpener {
  return async (name): Promise<BenchRoom> => ({ name, url: () => url(name) });
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
export async function clusterMissing(): Promise<string | undefined> {
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

/**
 * Two of our instances on one PostgreSQL (a schema of their own, dropped
 * on stop) and Redis: the first client's instance takes the room, the
 * others' sockets are forwarded to it.
 */
async function startCluster(options: BenchOptions, dataDir: string): Promise<BenchTarget> {
  const label = serverLabels.cluster;
  const schema = `kohtaamo_bench_${Date.now().toString(36)}_${process.pid}`;
  await withDatabase(testDatabaseUrl, (client) => client.query(`create schema ${schema}`));
  const databaseUrl = new URL(testDatabaseUrl);
  databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
  const dropSchema = () =>
    withDatabase(testDatabaseUrl, (client) =>
      client.query(`drop schema if exists ${schema} cascade`),
    );
  const processes: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i += 1) {
      processes.push(
        await ServerProcess.start(
          kohtaamoLaunch(label, options.serverEntry ?? defaultServerEntry, options, {
            DATA_DIR: join(dataDir, `instance-${i}`),
            STORAGE: 'postgres',
            DATABASE_URL: databaseUrl.toString(),
            REDIS_URL: testRedisUrl,
            TOKEN_SECRET: 'bench-cluster-secret-of-at-least-32-bytes',
            // A bench on a busy shared machine can stall an instance for seconds; with the
            // default 6 s lease the room would move mid-run (clients told 1012), which is a
            // failover test, not the steady cost this run measures.
            LEASE_TTL_MS: '30000',
          }),
        ),
      );
    }
  } catch (error) {
    await Promise.all(processes.map((server) => server.stop()));
    await dropSchema();
    throw error;
  }
  return new BenchTarget({
    label,
    protocol: 'y-websocket',
    processes,
    openRoom: kohtaamoRooms(processes),
    cleanup: async () => {
      await dropSchema();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Starts one server under test as fresh processes. */
export async function startTarget(name: ServerName, options: BenchOptions): Promise<BenchTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kohtaamo-bench-data-'));
  const removeData = async () => rmSync(dataDir, { recursive: true, force: true });
  try {
    switch (name) {
      case 'cluster':
        return await startCluster(options, dataDir);
      case 'reference': {
        const port = await freePort();
        const server = await ServerProcess.start({
          label: serverLabels.reference,
          // The stock server dies on SIGTERM without exiting, which would lose a --cpu-prof profile.
          args: [
            ...options.serverNodeArgs,
            '--import',
            exitOnSigterm,
            options.referenceEntry ?? referenceServerEntry(),
          ],
          env: { HOST: '127.0.0.1', PORT: String(port) },
          readyPort: (line) => (line.startsWith('running at') ? port : undefined),
        });
        return new BenchTarget({
          label: serverLabels.reference,
          protocol: 'y-websocket',
          processes: [server],
          openRoom: plainRooms((room) => `ws://127.0.0.1:${port}/${room}`),
          cleanup: removeData,
        });
      }
      case 'hocuspocus': {
        const server = await ServerProcess.start({
          label: serverLabels.hocuspocus,
          args: [...options.serverNodeArgs, hocuspocusEntry],
          env: { HOST: '127.0.0.1' },
          readyPort: (line) => {
            const match = /^listening (\d+)$/.exec(line);
            return match === null ? undefined : Number(match[1]);
          },
        });
        return new BenchTarget({
          label: serverLabels.hocuspocus,
          protocol: 'hocuspocus',
          processes: [server],
          // Hocuspocus reads the document's name from each frame, not from the URL.
          openRoom: plainRooms(() => `ws://127.0.0.1:${server.port}`),
          cleanup: removeData,
        });
      }
      default: {
        const entry =
          name === 'baseline' ? options.baselineEntry : (options.serverEntry ?? defaultServerEntry);
        if (entry === undefined) throw new Error('the baseline server needs --baseline-entry');
        const env: Record<string, string> = { DATA_DIR: dataDir };
        if (name === 'no-append') env.BENCHMARK_SKIP_APPEND = 'true';
        const server = await ServerProcess.start(
          kohtaamoLaunch(serverLabels[name], entry, options, env),
        );
        return new BenchTarget({
          label: serverLabels[name],
          protocol: 'y-websocket',
          processes: [server],
          openRoom: kohtaamoRooms([server]),
          cleanup: removeData,
        });
      }
    }
  } catch (error) {
    await removeData();
    throw error;
  }
}
