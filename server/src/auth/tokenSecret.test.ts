import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenSecret, tokenSecretFileName } from './tokenSecret.js';

describe('loadTokenSecret', () => {
  it('uses the configured secret when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    expect(Buffer.from(loadTokenSecret('x'.repeat(40), dir)).toString()).toBe('x'.repeat(40));
  });

  it('generates a secret once, with mode 0600, and reuses it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'secret-')), 'data');
    const first = loadTokenSecret('', dir);
    expect(first.byteLength).toBe(32);
    expect(statSync(join(dir, tokenSecretFileName)).mode & 0o777).toBe(0o600);
    expect(loadTokenSecret('', dir)).toEqual(first);
  });

  it('refuses a kept secret that is too short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(dir, tokenSecretFileName), 'short');
    expect(() => loadTokenSecret('', dir)).toThrow(/fewer than 32 bytes/);
  });
});
