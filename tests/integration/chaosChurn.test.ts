import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnServerEnv, runChurn } from '../helpers/churnScenario.js';
import { type RunningServer, startServer } from '../helpers/server.js';

/**
 * Issue 15, soak: one minute of clients joining and leaving rooms. Asserts
 * that rooms unload (never one loaded 60 s after its last client, none
 * left at the end), nothing a session saw is lost, and prints the RSS
 * curve. Whether RSS stays within ±10 % of its level is judged by the
 * ten-minute `pnpm chaos soak`: a minute is too short to level off.
 */
describe('chaos: churn soak', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // Rooms unload 2 s after their last client instead of 10 s, so the minute sees many unloads.
    server = await startServer({ env: { ...churnServerEnv, ROOM_IDLE_MS: '2000' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('unloads every room after its last client and loses nothing while clients come and go', async () => {
    const result = await runChurn({
      server,
      durationMs: 60_000,
      concurrentSessions: 8,
      revisitShare: 0.3,
      sampleEveryMs: 1000,
      seed: Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    expect(result.sessionErrors).toEqual([]);
    // Enough churn to mean something: rooms were loaded and unloaded many times.
    expect(result.roomsCreated).toBeGreaterThan(20);
    expect(result.overdueSamples).toBe(0);
    expect(result.unloadedAfterMs).not.toBeNaN();
    expect(result.roomsChecked).toBeGreaterThan(0);
    expect(result.notesLost).toEqual([]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 150_000);
});
