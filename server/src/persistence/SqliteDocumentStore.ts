import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRoomDirectory } from '../auth/SqliteRoomDirectory.js';
import type { DocumentStore, StoredDocument } from './DocumentStore.js';
import { prefixEnd } from './prefixRange.js';

/** Bump when the schema changes and add a step to {@link migrations}. */
const schemaVersion = 3;

const nowMs = `cast(unixepoch('subsec') * 1000 as integer)`;

/** `migrations[n]` takes the database from `user_version` n to n + 1. */
const migrations: readonly string[] = [
  `
  create table room_updates (
    seq integer primary key autoincrement,
    room_id text not null,
    data blob not null,
    created_at integer not null default (${nowMs})
  );
  create index room_updates_room_seq on room_updates (room_id, seq);
  create table room_snapshots (
    room_id text primary key,
    data blob not null,
    updated_at integer not null default (${nowMs})
  );
  `,
  // One b-tree clustered by (room, seq) instead of a rowid table, its index and
  // AUTOINCREMENT's sqlite_sequence row: an append dirties one page, not three.
  // Sequence numbers are handed out in memory, continuing above every number
  // still on disk; through_seq remembers the top of a log a snapshot replaced.
  `
  create table room_log (
    room_id text not null,
    seq integer not null,
    data blob not null,
    created_at integer not null default (${nowMs}),
    primary key (room_id, seq)
  ) without rowid;
  insert into room_log (room_id, seq, data, created_at)
    select room_id, seq, data, created_at from room_updates;
  alter table room_snapshots add column through_seq integer not null default 0;
  update room_snapshots set through_seq = coalesce(
    (select seq from sqlite_sequence where name = 'room_updates'), 0);
  drop table room_updates;
  `,
  // The room directory (issue #4): rooms created through the API and the one
  // current link id per role. Rotating a link overwrites its row.
  `
  create table rooms (
    room_id text primary key,
    title text not null,
    language text not null,
    created_at integer not null
  ) without rowid;
  create table room_links (
    room_id text not null references rooms (room_id) on delete cascade,
    role text not null,
    link_id text not null,
    primary key (room_id, role)
  ) without rowid;
  `,
];

/**
 * WAL pages between automatic checkpoints (SQLite's default is 1000). Every
 * checkpoint syncs the WAL and the database file; with one small commit per
 * broadcast that sync was the largest CPU cost of a busy room, so checkpoint
 * less often. The WAL file is truncated back to {@link walSizeLimitBytes}
 * after each checkpoint.
 */
const walAutoCheckpointPages = 8192;
const walSizeLimitBytes = 8 * 1024 * 1024;

type Db = Database.Database;
type Statement = Database.Statement;

/**
 * {@link DocumentStore} on one SQLite file (better-sqlite3). WAL with
 * `synchronous = NORMAL`: a committed append survives the process being
 * killed (the WAL is in the OS page cache), though not a power cut, which is
 * the durability the interface promises. better-sqlite3 is synchronous, so
 * each call blocks the event loop for one short local transaction. One
 * process owns the file: sequence numbers are counted in memory, so a second
 * writer would collide on the primary key (and fail) rather than interleave.
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly #db: Db;
  readonly #insertUpdate: Statement;
  readonly #selectLastSeq: Statement;
  readonly #selectMaxSeq: Statement;
  readonly #selectSnapshot: Statement;
  readonly #selectLog: Statement;
  readonly #upsertSnapshot: Statement;
  readonly #deleteLogThrough: Statement;
  readonly #deleteLog: Statement;
  readonly #deleteSnapshot: Statement;
  readonly #selectOne: Statement;
  readonly #selectIdRange: Statement;
  readonly #appendAll: (roomId: string, updates: readonly Uint8Array[]) => number;
  readonly #loadAll: (roomId: string) => StoredDocument;
  readonly #compactAll: (roomId: string, snapshot: Uint8Array, throughSeq: number) => void;
  readonly #deleteAll: (roomId: string) => void;
  /** Highest sequence number handed out; see the schema notes in {@link migrations}. */
  #lastSeq: number;
  #afterWrite: (() => void) | undefined;

  private constructor(db: Db) {
    this.#db = db;
    this.#insertUpdate = db.prepare('insert into room_log (room_id, seq, data) values (?, ?, ?)');
    this.#selectLastSeq = db
      .prepare('select coalesce(max(seq), 0) from room_log where room_id = ?')
      .pluck();
    this.#selectMaxSeq = db
      .prepare(
        `select max(
           (select coalesce(max(seq), 0) from room_log),
           (select coalesce(max(through_seq), 0) from room_snapshots))`,
      )
      .pluck();
    this.#selectSnapshot = db.prepare('select data from room_snapshots where room_id = ?').pluck();
    this.#selectLog = db
      .prepare('select seq, data from room_log where room_id = ? order by seq')
      .raw();
    this.#upsertSnapshot = db.prepare(
      `insert into room_snapshots (room_id, data, through_seq) values (?, ?, ?)
       on conflict (room_id) do update set
         data = excluded.data,
         through_seq = max(through_seq, excluded.through_seq),
         updated_at = ${nowMs}`,
    );
    this.#deleteLogThrough = db.prepare('delete from room_log where room_id = ? and seq <= ?');
    this.#deleteLog = db.prepare('delete from room_log where room_id = ?');
    this.#deleteSnapshot = db.prepare('delete from room_snapshots where room_id = ?');
    this.#selectOne = db.prepare('select 1').pluck();
    // Ranges on the primary keys' first column, so listing reads only the ids it returns.
    this.#selectIdRange = db
      .prepare(
        `select room_id from room_snapshots where room_id >= @from and room_id < @to
         union
         select distinct room_id from room_log where room_id >= @from and room_id < @to`,
      )
      .pluck();

    this.#lastSeq = this.#selectMaxSeq.get() as number;
    this.#appendAll = db.transaction((roomId: string, updates: readonly Uint8Array[]) => {
      // A failed transaction leaves a gap, which the contract allows.
      for (const update of updates) {
        this.#lastSeq += 1;
        this.#insertUpdate.run(roomId, this.#lastSeq, update);
      }
      return this.#lastSeq;
    });
    // A read transaction, so the snapshot and the log come from one state.
    this.#loadAll = db.transaction((roomId: string): StoredDocument => {
      const snapshot = this.#selectSnapshot.get(roomId) as Uint8Array | undefined;
      const rows = this.#selectLog.all(roomId) as [number, Uint8Array][];
      const updates: Uint8Array[] = snapshot === undefined ? [] : [snapshot];
      let byteLength = snapshot?.byteLength ?? 0;
      for (const [, data] of rows) {
        updates.push(data);
        byteLength += data.byteLength;
      }
      return { updates, logCount: rows.length, byteLength, lastSeq: rows.at(-1)?.[0] ?? 0 };
    });
    this.#compactAll = db.transaction(
      (roomId: string, snapshot: Uint8Array, throughSeq: number) => {
        this.#upsertSnapshot.run(roomId, snapshot, throughSeq);
        this.#deleteLogThrough.run(roomId, throughSeq);
      },
    );
    this.#deleteAll = db.transaction((roomId: string) => {
      this.#deleteLog.run(roomId);
      this.#deleteSnapshot.run(roomId);
    });
  }

  /**
   * Opens (creating if needed, with its directory) the database at `file` and
   * brings its schema up to date. Throws if the file was written by a newer
   * schema than this code knows.
   */
  static open(file: string): SqliteDocumentStore {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma(`wal_autocheckpoint = ${walAutoCheckpointPages}`);
      db.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
      migrate(db);
      return new SqliteDocumentStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Hears every committed document write (a `SqliteCheckpointer` starts on it). */
  afterWrite(callback: () => void): void {
    this.#afterWrite = callback;
  }

  /**
   * Whether this connection checkpoints the WAL itself, inside the commit
   * that crosses {@link walAutoCheckpointPages} (the default), or leaves it
   * to a `SqliteCheckpointer` thread (`false`).
   */
  checkpointOnCommit(enabled: boolean): void {
    this.#db.pragma(`wal_autocheckpoint = ${enabled ? walAutoCheckpointPages : 0}`);
  }

  /**
   * The room directory kept in the same file, on this store's connection
   * (one writer per file, see the class notes). Closed with the store.
   */
  roomDirectory(): SqliteRoomDirectory {
    return new SqliteRoomDirectory(this.#db);
  }

  async load(roomId: string): Promise<StoredDocument> {
    return this.#loadAll(roomId);
  }

  async append(roomId: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return this.#selectLastSeq.get(roomId) as number;
    if (updates.length > 1) {
      const seq = this.#appendAll(roomId, updates);
      this.#afterWrite?.();
      return seq;
    }
    // The common case: one statement is its own transaction (BEGIN and COMMIT are two more calls).
    this.#insertUpdate.run(roomId, this.#lastSeq + 1, updates[0]);
    this.#lastSeq += 1;
    this.#afterWrite?.();
    return this.#lastSeq;
  }

  async compact(roomId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#compactAll(roomId, snapshot, throughSeq);
    this.#afterWrite?.();
  }

  async delete(roomId: string): Promise<void> {
    this.#deleteAll(roomId);
    this.#afterWrite?.();
  }

  async list(prefix: string): Promise<string[]> {
    return this.#selectIdRange.all({ from: prefix, to: prefixEnd(prefix) }) as string[];
  }

  async ping(): Promise<void> {
    this.#selectOne.get();
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

function migrate(db: Db): void {
  // IMMEDIATE takes the write lock before reading the version, so two
  // processes opening a fresh file cannot both run the same migration.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > schemaVersion) {
      throw new Error(
        `database schema version ${current} is newer than this server supports (${schemaVersion})`,
      );
    }
    for (let version = current; version < schemaVersion; version += 1) {
      const step = migrations[version];
      if (step === undefined) throw new Error(`no migration from schema version ${version}`);
      db.exec(step);
    }
    if (current !== schemaVersion) db.pragma(`user_version = ${schemaVersion}`);
  }).immediate();
}
