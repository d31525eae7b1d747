import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../helpers/crashScenario.js';
import { useRestartableServers } from '../helpers/server.js';

/**
 * Issue 15, chaos: `kill -9` while 50 stock y-websocket clients write to one
 * room with role links on. The long variant (several kills on a growing
 * room) is `pnpm chaos crash`.
 */
describe('chaos: kill -9 under 50 writers', () => {
  const { start } = useRestartableServers();

  it('loses none of the updates any client received, and invents none', async () => {
    const [round] = await runCrashRounds({
      start,
      env: { TOKEN_SECRET: 'chaos-crash-secret-of-at-least-32-bytes!' },
      writerCount: 50,
      writeIntervalMs: 250,
      editsBeforeKill: 8,
      rounds: 1,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    expect(round).toBeDefined();
    // A kill before anything was received would prove nothing.
    expect(round?.receivedOperations).toBeGreaterThan(50 * 8);
    expect(round?.missingOperations).toBe(0);
    expect(round?.missingDeletions).toBe(0);
    expect(round?.notesDiffering).toBe(0);
    expect(round?.inventedOperations).toBe(0);
  }, 90_000);
});
