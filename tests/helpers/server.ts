import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/** Repository root, resolved from this file so the helper works from any cwd. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built server entry point (`npx tsc -b server` produces it). */
export const serverEntry = join(repoRoot, 'server', 'dist', 'index.js');

/**
 * The node flags the product starts the server with (the `start` scripts of
 * package.json and server/package.json). Tests and the bench start it the
 * same way. `--no-memory-reducer`: V8's memory reducer runs extra GC work
 * whenever the allocation rate drops, which a server that handles a trickle
 * of small updates does all the time; without it `pnpm bench` measured about
 * 22% less CPU per delivered update at 20 clients, at the same peak RSS.
 */
export const serverNodeFlags: readonly string[] = ['--no-memory-reducer'];

const listenTimeoutMs = 20_000;
const exitTimeoutMs = 20_000;

/** How the server process ended. */
export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /**
   * Data directory to use. When given, it is kept after `stop()`/`kill()` so a
   * later `startServer({ dataDir })` sees the same data; the caller removes it.
   * When omitted, a temporary directory is created and removed on stop/kill.
   */
  dataDir?: string;
  /**
   * Extra environment variables (any name from server/src/config.ts); an
   * `undefined` value leaves the variable unset, so the server's default applies.
   */
  env?: Record<string, string | undefined>;
}

/** A server process started by {@link startServer}. */
export interface RunningServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `ws://127.0.0.1:<port>/sync`; a room lives at `${wsUrl}/${roomId}`. */
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  /** Every stdout/stderr line so far (pino JSON lines on stdout). */
  readonly logs: string[];
  /** Resolves when the process has exited, however that happened. */
  readonly exited: Promise<ServerExit>;
  /** SIGTERM, then waits for the exit (SIGKILL and rejection if it hangs). */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

/** The pino lines of `logs` that parse as JSON objects. */
export function parseLogLines(logs: readonly string[]): Record<string, unknown>[] {
  const parsed: Record<string, unknown>[] = [];
  for (const line of logs) {
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        parsed.push(value as Record<string, unknown>);
      }
    } catch {
      // not JSON (stderr noise, stack traces)
    }
  }
  return parsed;
}

/** Creates a fresh temporary directory for a server's DATA_DIR. */
export async function createDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kohtaamo-data-'));
}

/** Removes a directory made by {@link createDataDir}. */
export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

function formatLogs(logs: readonly string[]): string {
  const tail = logs.slice(-60);
  return tail.length === 0 ? '(no output)' : tail.join('\n');
}

/** Collects complete lines from a stream into `logs`; calls `onLine` for each. */
function collectLines(
  stream: NodeJS.ReadableStream | null,
  logs: string[],
  onLine: (line: string) => void,
): void {
  if (stream === null) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      if (line.length > 0) {
        logs.push(line);
        onLine(line);
      }
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending.length > 0) {
      logs.push(pending);
      onLine(pending);
      pending = '';
    }
  });
}

function listeningPort(line: string): number | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    if (entry === null || typeof entry !== 'object') return undefined;
    const { msg, port } = entry as { msg?: unknown; port?: unknown };
    return msg === 'listening' && typeof port === 'number' && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node server/dist/index.js` on an ephemeral port and resolves once it
 * has logged `{"msg":"listening","port":N}`. Rejects, with the collected
 * logs in the message, if the process exits first or does not listen within
 * 20 s.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await createDataDir());
  const logs: string[] = [];

  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...serverNodeFlags, serverEntry], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        // Most tests speak the protocol on bare room ids; rooms.test.ts covers the default.
        REQUIRE_ROOM_TOKENS: 'false',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if (ownsDataDir) await removeDataDir(dataDir);
    throw error;
  }

  // Never leave an orphan server behind if the test process itself goes away.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let exitInfo: ServerExit | undefined;
  let resolveExit: (exit: ServerExit) => void = () => {};
  const exited = new Promise<ServerExit>((resolvePromise) => {
    resolveExit = resolvePromise;
  });
  const settleExit = (exit: ServerExit) => {
    if (exitInfo !== undefined) return;
    exitInfo = exit;
    process.off('exit', killOnExit);
    resolveExit(exit);
  };
  // 'close' rather than 'exit': it fires after stdout/stderr are drained, so
  // `logs` is complete once `exited` resolves.
  child.once('close', (code, signal) => settleExit({ code, signal }));
  child.once('error', (error) => {
    logs.push(`spawn error: ${error.message}`);
    if (child.pid === undefined) settleExit({ code: null, signal: null });
  });

  const port = await new Promise<number>((resolvePort, rejectPort) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() =>
        rejectPort(
          new Error(
            `server did not log "listening" within ${listenTimeoutMs} ms\n${formatLogs(logs)}`,
          ),
        ),
      );
    }, listenTimeoutMs);
    collectLines(child.stdout, logs, (line) => {
      const found = listeningPort(line);
      if (found !== undefined) settle(() => resolvePort(found));
    });
    collectLines(child.stderr, logs, () => {});
    void exited.then(({ code, signal }) => {
      settle(() =>
        rejectPort(
          new Error(
            `server exited before listening (code ${code}, signal ${signal})\n${formatLogs(logs)}`,
          ),
        ),
      );
    });
  }).catch(async (error: unknown) => {
    if (exitInfo === undefined) {
      child.kill('SIGKILL');
      await exited;
    }
    if (ownsDataDir) await removeDataDir(dataDir);
    throw error;
  });

  let cleanedUp = false;
  const cleanUp = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    if (ownsDataDir) await removeDataDir(dataDir);
  };

  const waitForExit = async (timeoutMs: number): Promise<boolean> => {
    if (exitInfo !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout(false), timeoutMs);
    });
    const result = await Promise.race([exited.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result;
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    pid: child.pid ?? -1,
    logs,
    exited,
    async stop() {
      if (exitInfo === undefined) {
        child.kill('SIGTERM');
        if (!(await waitForExit(exitTimeoutMs))) {
          child.kill('SIGKILL');
          await exited;
          await cleanUp();
          throw new Error(
            `server did not exit within ${exitTimeoutMs} ms of SIGTERM; killed\n${formatLogs(logs)}`,
          );
        }
      }
      await cleanUp();
    },
    async kill() {
      if (exitInfo === undefined) {
        child.kill('SIGKILL');
        await exited;
      }
      await cleanUp();
    },
  };
}

/** What {@link useRestartableServers} gives a suite. */
export interface RestartableServers {
  /** Starts a server on this test's data directory (the same one for every start in a test). */
  start(options?: Omit<StartServerOptions, 'dataDir'>): Promise<RunningServer>;
}

/**
 * Gives every test of the calling suite a fresh data directory that servers
 * can be stopped and restarted on. After each test it runs `beforeCleanup`
 * (close clients, timers), SIGKILLs every server it started and removes the
 * directory.
 */
export function useRestartableServers(beforeCleanup: () => void = () => {}): RestartableServers {
  const servers: RunningServer[] = [];
  let dataDir: string | undefined;
  beforeEach(async () => {
    dataDir = await createDataDir();
  });
  afterEach(async () => {
    beforeCleanup();
    await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
    if (dataDir) await removeDataDir(dataDir);
    dataDir = undefined;
  });
  return {
    async start(options = {}) {
      if (!dataDir) throw new Error('useRestartableServers: start() called outside a test');
      const server = await startServer({ ...options, dataDir });
      servers.push(server);
      return server;
    },
  };
}
