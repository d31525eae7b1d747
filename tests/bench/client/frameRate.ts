// Page callbacks given to `page.evaluate` run in the browser and need DOM types.
/// <reference lib="dom" />

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredRecord } from '@kohtaamo/shared';
import { writeRecord } from '@kohtaamo/shared/testing';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../helpers/server.js';
import { connectSynced } from '../../helpers/yjsClients.js';
import { type BenchRoom, openBenchBoard } from './benchBoard.js';
import { NoteMover } from './NoteMover.js';
import type { ClientBenchOptions } from './runClientBench.js';

/** One measured window. */
export interface Window {
  /** Animation frames per second (requestAnimationFrame callbacks). */
  readonly fps: number;
  /**
   * CPU time of the page's main thread per second of the window (ms/s,
   * DevTools' `ThreadTime`): unlike the frame rate, it barely moves when
   * other processes share the machine's cores.
   */
  readonly mainThreadMsPerSecond: number;
  /** Remote moves the page applied during the window. */
  readonly movesApplied: number;
  /** Length of the window (s). */
  readonly seconds: number;
}

/**
 * Main-thread CPU time per applied remote move (ms): what `moving` used
 * beyond `idle`, the same view without movers, per move. NaN without moves.
 */
export function msPerMove(moving: Window, idle: Window): number {
  if (moving.movesApplied === 0) return Number.NaN;
  const extra = (moving.mainThreadMsPerSecond - idle.mainThreadMsPerSecond) * moving.seconds;
  return extra / moving.movesApplied;
}

/** Frame rates of the big board (frames per second, requestAnimationFrame callbacks). */
export interface FrameRates {
  readonly notes: number;
  readonly movers: number;
  readonly movesPerSecond: number;
  readonly idleFull: Window;
  readonly movingFull: Window;
  readonly idleFit: Window;
  readonly movingFit: Window;
  /** Moves written by the remote users while measured, and how many of them the browser applied. */
  readonly movesSent: number;
  readonly movesSeen: number;
}

/** The editor calls the bench makes inside the page. */
interface BenchEditor {
  getCurrentPageShapeIds(): Set<string>;
  getViewportPageBounds(): { w: number; h: number };
  setCamera(point: { x: number; y: number; z: number }): unknown;
  zoomToFit(): unknown;
  store: {
    listen(
      listener: (entry: { changes: { updated: Record<string, unknown> } }) => void,
      filters: { source: 'remote'; scope: 'document' },
    ): () => void;
  };
}

interface BenchWindow {
  kohtaamo?: { editor: BenchEditor };
  kohtaamoBenchMoves?: number;
}

/** Distance between neighbouring notes of the grid (a note is 200 px square). */
const spacing = 240;

/**
 * Seeds `notes` notes in a square grid (the last `movers` of them put there
 * by the remote users themselves), reloads the board, and counts animation
 * frames: idle and with every remote user moving their note
 * `movesPerSecond` times a second, at 100 % zoom in the middle of the grid
 * (most moved notes off-screen) and zoomed to fit (all on screen).
 */
export async function measureFrameRates(
  page: Page,
  server: RunningServer,
  room: BenchRoom,
  options: Pick<
    ClientBenchOptions,
    'notes' | 'movers' | 'movesPerSecond' | 'frameWindowMs' | 'profileDir' | 'log'
  >,
): Promise<FrameRates> {
  const { notes, movers: moverCount, movesPerSecond, frameWindowMs, log } = options;
  const columns = Math.ceil(Math.sqrt(notes));
  const cell = (slot: number) => ({
    x: (slot % columns) * spacing,
    y: Math.floor(slot / columns) * spacing,
  });
  // The remote users' notes are spread over the grid, so most are off-screen at 100 %.
  const moverSlots = Array.from({ length: moverCount }, (_, mover) =>
    Math.floor(((mover + 0.5) * notes) / moverCount),
  );
  const seededSlots = Array.from({ length: notes }, (_, slot) => slot).filter(
    (slot) => !moverSlots.includes(slot),
  );

  log(`seeding ${seededSlots.length} notes…`);
  const seeder = await connectSynced(server.wsUrl, room.roomId, { params: room.params });
  try {
    // A few hundred notes per update keeps each message well under MAX_MESSAGE_BYTES.
    for (let start = 0; start < seededSlots.length; start += 250) {
      seeder.doc.transact(() => {
        for (const slot of seededSlots.slice(start, start + 250)) {
          const { x, y } = cell(slot);
          writeRecord(seeder.doc, null, note(`shape:bench-${slot}`, room.authorId, x, y, slot));
        }
      });
      await sleep(50);
    }
  } finally {
    // Destroyed once the server has the notes: it keeps them whether or not the seeder stays.
    await sleep(500);
    seeder.destroy();
  }

  log(`starting ${moverCount} remote users…`);
  const movers = await Promise.all(
    moverSlots.map((slot) => {
      const { x, y } = cell(slot);
      return NoteMover.start(
        server.wsUrl,
        room.roomId,
        room.params,
        note(`shape:mover-${slot}`, room.authorId, x, y, slot),
      );
    }),
  );
  try {
    log('reloading the board…');
    await page.reload();
    await openBenchBoard(page, room.url);
    await page.waitForFunction(
      (count) =>
        ((globalThis as unknown as BenchWindow).kohtaamo?.editor.getCurrentPageShapeIds().size ??
          0) >= count,
      notes,
      { timeout: 180_000, polling: 500 },
    );
    await page.evaluate(
      ({ x, y }) => {
        const editor = (globalThis as unknown as BenchWindow).kohtaamo?.editor;
        if (!editor) throw new Error('no editor');
        const { w, h } = editor.getViewportPageBounds();
        editor.setCamera({ x: -(x - w / 2), y: -(y - h / 2), z: 1 });
      },
      cell(Math.floor(notes / 2 + columns / 2)),
    );
    await page.evaluate(() => {
      const board = globalThis as unknown as BenchWindow;
      board.kohtaamoBenchMoves = 0;
      board.kohtaamo?.editor.store.listen(
        ({ changes }) => {
          board.kohtaamoBenchMoves =
            (board.kohtaamoBenchMoves ?? 0) + Object.keys(changes.updated).length;
        },
        { source: 'remote', scope: 'document' },
      );
    });
    await sleep(2000);

    log('measuring: idle, 100 %…');
    const idleFull = await measureWindow(page, frameWindowMs);
    const moving = moveNotes(movers, movesPerSecond);
    try {
      await sleep(1000);
      log('measuring: moving, 100 %…');
      const movingFull = await profiled(page, options.profileDir, 'moving-100', () =>
        measureWindow(page, frameWindowMs),
      );
      await page.evaluate(() =>
        (globalThis as unknown as BenchWindow).kohtaamo?.editor.zoomToFit(),
      );
      await sleep(1000);
      log('measuring: moving, zoomed to fit…');
      const movingFit = await profiled(page, options.profileDir, 'moving-fit', () =>
        measureWindow(page, frameWindowMs),
      );
      const movesSent = moving.stop();
      // Moves still on their way are counted once they arrive.
      await sleep(1000);
      const movesSeen = await page.evaluate(
        () => (globalThis as unknown as BenchWindow).kohtaamoBenchMoves ?? 0,
      );
      log('measuring: idle, zoomed to fit…');
      const idleFit = await measureWindow(page, frameWindowMs);
      return {
        notes,
        movers: moverCount,
        movesPerSecond,
        idleFull,
        movingFull,
        idleFit,
        movingFit,
        movesSent,
        movesSeen,
      };
    } finally {
      moving.stop();
    }
  } finally {
    for (const mover of movers) mover.destroy();
  }
}

function note(id: string, authorId: string, x: number, y: number, slot: number): StoredRecord {
  return NoteMover.note(id, authorId, x, y, fractionalIndex(slot));
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A valid tldraw index key ('c' and three base-62 digits: an integer of three digits), in order of `n`. */
function fractionalIndex(n: number): string {
  const digit = (place: number) => base62[Math.floor(n / 62 ** place) % 62] ?? '0';
  return `c${digit(2)}${digit(1)}${digit(0)}`;
}

/** Every mover jiggles its note around where it started; returns the stopper (moves written). */
function moveNotes(movers: readonly NoteMover[], movesPerSecond: number): { stop(): number } {
  let sent = 0;
  const origins = movers.map((mover) => mover.position());
  const timers = movers.map((mover, index) => {
    let step = 0;
    const origin = origins[index] ?? { x: 0, y: 0 };
    // Staggered, so the ten users' moves do not all land in one frame.
    const start = setTimeout(
      () => {
        const tick = () => {
          step += 1;
          mover.moveTo(origin.x + 20 * Math.sin(step / 3), origin.y + 20 * Math.cos(step / 3));
          sent += 1;
        };
        tick();
        timers[index] = setInterval(tick, 1000 / movesPerSecond);
      },
      (index * 1000) / movesPerSecond / movers.length,
    );
    return start;
  });
  let stopped = false;
  return {
    stop() {
      if (!stopped) {
        stopped = true;
        for (const timer of timers) clearInterval(timer);
      }
      return sent;
    },
  };
}

/**
 * Runs `measure`, under Chrome's sampling profiler when `profileDir` is set:
 * the profile goes to `<profileDir>/<name>.cpuprofile` (open it in the
 * DevTools Performance panel).
 */
async function profiled<T>(
  page: Page,
  profileDir: string | undefined,
  name: string,
  measure: () => Promise<T>,
): Promise<T> {
  if (profileDir === undefined) return measure();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  try {
    return await measure();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await mkdir(profileDir, { recursive: true });
    await writeFile(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

/** The frame rate and the main thread's CPU time over `windowMs`. */
async function measureWindow(page: Page, windowMs: number): Promise<Window> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const threadTime = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN;
    };
    const moves = () =>
      page.evaluate(() => (globalThis as unknown as BenchWindow).kohtaamoBenchMoves ?? 0);
    const [threadBefore, movesBefore, startedAt] = [await threadTime(), await moves(), Date.now()];
    const fps = await countFrames(page, windowMs);
    const [threadAfter, movesAfter, endedAt] = [await threadTime(), await moves(), Date.now()];
    // ThreadTime is in seconds.
    const mainThreadMsPerSecond = ((threadAfter - threadBefore) * 1e6) / (endedAt - startedAt);
    const movesApplied = movesAfter - movesBefore;
    return { fps, mainThreadMsPerSecond, movesApplied, seconds: (endedAt - startedAt) / 1000 };
  } finally {
    await cdp.detach();
  }
}

/**
 * Animation frames per second over `windowMs`, counted in the page. Given as
 * source text: tsx would wrap a named function in a helper the page lacks.
 */
function countFrames(page: Page, windowMs: number): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    let first;
    const onFrame = (now) => {
      if (first === undefined) first = now;
      else frames += 1;
      if (now - first < ${windowMs}) requestAnimationFrame(onFrame);
      else resolve((frames * 1000) / (now - first));
    };
    requestAnimationFrame(onFrame);
  })`);
}
