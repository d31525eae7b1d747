import { readFile } from 'node:fs/promises';

/**
 * Figures read from outside a running server process: its resident memory
 * from /proc, and the gauges and counters of its `GET /metrics`.
 */

/** Resident set size of process `pid` in bytes (`VmRSS` of /proc/<pid>/status; Linux only). */
export async function readRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) process `pid` has used so far, in ms (/proc/<pid>/stat). */
export async function readCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // USER_HZ is 100 on every Linux this runs on.
  return ticks * 10;
}

/**
 * Time the main thread of process `pid` (its event loop) has spent runnable
 * but waiting for a CPU, in ms (second field of /proc/<pid>/schedstat). On a
 * shared machine this, not the server's own work, is often what delays it.
 */
export async function readRunQueueWaitMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/schedstat`, 'utf8')).split(' ');
  return Number(fields[1]) / 1e6;
}

/** The Prometheus text of `GET /metrics` of the server at `baseUrl`. */
export async function fetchMetrics(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}

/**
 * The sum of every sample of metric `name` (all label sets), or `undefined`
 * if it has none. A gauge with labels (connections by role) sums to its total.
 */
export function metricTotal(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!rest.startsWith(' ') && !rest.startsWith('{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** The rooms the server holds in memory and its open board sockets, from `/metrics`. */
export async function loadedRoomsAndSockets(
  baseUrl: string,
): Promise<{ rooms: number; sockets: number }> {
  const text = await fetchMetrics(baseUrl);
  return {
    rooms: metricTotal(text, 'kohtaamo_rooms_loaded') ?? Number.NaN,
    sockets: metricTotal(text, 'kohtaamo_connections') ?? 0,
  };
}

/** The `p`-th percentile (0–100) of ascending `sorted`, nearest rank; NaN if empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values` (any order); NaN if empty. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
