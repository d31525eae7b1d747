import type { PeerName } from './benchOptions.js';
import type { FanOutResult } from './fanOutBench.js';
import { fixed, percentile } from './formatTable.js';
import type { JoinResult } from './joinBench.js';

/** One server's run of one workload, reduced to named figures and table cells. */
export interface Measured {
  readonly server: string;
  /** Converged, nothing lost, every joiner served. */
  readonly ok: boolean;
  readonly metrics: Readonly<Record<string, number>>;
  readonly headers: readonly string[];
  readonly columns: readonly string[];
  /** What goes into the JSON beside the figures. */
  readonly detail: unknown;
}

/** Our server and a peer in one round of one workload; `undefined` where a run failed. */
export interface PairRun {
  readonly workload: string;
  readonly peer: PeerName;
  readonly round: number;
  readonly ours: Measured | undefined;
  readonly theirs: Measured | undefined;
}

/** A run as listed in the per-run table and the JSON. */
export interface WorkloadRun {
  readonly server: string;
  readonly peer: string;
  readonly round: number;
  readonly headers: readonly string[];
  readonly columns: readonly string[];
  readonly ok: boolean;
  readonly metrics: Readonly<Record<string, number>>;
  readonly detail: unknown;
}

/** One measure of one workload against one peer. */
export interface Ratio {
  readonly workload: string;
  readonly peer: PeerName;
  readonly measure: string;
  /** Rounds in which both servers finished with nothing lost and everything converged. */
  readonly rounds: number;
  /** Medians over those rounds. */
  readonly ours: number;
  readonly theirs: number;
  /** Median of the per-round ratios ours / theirs (pairing cancels the machine's drift). */
  readonly ratio: number;
  readonly digits: number;
}

/** A row of the summary: a measure, ours, and each peer's value and ratio. */
export interface HeadlineRow {
  readonly workload: string;
  readonly measure: string;
  readonly digits: number;
  /** Median over every run of ours in this workload, whichever peer it ran beside. */
  readonly ours: number;
  readonly peers: Partial<Record<PeerName, { readonly theirs: number; readonly ratio: number }>>;
}

export function median(values: readonly number[]): number {
  return percentile(
    values.filter(Number.isFinite).sort((a, b) => a - b),
    0.5,
  );
}

/** The measures compared with each peer, with the digits they are shown with; the summary's first. */
const editingMeasures: readonly [string, number, boolean][] = [
  ['p50 ms', 2, true],
  ['p99 ms', 2, true],
  ['CPU ms/1k', 1, true],
  ['peak RSS MiB', 0, true],
  ['cursor p99 ms', 2, false],
  ['max ms', 1, false],
];
const joinMeasures: readonly [string, number, boolean][] = [
  ['all synced ms', 0, true],
  ['CPU ms', 0, true],
  ['RSS loaded MiB', 0, true],
  ['peak RSS MiB', 0, false],
  ['join p50 ms', 0, false],
];

const measuresOf = (workload: string) =>
  workload.startsWith('join') ? joinMeasures : editingMeasures;

/** Figures of an editing run (one room or many). */
export function measureFanOut(result: FanOutResult): Measured {
  const lost = result.expected - result.delivered;
  const cpuPerThousand =
    result.delivered === 0 ? Number.NaN : (result.serverCpuMs * 1000) / result.delivered;
  const metrics = {
    'p50 ms': percentile(result.latencies, 0.5),
    'p99 ms': percentile(result.latencies, 0.99),
    'max ms': result.latencies.at(-1) ?? Number.NaN,
    'cursor p50 ms': percentile(result.cursorLatencies, 0.5),
    'cursor p99 ms': percentile(result.cursorLatencies, 0.99),
    'CPU ms': result.serverCpuMs,
    'CPU ms/1k': cpuPerThousand,
    'frames/edit': result.framesPerUpdate,
    'peak RSS MiB': result.peakRssMiB,
    'driver CPU %': result.driverLoad * 100,
  };
  return {
    server: result.server,
    ok: result.convergenceErrors.length === 0 && lost <= 0,
    metrics,
    headers: [
      'edits delivered',
      'p50 ms',
      'p99 ms',
      'max ms',
      'cursor p50/p99',
      'CPU ms',
      'CPU ms/1k',
      'frames/edit',
      'peak RSS MiB',
      'driver CPU',
    ],
    columns: [
      `${result.delivered}${lost > 0 ? ` (${lost} lost)` : ''}`,
      fixed(metrics['p50 ms'], 2),
      fixed(metrics['p99 ms'], 2),
      fixed(metrics['max ms'], 1),
      `${fixed(metrics['cursor p50 ms'], 1)} / ${fixed(metrics['cursor p99 ms'], 1)}`,
      fixed(result.serverCpuMs, 0),
      fixed(cpuPerThousand, 1),
      fixed(result.framesPerUpdate, 1),
      fixed(result.peakRssMiB, 0),
      `${fixed(metrics['driver CPU %'], 0)}%`,
    ],
    detail: {
      rooms: result.rooms,
      clientsPerRoom: result.clientsPerRoom,
      delivered: result.delivered,
      expected: result.expected,
      cursorDelivered: result.cursorDelivered,
      cursorExpected: result.cursorExpected,
      windowMs: Math.round(result.windowMs),
      meanEditBytes: Math.round(result.meanUpdateBytes),
      p90Ms: percentile(result.latencies, 0.9),
      p999Ms: percentile(result.latencies, 0.999),
      convergenceErrors: result.convergenceErrors.slice(0, 20),
    },
  };
}

/** Figures of a join run. */
export function measureJoin(result: JoinResult): Measured {
  const metrics = {
    'all synced ms': result.allSyncedMs,
    'join p50 ms': percentile(result.joinMs, 0.5),
    'CPU ms': result.serverCpuMs,
    'RSS loaded MiB': result.rssLoadedMiB,
    'peak RSS MiB': result.peakRssMiB,
  };
  return {
    server: result.server,
    ok: result.errors.length === 0,
    metrics,
    headers: [
      'joiners',
      'all synced ms',
      'join p50 ms',
      'CPU ms',
      'RSS loaded MiB',
      'peak RSS MiB (join)',
    ],
    columns: [
      `${result.joinMs.length}/${result.joiners}`,
      fixed(result.allSyncedMs, 0),
      fixed(metrics['join p50 ms'], 0),
      fixed(result.serverCpuMs, 0),
      fixed(result.rssLoadedMiB, 0),
      fixed(result.peakRssMiB, 0),
    ],
    detail: {
      notes: result.notes,
      boardBytes: result.boardBytes,
      joinMs: result.joinMs.map((ms) => Math.round(ms)),
      errors: result.errors.slice(0, 20),
    },
  };
}

/** For each workload, peer and measure: medians over rounds and the median paired ratio. */
export function pairRatios(pairs: readonly PairRun[]): Ratio[] {
  const groups = new Map<string, PairRun[]>();
  for (const pair of pairs) {
    const key = `${pair.workload}\u0000${pair.peer}`;
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  const ratios: Ratio[] = [];
  for (const group of groups.values()) {
    const first = group[0] as PairRun;
    // A run that lost edits or did not converge measured something else; it is listed, not counted.
    const complete = group.filter((pair) => pair.ours?.ok === true && pair.theirs?.ok === true);
    if (complete.length === 0) continue;
    for (const [measure, digits] of measuresOf(first.workload)) {
      const ours = complete.map((pair) => pair.ours?.metrics[measure] ?? Number.NaN);
      const theirs = complete.map((pair) => pair.theirs?.metrics[measure] ?? Number.NaN);
      ratios.push({
        workload: first.workload,
        peer: first.peer,
        measure,
        rounds: complete.length,
        ours: median(ours),
        theirs: median(theirs),
        ratio: median(ours.map((value, index) => value / (theirs[index] ?? Number.NaN))),
        digits,
      });
    }
  }
  return ratios;
}

/** The summary: the main measures of each workload, ours beside every peer. */
export function headlineRows(
  pairs: readonly PairRun[],
  ratios: readonly Ratio[],
  peers: readonly PeerName[],
): HeadlineRow[] {
  const rows: HeadlineRow[] = [];
  const workloads = [...new Set(pairs.map((pair) => pair.workload))];
  for (const workload of workloads) {
    for (const [measure, digits, headline] of measuresOf(workload)) {
      if (!headline) continue;
      const ours = median(
        pairs
          .filter((pair) => pair.workload === workload && pair.ours?.ok === true)
          .map((pair) => pair.ours?.metrics[measure] ?? Number.NaN),
      );
      const cells: HeadlineRow['peers'] = {};
      for (const peer of peers) {
        const ratio = ratios.find(
          (r) => r.workload === workload && r.peer === peer && r.measure === measure,
        );
        if (ratio !== undefined) cells[peer] = { theirs: ratio.theirs, ratio: ratio.ratio };
      }
      rows.push({ workload, measure, digits, ours, peers: cells });
    }
  }
  return rows;
}
