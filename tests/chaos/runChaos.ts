import { parseArgs } from 'node:util';
import { churnServerEnv, runChurn } from '../helpers/churnScenario.js';
import { runCrashRounds } from '../helpers/crashScenario.js';
import { fuzzServerEnv, runFuzz } from '../helpers/fuzzScenario.js';
import {
  createDataDir,
  type RunningServer,
  removeDataDir,
  type StartServerOptions,
  startServer,
} from '../helpers/server.js';
import { mib } from '../helpers/serverStats.js';

/**
 * `pnpm chaos [crash|fuzz|soak|all] [options]`: the long variants of the
 * chaos tests (tests/integration/chaos*.test.ts), on the same scenarios,
 * judged on the issue's numeric criteria. Prints PASS or FAIL per criterion
 * and exits non-zero if any failed.
 */

const usage = `Usage: pnpm chaos [crash|fuzz|soak|all] [options]
  crash   kill -9 under 50 writers, several rounds on one growing room
  fuzz    hostile frames at one room while another syncs; p99 fuzzed ≤ 2× quiet
  soak    clients join and leave rooms; RSS within ±10 % of its level, rooms unloaded
  all     the three, in that order (the default)
Options:
  --rounds 5          crash: kill/restart rounds (CHAOS_ROUNDS)
  --writers 50        crash: writing clients (CHAOS_WRITERS)
  --frames 50000      fuzz: hostile frames to send and have handled (CHAOS_FRAMES)
  --minutes 10        soak: churn duration (CHAOS_MINUTES)
  --seed N            fuzz and soak: random seed, printed, for a replay (CHAOS_SEED)`;

interface Verdict {
  readonly criterion: string;
  readonly pass: boolean;
  readonly detail: string;
}

const verdicts: Verdict[] = [];
const print = (line: string) => process.stdout.write(`${line}\n`);

function judge(criterion: string, pass: boolean, detail: string): void {
  verdicts.push({ criterion, pass, detail });
  print(`${pass ? 'PASS' : 'FAIL'}  ${criterion}: ${detail}`);
}

async function crash(rounds: number, writers: number): Promise<void> {
  print(`\n== crash: kill -9 under ${writers} writers, ${rounds} rounds ==`);
  const dataDir = await createDataDir();
  const servers: RunningServer[] = [];
  try {
    const results = await runCrashRounds({
      start: async (options: Omit<StartServerOptions, 'dataDir'> = {}) => {
        const server = await startServer({ ...options, dataDir });
        servers.push(server);
        return server;
      },
      env: { TOKEN_SECRET: 'chaos-crash-secret-of-at-least-32-bytes!' },
      writerCount: writers,
      writeIntervalMs: 250,
      editsBeforeKill: 20,
      rounds,
      log: print,
    });
    for (const round of results) {
      const lost = round.missingOperations + round.missingDeletions + round.notesDiffering;
      judge(
        `crash round ${round.round}: nothing any client received is lost`,
        lost === 0 && round.receivedOperations > 0,
        `${round.missingOperations} of ${round.receivedOperations} operations, ` +
          `${round.missingDeletions} deletions, ${round.notesDiffering} notes missing`,
      );
      judge(
        `crash round ${round.round}: nothing invented`,
        round.inventedOperations === 0,
        `${round.inventedOperations} operations no writer made`,
      );
    }
  } finally {
    await Promise.allSettled(servers.map((server) => server.kill()));
    await removeDataDir(dataDir);
  }
}

async function fuzz(frames: number, seed: number): Promise<void> {
  print(`\n== fuzz: ${frames} hostile frames at one room while another syncs ==`);
  const server = await startServer({ env: fuzzServerEnv });
  try {
    const result = await runFuzz({
      server,
      hostileFrames: frames,
      quietMs: 20_000,
      minFuzzMs: 20_000,
      maxFuzzMs: 600_000,
      concurrency: 6,
      otherRoomClients: 8,
      otherRoomRateHz: 5,
      seed,
      log: print,
    });
    judge('fuzz: the server stays up', result.serverAlive, 'process running, /health 200');
    judge(
      `fuzz: at least ${frames} hostile frames`,
      result.hostileFramesSent >= frames && result.hostileFramesHandled >= frames,
      `${result.hostileFramesSent} sent, ${result.hostileFramesHandled} handled by the server`,
    );
    judge(
      'fuzz: every hostile socket ends as its attack should',
      result.unexpectedEndings.length === 0,
      result.unexpectedEndings.length === 0
        ? JSON.stringify(result.endings)
        : result.unexpectedEndings.slice(0, 5).join('; '),
    );
    judge(
      'fuzz: the other room delivers every update',
      result.otherRoomDelivered === result.otherRoomExpected && result.otherRoomCloses.length === 0,
      `${result.otherRoomDelivered}/${result.otherRoomExpected} deliveries; closes: ` +
        `${result.otherRoomCloses.length === 0 ? 'none' : result.otherRoomCloses.slice(0, 3).join('; ')}`,
    );
    judge(
      'fuzz: the honest participant in the fuzzed room stays connected',
      result.fuzzedRoomCloses.length === 0,
      result.fuzzedRoomCloses.length === 0
        ? 'never closed'
        : `${result.fuzzedRoomCloses.length} closes: ${result.fuzzedRoomCloses.slice(0, 3).join('; ')}`,
    );
    judge(
      "fuzz: the other room's p99 stays within 2× its quiet value",
      result.fuzzed.p99 <= 2 * result.quiet.p99,
      `quiet ${result.quiet.p99.toFixed(1)} ms, fuzzed ${result.fuzzed.p99.toFixed(1)} ms ` +
        `(${(result.fuzzed.p99 / result.quiet.p99).toFixed(2)}×)`,
    );
    judge(
      'fuzz: the fuzzed room loads with its valid content intact',
      result.damagedRecords.length === 0 &&
        result.offendersInDocument === 0 &&
        result.foreignTypes.length === 0,
      `damaged records: ${result.damagedRecords.length}, offenders in the document: ` +
        `${result.offendersInDocument}, foreign types: ${result.foreignTypes.length}`,
    );
  } finally {
    await server.stop().catch(() => server.kill());
  }
}

async function soak(minutes: number, seed: number): Promise<void> {
  print(`\n== soak: ${minutes} min of clients joining and leaving rooms ==`);
  const server = await startServer({ env: churnServerEnv });
  try {
    const result = await runChurn({
      server,
      durationMs: minutes * 60_000,
      concurrentSessions: 8,
      revisitShare: 0.3,
      sampleEveryMs: 2000,
      seed,
      log: print,
    });
    const drift = result.endRssBytes / result.levelRssBytes - 1;
    judge(
      'soak: RSS ends within ±10 % of where it levelled',
      Math.abs(drift) <= 0.1,
      `level ${mib(result.levelRssBytes)} MiB, end ${mib(result.endRssBytes)} MiB ` +
        `(${(drift * 100).toFixed(1)} %)`,
    );
    judge(
      'soak: no room loaded 60 s after its last client',
      result.overdueSamples === 0 && !Number.isNaN(result.unloadedAfterMs),
      `${result.overdueSamples} overdue samples; all unloaded ` +
        `${Number.isNaN(result.unloadedAfterMs) ? 'NOT within 60 s' : `${(result.unloadedAfterMs / 1000).toFixed(1)} s`} after the last client`,
    );
    judge(
      'soak: nothing lost while clients come and go',
      result.notesLost.length === 0 && result.sessionErrors.length === 0,
      `${result.roomsChecked} rooms reloaded, ${result.notesLost.length} notes lost, ` +
        `${result.sessionErrors.length} session errors ${result.sessionErrors.slice(0, 3).join('; ')}`,
    );
  } finally {
    await server.stop().catch(() => server.kill());
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: process.env.CHAOS_ROUNDS ?? '5' },
      writers: { type: 'string', default: process.env.CHAOS_WRITERS ?? '50' },
      frames: { type: 'string', default: process.env.CHAOS_FRAMES ?? '50000' },
      minutes: { type: 'string', default: process.env.CHAOS_MINUTES ?? '10' },
      seed: { type: 'string', default: process.env.CHAOS_SEED ?? String(Date.now() % 1_000_000) },
      help: { type: 'boolean', default: false },
    },
  });
  const which = positionals[0] ?? 'all';
  if (values.help || !['crash', 'fuzz', 'soak', 'all'].includes(which)) {
    print(usage);
    return values.help ? 0 : 2;
  }
  const seed = Number(values.seed);
  if (which === 'crash' || which === 'all') {
    await crash(Number(values.rounds), Number(values.writers));
  }
  if (which === 'fuzz' || which === 'all') await fuzz(Number(values.frames), seed);
  if (which === 'soak' || which === 'all') await soak(Number(values.minutes), seed);
  const failed = verdicts.filter((verdict) => !verdict.pass);
  print(`\n${verdicts.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos run failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
