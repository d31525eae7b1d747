import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { writeBoardTitle } from '@kohtaamo/shared';
import { pino } from 'pino';
import { createApp } from './app.js';
import { LinkSessions } from './auth/LinkSessions.js';
import { RoomAccess } from './auth/RoomAccess.js';
import { RoomTokens } from './auth/RoomTokens.js';
import { loadTokenSecret } from './auth/tokenSecret.js';
import type { Cluster } from './cluster/Cluster.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { ballotDocumentId } from './facilitation/BallotBox.js';
import { facilitationExtension } from './facilitation/facilitationExtension.js';
import { PrivateDocuments } from './facilitation/PrivateDocuments.js';
import { roomAuthorizer } from './http/roomAuthorizer.js';
import { connectionRetryAfterSeconds, SyncGateway } from './http/SyncGateway.js';
import { AddressRateLimiter } from './limits/AddressRateLimiter.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics/Metrics.js';
import type { DocumentStore } from './persistence/DocumentStore.js';
import { openStorage, type Storage } from './persistence/openStorage.js';
import { ThreadUpdateFolder } from './persistence/ThreadUpdateFolder.js';
import { RoomRegistry } from './room/RoomRegistry.js';
import { loadRecordValidator } from './room/recordSchema.js';
import { standardRoomRules } from './room/rules/roomRules.js';
import type { SocketLike } from './room/SocketLike.js';
import { systemTimers } from './room/Timers.js';

/** Longest a graceful shutdown may take before the process gives up and exits 1. */
const shutdownTimeoutMs = 15_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

// Wrapped: a logger has a `then`-like shape a Promise cannot resolve to directly.
async function createLogger(config: Config): Promise<{ readonly logger: Logger }> {
  const options = { level: config.LOG_LEVEL };
  if (config.LOG_FORMAT !== 'pretty') return { logger: pino(options) };
  // Loaded only when asked for: a development aid that JSON logging never needs.
  const { default: pinoPretty } = await import('pino-pretty');
  return { logger: pino(options, pinoPretty({ colorize: true, sync: true })) };
}

/** CLIENT_DIR, or the client build next to this package (server/dist → client/dist). */
function resolveClientDir(config: Config, logger: Logger): string | undefined {
  const dir =
    config.CLIENT_DIR === ''
      ? resolve(dirname(fileURLToPath(import.meta.url)), '../../client/dist')
      : resolve(config.CLIENT_DIR);
  if (existsSync(join(dir, 'index.html'))) return dir;
  logger.warn({ clientDir: dir }, 'no client build found; serving the API only');
  return undefined;
}

/**
 * BENCHMARK_SKIP_APPEND: appends resolve at once without writing (0: no log
 * entry), everything else reaches storage. For `pnpm bench` only, where it
 * shows what the write before each broadcast costs; never in production.
 */
function skipAppends(store: DocumentStore): DocumentStore {
  return {
    load: (roomId) => store.load(roomId),
    append: async () => 0,
    compact: (roomId, snapshot, throughSeq) => store.compact(roomId, snapshot, throughSeq),
    delete: (roomId) => store.delete(roomId),
    list: (prefix) => store.list(prefix),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function main(): Promise<void> {
  const config = readConfig();
  const { logger } = await createLogger(config);
  if (config.BENCHMARK_SKIP_APPEND) {
    logger.warn({}, 'BENCHMARK_SKIP_APPEND is on: updates are not written (benchmarks only)');
  }
  let storage: Storage;
  try {
    storage = await openStorage(config, logger);
  } catch (error) {
    logger.error({ err: error, storage: config.STORAGE }, 'cannot open storage');
    process.exit(1);
  }
  const { uploads } = storage;
  let listeningAddress = '';
  // Read when scraped: the registry and the cluster exist by then.
  const metrics: Metrics = new Metrics({
    roomsLoaded: (): number => registry.roomCount,
    ...(config.REDIS_URL === '' ? {} : { roomsOwned: () => cluster?.ownership.ownedCount ?? 0 }),
  });
  const instrumented: DocumentStore = metrics.instrumentStore(storage.documents);
  const store = config.BENCHMARK_SKIP_APPEND ? skipAppends(instrumented) : instrumented;
  // Loaded only for a cluster: the Redis client is memory a lone server never uses.
  const cluster: Cluster | undefined =
    config.REDIS_URL === '' || storage.fencing === undefined
      ? undefined
      : new (await import('./cluster/Cluster.js')).Cluster({
          redisUrl: config.REDIS_URL,
          leaseTtlMs: config.LEASE_TTL_MS,
          keyPrefix: config.REDIS_KEY_PREFIX,
          address: () => config.CLUSTER_ADDRESS || listeningAddress,
          fencing: storage.fencing,
          secret: new TextEncoder().encode(config.TOKEN_SECRET),
          logger,
          maxConnectionsPerAddress: config.MAX_CONNECTIONS_PER_IP,
          // Read on heartbeats, which start once the gateway (built further down) exists.
          localConnections: (): Iterable<[string, number]> => gateway.connections.addressCounts(),
          onOwnershipEvent: (event) => metrics.ownership(event),
        });

  let tokens: RoomTokens;
  try {
    tokens = new RoomTokens(loadTokenSecret(config.TOKEN_SECRET, config.DATA_DIR));
  } catch (error) {
    logger.error({ err: error }, 'cannot load the token secret');
    process.exit(1);
  }
  const { directory } = storage;
  const roomAccess = new RoomAccess({
    directory,
    tokens,
    requireTokens: config.REQUIRE_ROOM_TOKENS,
  });
  const sessions = new LinkSessions();

  // With appends skipped there is no log to fold, so an open room is never compacted either.
  const limits = {
    compactAfterUpdates: config.BENCHMARK_SKIP_APPEND
      ? Number.MAX_SAFE_INTEGER
      : config.COMPACT_AFTER_UPDATES,
    compactAfterBytes: config.BENCHMARK_SKIP_APPEND
      ? Number.MAX_SAFE_INTEGER
      : config.COMPACT_AFTER_BYTES,
    maxBufferedBytes: config.MAX_BUFFERED_BYTES,
    // A fold reads what storage holds, which without appends is not the document.
    foldFromBytes:
      config.COMPACT_OFF_THREAD_FROM_BYTES > 0 && !config.BENCHMARK_SKIP_APPEND
        ? config.COMPACT_OFF_THREAD_FROM_BYTES
        : undefined,
  };
  // Big boards' compactions run here, off the event loop; the thread exists only while it works.
  const folderThread = new ThreadUpdateFolder({ logger });
  const folder = metrics.instrumentFolder(folderThread);
  // Updates of connections with a role are checked against the board's record schema.
  const validateRecord = await loadRecordValidator();
  const privateDocuments = new PrivateDocuments({
    store,
    logger,
    timers: systemTimers,
    roomIdleMs: config.ROOM_IDLE_MS,
    limits,
    validateRecord,
    maxDocumentBytes: config.MAX_DOCUMENT_BYTES,
    onRoomClosed: (roomId) => cluster?.ownership.closed(roomId),
  });
  const registry = new RoomRegistry({
    store,
    logger,
    timers: systemTimers,
    roomIdleMs: config.ROOM_IDLE_MS,
    limits,
    onRoomClosed: (roomId) => cluster?.ownership.closed(roomId),
    onRefused: (code) => metrics.refused(code),
    folder,
    extensions: [
      ...standardRoomRules({
        maxDocumentBytes: config.MAX_DOCUMENT_BYTES,
        presenceRate: {
          perSecond: config.RATE_LIMIT_AWARENESS_PER_SECOND,
          burst: config.RATE_LIMIT_AWARENESS_BURST,
        },
        validateRecord,
      }),
      facilitationExtension({ privateDocuments }),
    ],
  });
  // Board sockets go to their room, private ones (`?doc=private`) to their holder's private document.
  const rooms = {
    connect: (roomId: string, socket: SocketLike) =>
      socket.scope === 'private'
        ? privateDocuments.connect(roomId, socket)
        : registry.connect(roomId, socket),
    get roomCount() {
      return registry.roomCount;
    },
    get connectionCount() {
      return registry.connectionCount + privateDocuments.connectionCount;
    },
    get healthy() {
      return registry.healthy && privateDocuments.healthy;
    },
  };
  /** Writes a renamed board's title into its document, so open boards show it at once. */
  const writeTitle = async (roomId: string, title: string) => {
    const hold = await registry.hold(roomId);
    try {
      await hold.room.change((doc) => writeBoardTitle(doc, title));
    } finally {
      hold.release();
    }
  };
  if (cluster !== undefined) {
    sessions.broadcastTo((close) => cluster.events.publish(close));
    void cluster.events.listen((event) => {
      switch (event.kind) {
        case 'link':
        case 'room':
          sessions.apply(event);
          break;
        case 'deleted':
          registry.abandon(event.roomId);
          privateDocuments.abandon(event.roomId);
          break;
        case 'renamed':
          if (cluster.ownership.owns(event.roomId)) {
            writeTitle(event.roomId, event.title).catch((error: unknown) => {
              logger.error({ err: error, roomId: event.roomId }, 'could not write a renamed title');
            });
          }
          break;
      }
    });
  }
  cluster?.attach({
    abandon: (roomId) => {
      registry.abandon(roomId);
      privateDocuments.abandon(roomId);
    },
    inUse: (roomId) => registry.get(roomId) !== undefined || privateDocuments.loaded(roomId),
  });
  const connectionCaps = {
    maxPerAddress: config.MAX_CONNECTIONS_PER_IP,
    maxPerRoom: config.MAX_CONNECTIONS_PER_ROOM,
  };
  const app = createApp({
    store,
    rooms,
    cluster,
    metrics,
    documents: registry,
    uploads,
    uploadLimits: {
      maxImageBytes: config.MAX_IMAGE_UPLOAD_BYTES,
      maxVideoBytes: config.MAX_VIDEO_UPLOAD_BYTES,
    },
    authorizeRoom: roomAuthorizer(roomAccess),
    roomControl: {
      directory,
      tokens,
      access: roomAccess,
      sessions,
      evictRoom: async (roomId, code, reason) => {
        await registry.evict(roomId, code, reason);
        await privateDocuments.evict(roomId, code, reason);
        if (cluster !== undefined) {
          // Whoever still holds the room can no longer write it, and lets it go at once.
          await storage.fencing?.unfence(roomId);
          cluster.events.publish({ kind: 'deleted', roomId });
        }
      },
      renameDocument: async (roomId, title) => {
        // In a cluster only the room's owner writes its document.
        if (
          cluster !== undefined &&
          (await cluster.ownership.route(roomId, false)).kind !== 'local'
        ) {
          cluster.events.publish({ kind: 'renamed', roomId, title });
          return;
        }
        await writeTitle(roomId, title);
      },
      deleteDocument: async (roomId) => {
        await store.delete(roomId);
        await store.delete(ballotDocumentId(roomId));
        await privateDocuments.erase(roomId);
      },
      deleteUploads: (roomId) => uploads.deleteRoom(roomId),
      creationLimiter:
        config.ROOM_CREATION_PER_HOUR > 0
          ? new AddressRateLimiter({ perHour: config.ROOM_CREATION_PER_HOUR })
          : undefined,
      trustedProxies: config.TRUST_PROXY,
    },
    admission: {
      caps: connectionCaps,
      // Read per request, once the gateway (built from the app below) exists.
      connections: () => gateway.connections,
      trustedProxies: config.TRUST_PROXY,
      retryAfterSeconds: connectionRetryAfterSeconds,
      cluster:
        cluster === undefined
          ? undefined
          : {
              ownerElsewhere: (roomId) => cluster.ownership.ownerElsewhere(roomId),
              addressTotal: (address, localCount) =>
                cluster.addressCounts.total(address, localCount),
              forwardAuth: cluster.routing.forwardAuth,
            },
    },
    logger,
    clientDir: resolveClientDir(config, logger),
    allowedOrigins: config.ALLOWED_ORIGINS,
    securityHeaders: {
      frameAncestors: config.FRAME_ANCESTORS,
      hstsMaxAgeSeconds: config.HSTS_MAX_AGE,
    },
  });
  const gateway = new SyncGateway({
    fetch: app.fetch,
    rooms,
    logger,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    keepAliveIntervalMs: config.KEEPALIVE_INTERVAL_MS,
    connectionCaps,
    rateLimits: {
      updatesPerSecond: config.RATE_LIMIT_UPDATES_PER_SECOND,
      updatesBurst: config.RATE_LIMIT_UPDATES_BURST,
      awarenessPerSecond: config.RATE_LIMIT_AWARENESS_PER_SECOND,
      awarenessBurst: config.RATE_LIMIT_AWARENESS_BURST,
      bytesPerSecond: config.RATE_LIMIT_BYTES_PER_SECOND,
      bytesBurst: config.RATE_LIMIT_BYTES_BURST,
    },
    trustedProxies: config.TRUST_PROXY,
    sessions,
    cluster: cluster?.routing,
    metrics,
    maxBufferedBytes: config.MAX_BUFFERED_BYTES,
  });
  cluster?.countConnections();
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  gateway.attach(server);

  server.on('error', (error) => {
    logger.error({ err: error, host: config.HOST, port: config.PORT }, 'server error');
    process.exit(1);
  });
  server.listen(config.PORT, config.HOST, () => {
    const { port } = server.address() as AddressInfo;
    const host = config.HOST;
    const url = formatUrl(host, port);
    listeningAddress = url;
    logger.info({ port, host, url, instanceId: cluster?.instanceId }, 'listening');
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without finishing shutdown');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, rooms: registry.roomCount, connections: registry.connectionCount },
      'shutting down',
    );
    setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    gateway.close();
    server.close();
    server.closeIdleConnections();
    try {
      await Promise.all([registry.closeAll(), privateDocuments.closeAll()]);
      await folderThread.close();
      await cluster?.close();
      await storage.close();
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    logger.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

void main();
