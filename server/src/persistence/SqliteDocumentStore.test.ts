import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  it('creates the directory and a WAL database at schema version 3', async () => {
    const store = SqliteDocumentStore.open(file);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(3);
    } finally {
      db.close();
    }
  });

  it('migrates a schema-1 database: log, snapshots and sequence numbers carry over', async () => {
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec(`
      create table room_updates (
        seq integer primary key autoincrement, room_id text not null,
        data blob not null, created_at integer not null default 0);
      create index room_updates_room_seq on room_updates (room_id, seq);
      create table room_snapshots (
        room_id text primary key, data blob not null, updated_at integer not null default 0);
      pragma user_version = 1;
    `);
    const insert = old.prepare('insert into room_updates (room_id, data) values (?, ?)');
    for (const [room, value] of [
      ['a', 1],
      ['a', 2],
      ['b', 3],
      ['b', 4],
    ] as const) {
      insert.run(room, new Uint8Array([value]));
    }
    // Room b was compacted through seq 4 with an empty log left: 4 must never come back.
    old.prepare('delete from room_updates where room_id = ?').run('b');
    old
      .prepare('insert into room_snapshots (room_id, data) values (?, ?)')
      .run('b', new Uint8Array([9]));
    old.close();

    const store = SqliteDocumentStore.open(file);
    try {
      const a = await store.load('a');
      expect(a.updates.map((u) => Array.from(u))).toEqual([[1], [2]]);
      expect(a.lastSeq).toBe(2);
      const b = await store.load('b');
      expect(b.updates.map((u) => Array.from(u))).toEqual([[9]]);
      expect(b.logCount).toBe(0);
      expect(await store.append('b', [new Uint8Array([5])])).toBeGreaterThan(4);
    } finally {
      await store.close();
    }
  });

  it('migrates a schema-2 database: documents stay and the room directory works', async () => {
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec(`
      create table room_log (
        room_id text not null, seq integer not null, data blob not null,
        created_at integer not null default 0, primary key (room_id, seq)) without rowid;
      create table room_snapshots (
        room_id text primary key, data blob not null, updated_at integer not null default 0,
        through_seq integer not null default 0);
      pragma user_version = 2;
    `);
    old
      .prepare('insert into room_log (room_id, seq, data) values (?, ?, ?)')
      .run('legacy', 7, new Uint8Array([42]));
    old.close();

    const store = SqliteDocumentStore.open(file);
    try {
      const legacy = await store.load('legacy');
      expect(legacy.updates.map((u) => Array.from(u))).toEqual([[42]]);
      expect(legacy.lastSeq).toBe(7);
      const directory = store.roomDirectory();
      await directory.create({
        roomId: 'room-new',
        title: 'After migration',
        language: 'en',
        createdAt: 1,
        linkIds: { facilitator: 'f', participant: 'p', guest: 'g', viewer: 'v' },
      });
      expect((await directory.get('room-new'))?.linkIds.viewer).toBe('v');
      expect(await directory.get('legacy')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('continues sequence numbers above a compacted-away log after reopening', async () => {
    let store = SqliteDocumentStore.open(file);
    const seq = await store.append('r', [new Uint8Array([1]), new Uint8Array([2])]);
    await store.compact('r', new Uint8Array([3]), seq);
    await store.close();
    store = SqliteDocumentStore.open(file);
    try {
      expect(await store.append('r', [new Uint8Array([4])])).toBeGreaterThan(seq);
    } finally {
      await store.close();
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
