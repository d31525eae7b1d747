import { browserAvailability } from '../helpers/browser.js';
import { runClientBench } from './client/runClientBench.js';

/**
 * Workload (d) of issue 15: wire bytes a freehand stroke costs per byte
 * the document keeps, measured in the browser by the client bench
 * (`runClientBench` in tests/bench/client/, built beside this harness).
 */
export interface DrawingSection {
  readonly status: 'measured' | 'not-wired' | 'failed';
  /** Bytes sent while drawing / bytes the document grew by (target ≤ 10). */
  readonly bytesPerDocumentByte?: number;
  /** Whatever the client bench reports, kept in the JSON as is. */
  readonly detail?: unknown;
  readonly note: string;
}

/**
 * Runs the drawing measurement: one 200-point freehand stroke drawn in
 * headless Chromium against our server (roles on), the bytes its board
 * socket sent against what the board's document grew by. The frame-rate
 * half of the client bench is left to `pnpm --filter @kohtaamo/tests run
 * bench:client` (it takes minutes and measures the page, not a server).
 */
export async function runDrawingSection(): Promise<DrawingSection> {
  const browser = browserAvailability();
  if (browser.kind === 'missing') return { status: 'failed', note: browser.reason };
  try {
    const result = await runClientBench({
      skip: new Set(['board']),
      log: (line) => process.stderr.write(`[bench:drawing] ${line}\n`),
    });
    if (result.stroke === null) return { status: 'failed', note: 'the stroke was not measured' };
    return {
      status: 'measured',
      bytesPerDocumentByte: result.stroke.ratio,
      detail: result.stroke,
      note: `${result.stroke.points}-point stroke: ${result.stroke.documentMessages} document messages, ${result.stroke.documentBytesSent} B sent, document grew ${result.stroke.documentGrowth} B`,
    };
  } catch (error) {
    return { status: 'failed', note: `client bench failed: ${String(error)}` };
  }
}
