import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentStoreContract } from '../testing/documentStoreContract.js';
import { SqliteDocumentStore } from './SqliteDocumentStore.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kohtaamo-sqlite-'));
  file = join(dir, 'nested', 'kohtaamo.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

documentStoreContract('SqliteDocumentStore', {
  open: async () => SqliteDocumentStore.open(file),
  reopen: async (store) => {
    await store.close();
    return SqliteDocumentStore.open(file);
  },
});

/**
 * Child process: appends through the real store, reports the sequence number
 * and then idles without closing, so the parent can SIGKILL it mid-life.
 */
const appendThenHang = `
const { SqliteDocumentStore } = await import(process.env.STORE_MODULE);
const store = SqliteDocumentStore.open(process.env.DB_FILE);
const seq = await store.append('killed', [new Uint8Array([1, 2, 3]), new Uint8Array(4096).fill(7)]);
process.stdout.write('ok ' + seq + '\\n');
setInterval(() => {}, 60_000);
`;

function appendInChildAndKill(dbFile: string): Promise<number> {
  const storeModule = pathToFileURL(
    fileURLToPath(new URL('./SqliteDocumentStore.ts', import.meta.url)),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', appendThenHang],
    {
      env: { ...process.env, STORE_MODULE: storeModule.href, DB_FILE: dbFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let seq: number | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ok (\d+)$/m.exec(stdout);
      if (match !== null && seq === undefined) {
        seq = Number(match[1]);
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (seq !== undefined && signal === 'SIGKILL') resolve(seq);
      else reject(new Error(`child exited (${code ?? signal}) before appending: ${stderr}`));
    });
  });
}

describe('SqliteDocumentStore', () => {
  it('keeps an append that resolved before the process was killed with SIGKILL', async () => {
    const seq = await appendInChildAndKill(file);
    // The WAL must still hold the commit: the child never closed or checkpointed.
    expect(existsSync(`${file}-wal`)).toBe(true);
    const store = SqliteDocumentStore.open(file);
    try {
      const stored = await store.load('killed');
      expect(stored.lastSeq).toBe(seq);
      expect(stored.logCount).toBe(2);
      expect(Array.from(stored.updates[0] ?? [])).toEqual([1, 2, 3]);
      expect(stored.updates[1]?.every((value) => value === 7)).toBe(true);
      expect(stored.byteLength).toBe(3 + 4096);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('creates the directory and a WAL database at schema version 1', async () => {
    const store = SqliteDocumentStore.open(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer schema', async () => {
    await SqliteDocumentStore.open(file).close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteDocumentStore.open(file)).toThrow(/schema version 99/);
  });
});
