/**
 * Estimating the server clock on a client, NTP-style (as tldraw's synced
 * timer does): the client sends its time `clientSent`, the server answers
 * with its own `serverTime`, the client notes `clientReceived`. If the
 * two legs took equally long, the server read its clock halfway, so
 *
 *   offset = serverTime − (clientSent + clientReceived) / 2
 *   rtt    = clientReceived − clientSent
 *
 * and the error is at most rtt / 2 (all the delay on one leg). So the
 * samples with the shortest round trips are the trustworthy ones: the
 * estimate is the median offset of the `best` lowest-RTT samples among
 * the last few, which ignores a slow answer stuck behind a big sync
 * message. Client times may come from `Date.now()` or
 * `performance.timeOrigin + performance.now()` (monotonic, preferred);
 * they only need to be on one clock.
 */

/** One time exchange, in milliseconds: client times on the client clock, the server's on its own. */
export interface ClockSample {
  readonly clientSent: number;
  readonly serverTime: number;
  readonly clientReceived: number;
}

/** Samples {@link addClockSample} keeps by default. */
export const clockSamplesKept = 8;

/** Lowest-RTT samples {@link estimateClockOffset} takes the median of, by default. */
export const clockSamplesBest = 3;

/** What to add to a client time to get server time, by this one sample. */
export function sampleOffset(sample: ClockSample): number {
  return sample.serverTime - (sample.clientSent + sample.clientReceived) / 2;
}

/** How long the exchange took, on the client clock. */
export function sampleRtt(sample: ClockSample): number {
  return sample.clientReceived - sample.clientSent;
}

function isUsable(sample: ClockSample): boolean {
  return (
    Number.isFinite(sample.clientSent) &&
    Number.isFinite(sample.serverTime) &&
    Number.isFinite(sample.clientReceived) &&
    sampleRtt(sample) >= 0
  );
}

/**
 * The last `keep` samples after adding `sample`. A sample whose answer came
 * "before" it was sent (a wall clock stepped back mid-exchange) or that
 * holds a non-finite time is dropped.
 */
export function addClockSample(
  samples: readonly ClockSample[],
  sample: ClockSample,
  keep: number = clockSamplesKept,
): ClockSample[] {
  if (!isUsable(sample)) return [...samples];
  return [...samples, sample].slice(-Math.max(1, keep));
}

/**
 * The median offset of the `best` lowest-RTT samples; `undefined` until
 * there is a usable sample (the caller then treats local time as server
 * time, or waits).
 */
export function estimateClockOffset(
  samples: readonly ClockSample[],
  best: number = clockSamplesBest,
): number | undefined {
  const chosen = samples
    .filter(isUsable)
    .sort((a, b) => sampleRtt(a) - sampleRtt(b))
    .slice(0, Math.max(1, best))
    .map(sampleOffset)
    .sort((a, b) => a - b);
  if (chosen.length === 0) return undefined;
  const middle = Math.floor(chosen.length / 2);
  return chosen.length % 2 === 1
    ? (chosen[middle] as number)
    : ((chosen[middle - 1] as number) + (chosen[middle] as number)) / 2;
}

/** Server time at client time `localNow`, given an offset from {@link estimateClockOffset}. */
export function serverNow(offsetMs: number, localNow: number): number {
  return localNow + offsetMs;
}
