import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { Barrier } from './Barrier.js';
import type { BenchTarget } from './BenchTarget.js';
import {
  type BenchOptions,
  benchUsage,
  type PeerName,
  parseBenchOptions,
  type ServerName,
  type WorkloadName,
} from './benchOptions.js';
import {
  headlineRows,
  type Measured,
  measureFanOut,
  measureJoin,
  type PairRun,
  pairRatios,
  type WorkloadRun,
} from './benchSummary.js';
import { type BigBoard, buildBigBoard } from './bigBoard.js';
import { printCompactionBench } from './compactionBench.js';
import { printControlBench } from './controlBench.js';
import { type DrawingSection, runDrawingSection } from './drawingBench.js';
import { type FanOutResult, type FanOutScenario, runFanOut } from './fanOutBench.js';
import { fixed, formatTable } from './formatTable.js';
import { printGuardBench } from './guardBench.js';
import { type JoinResult, runJoin, type SeededBoard, seedBoard } from './joinBench.js';
import { printLimitsBench } from './limitsBench.js';
import { clusterMissing, defaultServerEntry, serverLabels, startTarget } from './serverLaunches.js';
import { runStorageBench } from './storageBench.js';

/** One workload as run: its key in tables and JSON, and what it needs. */
interface Workload {
  readonly name: WorkloadName;
  readonly key: string;
  readonly title: string;
  readonly scenario?: FanOutScenario;
}

function workloadsOf(options: BenchOptions, board: BigBoard | undefined): Workload[] {
  const editing = (rooms: number, clientsPerRoom: number): FanOutScenario => ({
    rooms,
    clientsPerRoom,
    notesPerClient: options.notesPerClient,
    updatesPerClient: options.updatesPerClient,
    warmupPerClient: options.warmupPerClient,
    ratePerClient: options.ratePerClient,
    cursorRate: options.cursorRate,
    drainTimeoutMs: options.drainTimeoutMs,
  });
  const workloads: Workload[] = [];
  for (const name of options.workloads) {
    if (name === 'room') {
      for (const clients of options.clientCounts) {
        workloads.push({
          name,
          key: `room-${clients}`,
          title: `one room, ${clients} clients`,
          scenario: editing(1, clients),
        });
      }
    } else if (name === 'rooms') {
      workloads.push({
        name,
        key: `rooms-${options.rooms}x${options.roomClients}`,
        title: `${options.rooms} rooms × ${options.roomClients} clients`,
        scenario: editing(options.rooms, options.roomClients),
      });
    } else if (board !== undefined) {
      workloads.push({
        name,
        key: `join-${board.notes}`,
        title: `${options.joiners} open a ${board.notes}-note board (${fixed(board.bytes / 1e6, 1)} MB)`,
      });
    }
  }
  return workloads;
}

async function startAll(names: readonly ServerName[], options: BenchOptions) {
  const started: BenchTarget[] = [];
  try {
    for (const name of names) started.push(await startTarget(name, options));
  } catch (error) {
    await Promise.all(started.map((target) => target.stop()));
    throw error;
  }
  return started;
}

async function measureEditing(
  target: BenchTarget,
  scenario: FanOutScenario,
  runId: string,
  pairing: Parameters<typeof runFanOut>[3],
): Promise<FanOutResult | undefined> {
  try {
    const result = await runFanOut(target, scenario, runId, pairing);
    console.log(
      `    ${result.server} (pid ${target.pid}): ${result.delivered}/${result.expected} edits, ` +
        `${result.cursorDelivered}/${result.cursorExpected} cursors delivered in ` +
        `${fixed(result.windowMs / 1000, 1)} s, mean edit ${fixed(result.meanUpdateBytes, 0)} B, ` +
        `driver ${fixed(result.driverLoad * 100, 0)}%`,
    );
    for (const error of result.convergenceErrors.slice(0, 5)) console.log(`      ! ${error}`);
    return result;
  } catch (error) {
    pairing?.barrier.break(error);
    console.error(`    ${target.label} failed: ${String(error)}`);
    console.error(target.recentOutput());
    return undefined;
  }
}

/**
 * One editing workload for a pair. Paired: both servers at once, each with
 * its own clients, phases started and ended together and send schedules
 * interleaved, so load from elsewhere on the machine affects both alike.
 * Sequential: one after the other.
 */
async function runEditingPair(
  names: readonly ServerName[],
  options: BenchOptions,
  scenario: FanOutScenario,
  runId: string,
): Promise<(Measured | undefined)[]> {
  const started = await startAll(names, options);
  try {
    let results: (FanOutResult | undefined)[];
    if (options.mode === 'sequential') {
      results = [];
      for (const [index, target] of started.entries()) {
        results.push(await measureEditing(target, scenario, `${runId}-${index}`, undefined));
      }
    } else {
      const barrier = new Barrier(started.length);
      const period = 1000 / options.ratePerClient;
      const clients = scenario.rooms * scenario.clientsPerRoom;
      results = await Promise.all(
        started.map((target, index) =>
          measureEditing(target, scenario, `${runId}-${index}`, {
            barrier,
            scheduleOffsetMs: (index * period) / started.length / clients,
          }),
        ),
      );
    }
    return results.map((result) => (result === undefined ? undefined : measureFanOut(result)));
  } finally {
    await Promise.all(started.map((target) => target.stop()));
  }
}

/**
 * The join workload for a pair: both boards seeded (not measured), then
 * the joins one server at a time, in the pair's order. Twenty joiners are
 * a burst of a few seconds that takes all the CPU there is; two at once
 * would measure how the machine shares it between the servers.
 */
async function runJoinPair(
  names: readonly ServerName[],
  options: BenchOptions,
  board: BigBoard,
  runId: string,
): Promise<(Measured | undefined)[]> {
  const started = await startAll(names, options);
  const seeded: (SeededBoard | undefined)[] = [];
  try {
    const timeoutMs = 120_000;
    for (const [index, target] of started.entries()) {
      try {
        const board_ = await seedBoard(target, board, `${runId}-${index}-board`, timeoutMs);
        seeded.push(board_);
        console.log(
          `    ${target.label} (pid ${target.pid}): board seeded in ${fixed(board_.seedMs / 1000, 1)} s`,
        );
      } catch (error) {
        console.error(`    ${target.label}: seeding failed: ${String(error)}`);
        console.error(target.recentOutput());
        seeded.push(undefined);
      }
    }
    const results: (Measured | undefined)[] = [];
    for (const [index, target] of started.entries()) {
      const seed = seeded[index];
      if (seed === undefined) {
        results.push(undefined);
        continue;
      }
      let result: JoinResult;
      try {
        result = await runJoin(target, board, seed, { joiners: options.joiners, timeoutMs });
      } catch (error) {
        console.error(`    ${target.label}: join failed: ${String(error)}`);
        results.push(undefined);
        continue;
      }
      console.log(
        `    ${result.server}: ${result.joiners - result.errors.length}/${result.joiners} joiners ` +
          `synced in ${fixed(result.allSyncedMs, 0)} ms, server CPU ${fixed(result.serverCpuMs, 0)} ms`,
      );
      for (const error of result.errors.slice(0, 5)) console.log(`      ! ${error}`);
      results.push(measureJoin(result));
    }
    return results;
  } finally {
    for (const seed of seeded) seed?.owner.close();
    await Promise.all(started.map((target) => target.stop()));
  }
}

async function microBenches(options: BenchOptions): Promise<void> {
  if (options.storageUpdates > 0) {
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
  if (options.limitsChecks > 0) printLimitsBench(options.limitsChecks);
  // The per-update role and schema check of rooms with roles.
  if (options.guardChecks > 0) await printGuardBench(options.guardChecks, [200, 5000]);
  // The facilitator toolkit's control actions.
  if (options.controlActions > 0) await printControlBench(options.controlActions, 30);
  // A big board's compaction, on the event loop and in the worker thread.
  if (options.compactionNotes > 0) await printCompactionBench(options.compactionNotes);
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../server', '../shared'], {
      encoding: 'utf8',
    });
    return `${commit.trim()}${dirty.trim() === '' ? '' : ' (server or shared modified)'}`;
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cores = cpus();
  return {
    cpus: cores.length,
    model: cores[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    kernel: release(),
    node: process.version,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function printRuns(workload: Workload, runs: readonly WorkloadRun[]): void {
  const rows = runs.map((run) => [
    run.server,
    run.peer,
    String(run.round),
    ...run.columns,
    run.ok ? 'yes' : 'NO',
  ]);
  const headers = runs[0]?.headers ?? [];
  console.log(`\n${workload.title}: every run`);
  console.log(formatTable(['server', 'pair', 'round', ...headers, 'ok'], rows));
}

async function main(): Promise<number> {
  // Exit through process.exit, so the servers' exit hooks (ServerProcess) kill them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(130));
  }
  const parsed = parseBenchOptions(process.argv.slice(2), process.env);
  if (parsed === 'help') {
    console.log(benchUsage);
    return 0;
  }
  let options = parsed;
  const notices: string[] = [];
  if (options.peers.includes('cluster')) {
    const missing = await clusterMissing();
    if (missing !== undefined) {
      notices.push(`the two-instance run (kohtaamo-2x) is left out: ${missing}`);
      options = { ...options, peers: options.peers.filter((name) => name !== 'cluster') };
    }
  }
  for (const entry of [options.serverEntry ?? defaultServerEntry, options.baselineEntry]) {
    if (entry !== undefined && !existsSync(entry)) {
      console.error(`${entry} is missing: build the server first (pnpm bench does).`);
      return 2;
    }
  }
  const startedAt = new Date();
  const host = machine();
  const commit = gitCommit();
  console.log(
    `Kohtaamo bench ${startedAt.toISOString()}: commit ${commit}, node ${host.node}, ` +
      `${host.cpus} × ${host.model}, load ${host.loadAverage.join(' ')}`,
  );
  console.log(
    `  ${options.quick ? 'quick, ' : ''}${options.repeat} round(s), ${options.mode}; edits ` +
      `${options.warmupPerClient} warm-up + ${options.updatesPerClient} measured per client at ` +
      `${options.ratePerClient}/s, cursors at ${options.cursorRate} Hz; peers ${options.peers.join(', ')}`,
  );
  for (const notice of notices) console.log(`  (${notice})`);

  await microBenches(options);

  let board: BigBoard | undefined;
  if (options.workloads.includes('join')) {
    const building = performance.now();
    board = buildBigBoard(options.boardNotes);
    console.log(
      `\nJoin board: ${board.notes} notes, ${fixed(board.bytes / 1e6, 2)} MB as one update, ` +
        `${board.chunks.length} author updates (built in ${fixed((performance.now() - building) / 1000, 1)} s)`,
    );
  }
  const workloads = workloadsOf(options, board);

  const pairRuns: PairRun[] = [];
  let failed = false;
  for (let round = 1; round <= options.repeat; round += 1) {
    for (const peer of options.peers) {
      for (const workload of workloads) {
        if (peer === 'cluster' && !options.clusterWorkloads.includes(workload.name)) continue;
        // Alternate which server starts first, so drift in machine load does not favour one.
        const names: ServerName[] = round % 2 === 1 ? ['kohtaamo', peer] : [peer, 'kohtaamo'];
        const runId = `b${Date.now().toString(36)}`;
        console.log(
          `\nround ${round}/${options.repeat}, ${workload.title}: ${names.map((name) => serverLabels[name]).join(' + ')}`,
        );
        let results: (Measured | undefined)[];
        try {
          results =
            workload.scenario === undefined
              ? await runJoinPair(names, options, board as BigBoard, runId)
              : await runEditingPair(names, options, workload.scenario, runId);
        } catch (error) {
          console.error(`  could not start the pair: ${String(error)}`);
          results = names.map(() => undefined);
        }
        const ours = results[names.indexOf('kohtaamo')];
        const theirs = results[names.indexOf(peer)];
        if (ours === undefined || theirs === undefined || !ours.ok || !theirs.ok) failed = true;
        pairRuns.push({ workload: workload.key, peer, round, ours, theirs });
      }
    }
  }

  const drawing: DrawingSection =
    options.workloads.length > 0
      ? await runDrawingSection()
      : {
          status: 'not-wired',
          note: 'no workloads',
        };

  const report = printReport(options, workloads, pairRuns, drawing);

  const finishedAt = new Date();
  if (options.outDir !== undefined) {
    mkdirSync(options.outDir, { recursive: true });
    const file = join(options.outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          commit,
          machine: { ...host, loadAverageAtEnd: machine().loadAverage },
          options,
          notices,
          ...report,
          drawing,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nJSON: ${file}`);
  }
  console.log(
    `Took ${fixed((finishedAt.getTime() - startedAt.getTime()) / 60_000, 1)} min; load now ${machine().loadAverage.join(' ')}.`,
  );
  const ok = pairRuns.length > 0 && !failed;
  console.log(
    ok
      ? 'Every edit reached every client, every client and late joiner converged, every joiner got the whole board.'
      : 'FAILED: a server did not start, lost an edit, did not converge or did not serve a joiner (see ! lines above); exiting non-zero.',
  );
  return ok ? 0 : 1;
}

function printReport(
  options: BenchOptions,
  workloads: readonly Workload[],
  pairRuns: readonly PairRun[],
  drawing: DrawingSection,
) {
  const runsByWorkload: Record<string, WorkloadRun[]> = {};
  for (const workload of workloads) {
    const runs: WorkloadRun[] = [];
    for (const pair of pairRuns) {
      if (pair.workload !== workload.key) continue;
      for (const [server, measured] of [
        ['kohtaamo', pair.ours],
        [pair.peer, pair.theirs],
      ] as const) {
        runs.push({
          server: serverLabels[server],
          peer: serverLabels[pair.peer],
          round: pair.round,
          headers: measured?.headers ?? [],
          columns: measured?.columns ?? [],
          ok: measured?.ok ?? false,
          metrics: measured?.metrics ?? {},
          detail: measured?.detail,
        });
      }
    }
    if (runs.length === 0) continue;
    runsByWorkload[workload.key] = runs;
    printRuns(
      workload,
      runs.filter((run) => run.columns.length > 0),
    );
  }

  const ratios = pairRatios(pairRuns);
  if (ratios.length > 0) {
    console.log(
      '\nOurs against each peer: medians over rounds (ratio: median of the paired ratios)',
    );
    console.log(
      formatTable(
        ['workload', 'peer', 'measure', 'rounds', 'kohtaamo', 'peer', 'ratio'],
        ratios.map((ratio) => [
          ratio.workload,
          serverLabels[ratio.peer as PeerName],
          ratio.measure,
          String(ratio.rounds),
          fixed(ratio.ours, ratio.digits),
          fixed(ratio.theirs, ratio.digits),
          fixed(ratio.ratio, 2),
        ]),
      ),
    );
  }

  const peers = options.peers;
  const headline = headlineRows(pairRuns, ratios, peers);
  if (headline.length > 0) {
    console.log('\nSummary (medians; ratio = kohtaamo / peer, below 1 is better for us)');
    console.log(
      formatTable(
        [
          'workload',
          'measure',
          'kohtaamo',
          ...peers.flatMap((peer) => [serverLabels[peer], 'ratio']),
        ],
        [
          ...headline.map((row) => [
            row.workload,
            row.measure,
            fixed(row.ours, row.digits),
            ...peers.flatMap((peer) => {
              const cell = row.peers[peer];
              return cell === undefined
                ? ['', '']
                : [fixed(cell.theirs, row.digits), fixed(cell.ratio, 2)];
            }),
          ]),
          [
            'drawing',
            'wire bytes / document byte',
            drawing.bytesPerDocumentByte === undefined
              ? '–'
              : fixed(drawing.bytesPerDocumentByte, 1),
            ...peers.flatMap(() => ['', '']),
          ],
        ],
      ),
    );
    if (drawing.status !== 'measured') console.log(`  drawing: ${drawing.note}`);
  }
  if (
    pairRuns.some((pair) =>
      [pair.ours, pair.theirs].some((m) => (m?.metrics['driver CPU %'] ?? 0) > 80),
    )
  ) {
    console.log(
      '\nNote: the bench process used > 80% of a core in some runs, so its own queueing is part ' +
        'of those latencies; lower --rate, --cursor-rate or --clients for server-bound figures.',
    );
  }
  return { runs: runsByWorkload, ratios, headline };
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
