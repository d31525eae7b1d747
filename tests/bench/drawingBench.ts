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
 * Runs the drawing measurement. The place where the client bench is
 * called: until it is wired in here, the section says so in the table and
 * the JSON instead of showing a figure.
 */
export async function runDrawingSection(): Promise<DrawingSection> {
  return {
    status: 'not-wired',
    note: 'runClientBench (tests/bench/client/) is not wired into pnpm bench yet',
  };
}
