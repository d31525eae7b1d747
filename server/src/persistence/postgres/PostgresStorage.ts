import pg from 'pg';
import { PostgresRoomDirectory } from '../../auth/PostgresRoomDirectory.js';
import { PostgresUploadStore } from '../../uploads/PostgresUploadStore.js';
import { PostgresDocumentStore } from './PostgresDocumentStore.js';

/**
 * The schema, one step per version. Ids are `collate "C"` so a prefix is a
 * byte range the primary key's index answers (`DocumentStore.list`).
 * Document sequence numbers come from one sequence: strictly increasing
 * across all documents and never reused, as the contract asks.
 *
 * Blobs are `bytea` in 256 KiB chunks rather than large objects: uploads
 * are bounded (images a few MB, videos by `MAX_VIDEO_UPLOAD_BYTES`), chunks
 * stream a byte range without reading the rest, rows are replicated and
 * backed up with everything else by `pg_dump`, and no `lo_unlink` is ever
 * needed to free a blob (a large object outlives the row naming it).
 */
const migrations: readonly string[] = [
  `
  create sequence document_seq;
  create table document_log (
    doc_id text collate "C" not null,
    seq bigint not null,
    data bytea not null,
    created_at timestamptz not null default now(),
    primary key (doc_id, seq)
  );
  create table document_snapshots (
    doc_id text collate "C" primary key,
    data bytea not null,
    through_seq bigint not null,
    updated_at timestamptz not null default now()
  );
  create table rooms (
    room_id text collate "C" primary key,
    title text not null,
    language text not null,
    created_at bigint not null
  );
  create table room_links (
    room_id text collate "C" not null references rooms on delete cascade,
    role text not null,
    link_id text not null,
    primary key (room_id, role)
  );
  create table upload_drafts (
    draft_id text not null,
    seq integer not null,
    data bytea not null,
    created_at timestamptz not null default now(),
    primary key (draft_id, seq)
  );
  create table upload_blobs (
    sha256 text primary key,
    size bigint not null
  );
  create table upload_chunks (
    sha256 text not null references upload_blobs on delete cascade,
    seq integer not null,
    data bytea not null,
    primary key (sha256, seq)
  );
  create table uploads (
    room_id text collate "C" not null,
    id text not null,
    sha256 text not null references upload_blobs,
    content_type text not null,
    file_name text,
    size bigint not null,
    created_at bigint not null,
    primary key (room_id, id)
  );
  create index uploads_by_blob on uploads (sha256);
  `,
  `
  create table room_fences (
    room_id text collate "C" primary key,
    fence bigint not null
  );
  `,
];

/** The schema version this code writes. */
export const postgresSchemaVersion = migrations.length;

/** Key of the advisory lock that makes concurrent start-ups migrate one at a time. */
const migrationLockKey = 4_712_020_261;

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /** `postgres://…` (`DATABASE_URL`). */
  readonly connectionString: string;
  /** Connections in the pool; 10 by default. */
  readonly maxConnections?: number;
  /** Extra `pg` pool settings (tests pass `options: '-c search_path=…'`). */
  readonly poolConfig?: pg.PoolConfig;
  /** Clock for upload `createdAt`; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Kohtaamo's storage on PostgreSQL (`STORAGE=postgres`): one connection
 * pool for the documents ({@link PostgresDocumentStore}), the room
 * directory ({@link PostgresRoomDirectory}) and the uploads with their
 * bytes ({@link PostgresUploadStore}), so that every instance of a cluster
 * sees the same boards, links and images. The schema is brought up to date
 * on open, in one transaction under an advisory lock, so instances starting
 * together migrate once and the others wait and find it done.
 */
export class PostgresStorage {
  readonly documents: PostgresDocumentStore;
  readonly directory: PostgresRoomDirectory;
  readonly uploads: PostgresUploadStore;
  readonly #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool, now: () => number) {
    this.#pool = pool;
    this.documents = new PostgresDocumentStore(pool);
    this.directory = new PostgresRoomDirectory(pool);
    this.uploads = new PostgresUploadStore(pool, now);
  }

  /**
   * Connects, migrates and removes upload drafts a crashed instance left
   * (older than an hour, so another instance's upload in progress stays).
   * @throws Error when the database is unreachable or newer than this code.
   */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      // An unreachable database fails a write (to be retried) instead of hanging it.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      ...options.poolConfig,
    });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    try {
      await migrate(pool);
      await pool.query(`delete from upload_drafts where created_at < now() - interval '1 hour'`);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStorage(pool, options.now ?? Date.now);
  }

  /** Resolves when the database answers. */
  async ping(): Promise<void> {
    await this.#pool.query('select 1');
  }

  /** Closes the pool. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
    await client.query('create table if not exists kohtaamo_schema (version integer not null)');
    const row = await client.query<{ version: number }>('select version from kohtaamo_schema');
    let version = row.rows[0]?.version ?? 0;
    if (row.rows.length === 0) await client.query('insert into kohtaamo_schema values (0)');
    if (version > postgresSchemaVersion) {
      throw new Error(
        `database schema version ${version} is newer than this server supports (${postgresSchemaVersion})`,
      );
    }
    for (; version < postgresSchemaVersion; version += 1) {
      await client.query(migrations[version] as string);
    }
    await client.query('update kohtaamo_schema set version = $1', [postgresSchemaVersion]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
