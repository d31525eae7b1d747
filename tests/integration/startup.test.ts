import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDataDir,
  removeDataDir,
  repoRoot,
  serverNodeFlags,
  startServer,
} from '../helpers/server.js';

function startScript(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, packageDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts?.start ?? '';
}

describe('startup', () => {
  it('is tested with the node flags that the start scripts use', () => {
    for (const packageDir of ['.', 'server']) {
      const nodeCommand = /\bnode((?: --[\w-]+)*) \S*dist\/index\.js/.exec(startScript(packageDir));
      expect(nodeCommand, `${packageDir}/package.json start`).not.toBeNull();
      expect(nodeCommand?.[1]?.trim().split(' ')).toEqual(serverNodeFlags);
    }
  });

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
