import { setTimeout as sleep } from 'node:timers/promises';
import { documentScopeParam, MessageType, readRecords } from '@kohtaamo/shared';
import type { CDPSession, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { RunningServer } from '../../helpers/server.js';
import { connectSynced, waitUntil } from '../../helpers/yjsClients.js';
import { type BenchRoom, openBenchBoard } from './benchBoard.js';
import type { ClientBenchOptions } from './runClientBench.js';

/** What one freehand stroke cost on the wire, against what the document keeps of it. */
export interface StrokeTraffic {
  readonly points: number;
  /** Bytes of document messages (y-websocket sync frames) the browser sent during the stroke. */
  readonly documentBytesSent: number;
  /** How many document messages those were. */
  readonly documentMessages: number;
  /** Every byte the board's socket sent, presence (awareness) included. */
  readonly allBytesSent: number;
  /** Growth of the board's encoded state (`Y.encodeStateAsUpdate`) through the stroke. */
  readonly documentGrowth: number;
  /** `documentBytesSent / documentGrowth`. */
  readonly ratio: number;
}

/** Frames the page sent on its board sockets, read through the DevTools protocol. */
class SentFrames {
  readonly #sockets = new Set<string>();
  documentBytes = 0;
  documentMessages = 0;
  allBytes = 0;

  static async watch(cdp: CDPSession, roomId: string): Promise<SentFrames> {
    const frames = new SentFrames();
    cdp.on('Network.webSocketCreated', ({ requestId, url }) => {
      const parsed = new URL(url);
      // The private document's socket carries only what a private round hides.
      if (parsed.pathname.endsWith(`/${roomId}`) && !parsed.searchParams.has(documentScopeParam)) {
        frames.#sockets.add(requestId);
      }
    });
    cdp.on('Network.webSocketFrameSent', ({ requestId, response }) => {
      if (!frames.#sockets.has(requestId) || response.opcode !== 2) return;
      const bytes = Buffer.from(response.payloadData, 'base64');
      frames.allBytes += bytes.length;
      if (bytes[0] === MessageType.sync) {
        frames.documentBytes += bytes.length;
        frames.documentMessages += 1;
      }
    });
    await cdp.send('Network.enable');
    return frames;
  }

  reset(): void {
    this.documentBytes = 0;
    this.documentMessages = 0;
    this.allBytes = 0;
  }
}

/**
 * Draws one freehand stroke with the mouse, one pointer move per
 * `strokeStepMs` as a person draws, on an empty board, and compares the
 * document bytes the browser sent meanwhile with the growth of the
 * document a stock client in Node holds once the stroke has arrived.
 * Reloads the page first so the socket is opened while DevTools watches it.
 */
export async function measureStroke(
  page: Page,
  server: RunningServer,
  room: BenchRoom,
  options: Pick<ClientBenchOptions, 'strokePoints' | 'strokeStepMs' | 'log'>,
): Promise<StrokeTraffic> {
  const cdp = await page.context().newCDPSession(page);
  const frames = await SentFrames.watch(cdp, room.roomId);
  await page.reload();
  await openBenchBoard(page, room.url);
  const observer = await connectSynced(server.wsUrl, room.roomId, { params: room.params });
  try {
    await sleep(1000);
    const before = Y.encodeStateAsUpdate(observer.doc).length;
    frames.reset();
    options.log(`drawing a stroke of ${options.strokePoints} points…`);
    await drawStroke(page, options.strokePoints, options.strokeStepMs);
    await waitUntil(() => hasCompleteStroke(observer.doc), {
      timeoutMs: 20_000,
      message: 'the completed stroke did not reach the observer',
    });
    // Let the last writes and their echoes settle before reading the figures.
    await sleep(1000);
    const growth = Y.encodeStateAsUpdate(observer.doc).length - before;
    return {
      points: options.strokePoints,
      documentBytesSent: frames.documentBytes,
      documentMessages: frames.documentMessages,
      allBytesSent: frames.allBytes,
      documentGrowth: growth,
      ratio: frames.documentBytes / growth,
    };
  } finally {
    observer.destroy();
    await cdp.detach();
  }
}

async function drawStroke(page: Page, points: number, stepMs: number): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const point = (step: number) => {
    const t = step / Math.max(1, points - 1);
    return {
      x: viewport.width * (0.2 + 0.6 * t),
      y: viewport.height * (0.5 + 0.25 * Math.sin(t * 4 * Math.PI)),
    };
  };
  await page.locator('.tl-canvas').first().hover();
  await page.keyboard.press('Escape');
  await page.keyboard.press('d');
  const start = point(0);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let step = 1; step < points; step++) {
    const next = point(step);
    await page.mouse.move(next.x, next.y);
    await sleep(stepMs);
  }
  await page.mouse.up();
}

function hasCompleteStroke(doc: Y.Doc): boolean {
  for (const record of readRecords(doc).records.values()) {
    const props = record.props as { isComplete?: unknown } | undefined;
    if (record.typeName === 'shape' && record.type === 'draw' && props?.isComplete === true) {
      return true;
    }
  }
  return false;
}
