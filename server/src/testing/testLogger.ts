import type { Logger } from '../logger.js';

/** One recorded log call. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string | undefined;
  readonly fields: Record<string, unknown>;
}

/** A {@link Logger} that records instead of printing. */
export function createTestLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const make = (bindings: Record<string, unknown>): Logger & { readonly entries: LogEntry[] } => {
    const record =
      (level: LogEntry['level']) =>
      (obj: object, msg?: string): void => {
        entries.push({ level, msg, fields: { ...bindings, ...obj } });
      };
    return {
      entries,
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}
