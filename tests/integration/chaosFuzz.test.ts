import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzServerEnv, runFuzz } from '../helpers/fuzzScenario.js';
import { type RunningServer, startServer } from '../helpers/server.js';

/**
 * Issue 15, chaos: at least 10,000 hostile frames at one room while another
 * room keeps syncing. Asserts what must hold (server up, nothing lost
 * elsewhere, the fuzzed room loads with its content); prints the other
 * room's fan-out p99 quiet and under fuzz. Whether that p99 stays within 2×
 * is judged by `pnpm chaos fuzz`, not here: a timed assertion on a shared
 * machine would fail on noise.
 */
describe('chaos: hostile frames at one room', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: fuzzServerEnv });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps the server up, the other room delivering everything and the fuzzed room loadable', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const result = await runFuzz({
      server,
      hostileFrames: 10_000,
      quietMs: 8_000,
      minFuzzMs: 8_000,
      maxFuzzMs: 50_000,
      concurrency: 6,
      otherRoomClients: 8,
      otherRoomRateHz: 5,
      seed,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    expect(result.serverAlive).toBe(true);
    expect(result.hostileFramesSent).toBeGreaterThanOrEqual(10_000);
    expect(result.hostileFramesHandled).toBeGreaterThanOrEqual(10_000);
    expect(result.unexpectedEndings).toEqual([]);
    expect(result.fuzzed.samples).toBeGreaterThan(0);
    expect(result.otherRoomDelivered).toBe(result.otherRoomExpected);
    expect(result.otherRoomCloses).toEqual([]);
    expect(result.fuzzedRoomCloses).toEqual([]);
    expect(result.damagedRecords).toEqual([]);
    expect(result.offendersInDocument).toBe(0);
    expect(result.foreignTypes).toEqual([]);
  }, 120_000);
});
