import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDataDir, removeDataDir, startServer } from '../helpers/server.js';

describe('startup', () => {
  it('refuses an invalid configuration, naming the variable, and exits before listening', async () => {
    await expect(startServer({ env: { MAX_MESSAGE_BYTES: '12' } })).rejects.toThrow(
      /exited before listening[\s\S]*MAX_MESSAGE_BYTES/,
    );
  });

  it('keeps a DATA_DIR it was given and removes one it created', async () => {
    const given = await createDataDir();
    try {
      const withGiven = await startServer({ dataDir: given });
      await withGiven.stop();
      expect(existsSync(given)).toBe(true);

      const withOwn = await startServer();
      expect(existsSync(withOwn.dataDir)).toBe(true);
      await withOwn.stop();
      expect(existsSync(withOwn.dataDir)).toBe(false);
    } finally {
      await removeDataDir(given);
    }
  });
});
