// Page callbacks given to `page.evaluate` run in the browser and need DOM types.
/// <reference lib="dom" />

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { browserAvailability, clientDist, launchBrowser } from '../../helpers/browser.js';
import { repoRoot, serverEntry, startServer } from '../../helpers/server.js';
import { fixed, formatTable } from '../formatTable.js';
import { withBoard } from './benchBoard.js';
import { type FrameRates, measureFrameRates, msPerMove, type Window } from './frameRate.js';
import { measureStroke, type StrokeTraffic } from './strokeTraffic.js';

/** Parameters of {@link runClientBench}. */
export interface ClientBenchOptions {
  /** Points of the freehand stroke. */
  readonly strokePoints: number;
  /** Time between two pointer moves of the stroke (ms): a 60 Hz mouse. */
  readonly strokeStepMs: number;
  /** Notes on the big board. */
  readonly notes: number;
  /** Remote users moving a note each. */
  readonly movers: number;
  /** Moves per second of each remote user. */
  readonly movesPerSecond: number;
  /** Length of each frame-rate window (ms). */
  readonly frameWindowMs: number;
  /** Where to write Chrome CPU profiles of the windows with movers; none when absent. */
  readonly profileDir?: string;
  /** Left out: skip the stroke, or the big board. */
  readonly skip: ReadonlySet<'stroke' | 'board'>;
  /** Progress lines go here (stderr when run alone). */
  readonly log: (line: string) => void;
}

/** What {@link runClientBench} measured. */
export interface ClientBenchResult {
  readonly stroke: StrokeTraffic | null;
  readonly frameRates: FrameRates | null;
}

export const defaultClientBenchOptions: ClientBenchOptions = {
  strokePoints: 200,
  strokeStepMs: 16,
  notes: 4000,
  movers: 10,
  movesPerSecond: 5,
  frameWindowMs: 5000,
  skip: new Set(),
  log: () => {},
};

/**
 * The client's figures in headless Chromium (software rendering) against
 * our built server, on a room created through the API (roles on, SQLite):
 * the bytes one freehand stroke sends against the bytes the document grows
 * by, and the frame rate of a big board while remote users move notes.
 * Builds the server and the client first if either is missing. Throws if
 * Chromium is missing. No figure is judged here: it only measures.
 */
export async function runClientBench(
  options: Partial<ClientBenchOptions> = {},
): Promise<ClientBenchResult> {
  const settings = { ...defaultClientBenchOptions, ...options };
  const availability = browserAvailability();
  if (availability.kind === 'missing') throw new Error(availability.reason);
  buildIfMissing(settings.log);

  const server = await startServer({ env: { CLIENT_DIR: clientDist } });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser(availability.location);
    const stroke = settings.skip.has('stroke')
      ? null
      : await withBoard(server, browser, 'Piirros', (page, room) =>
          measureStroke(page, server, room, settings),
        );
    const frameRates = settings.skip.has('board')
      ? null
      : await withBoard(server, browser, 'Iso taulu', (page, room) =>
          measureFrameRates(page, server, room, settings),
        );
    return { stroke, frameRates };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

function buildIfMissing(log: (line: string) => void): void {
  const steps: [string, string[]][] = [];
  if (!existsSync(serverEntry)) {
    steps.push(['server', ['--filter', '@kohtaamo/shared', '--filter', '@kohtaamo/server']]);
  }
  if (!existsSync(join(clientDist, 'index.html')))
    steps.push(['client', ['--filter', '@kohtaamo/client']]);
  for (const [what, filters] of steps) {
    log(`building the ${what}…`);
    const result = spawnSync('pnpm', [...filters, 'run', 'build'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`building the ${what} failed`);
  }
}

/** The figures as a small table. */
export function formatClientBench(result: ClientBenchResult): string {
  const rows: string[][] = [];
  const { stroke, frameRates } = result;
  if (stroke) {
    const ratio = (sent: number) =>
      `${sent} / ${stroke.documentGrowth} B = ${fixed(sent / stroke.documentGrowth, 1)}×`;
    rows.push([
      `stroke of ${stroke.points} points: document bytes sent / document growth`,
      ratio(stroke.documentBytesSent),
      '',
      '',
    ]);
    rows.push([
      '  all bytes sent (presence too) / document growth',
      ratio(stroke.allBytesSent),
      '',
      '',
    ]);
    rows.push([
      '  document messages sent during the stroke',
      String(stroke.documentMessages),
      '',
      '',
    ]);
  }
  if (frameRates) {
    const label = `${frameRates.notes} notes`;
    const movers = `${frameRates.movers} movers × ${frameRates.movesPerSecond}/s`;
    const { idleFull, movingFull, idleFit, movingFit } = frameRates;
    const row = (name: string, window: Window, idle?: Window) => [
      name,
      `${fixed(window.fps, 1)} fps`,
      `${fixed(window.mainThreadMsPerSecond, 0)} ms/s`,
      idle ? `${fixed(msPerMove(window, idle), 2)} ms` : '',
    ];
    rows.push(row(`${label}, idle, 100 % zoom`, idleFull));
    rows.push(row(`${label}, ${movers}, 100 % zoom`, movingFull, idleFull));
    rows.push(row(`${label}, idle, zoomed to fit`, idleFit));
    rows.push(row(`${label}, ${movers}, zoomed to fit`, movingFit, idleFit));
    rows.push([
      '  remote moves sent; note updates the browser applied (moves of one frame merge)',
      `${frameRates.movesSent}; ${frameRates.movesSeen}`,
      '',
      '',
    ]);
  }
  return formatTable(['client measure', 'value', 'main thread CPU', 'per move'], rows);
}

const usage = `Usage: pnpm --filter @kohtaamo/tests run bench:client [-- options]
  --points 200        points of the freehand stroke
  --notes 4000        notes on the big board
  --movers 10         remote users moving a note each
  --rate 5            moves per second per remote user
  --window 5000       ms per frame-rate window
  --profile DIR       write Chrome CPU profiles of the windows with movers to DIR
  --skip stroke|board leave one part out`;

// `tsx bench/client/runClientBench.ts` runs it alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      points: { type: 'string' },
      notes: { type: 'string' },
      movers: { type: 'string' },
      rate: { type: 'string' },
      window: { type: 'string' },
      profile: { type: 'string' },
      skip: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : Number(value);
  const result = await runClientBench({
    strokePoints: number(values.points, defaultClientBenchOptions.strokePoints),
    notes: number(values.notes, defaultClientBenchOptions.notes),
    movers: number(values.movers, defaultClientBenchOptions.movers),
    movesPerSecond: number(values.rate, defaultClientBenchOptions.movesPerSecond),
    frameWindowMs: number(values.window, defaultClientBenchOptions.frameWindowMs),
    ...(values.profile === undefined ? {} : { profileDir: resolve(values.profile) }),
    skip: new Set((values.skip ?? []) as ('stroke' | 'board')[]),
    log: (line) => process.stderr.write(`[bench:client] ${line}\n`),
  });
  console.log(formatClientBench(result));
  await sleep(0);
}
