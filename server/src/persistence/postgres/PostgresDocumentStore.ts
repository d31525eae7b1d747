import type pg from 'pg';
import type { DocumentStore, StoredDocument } from '../DocumentStore.js';
import { prefixEnd } from '../prefixRange.js';
import { withTransaction } from './transaction.js';

/**
 * {@link DocumentStore} on PostgreSQL (`document_log`, `document_snapshots`;
 * see `PostgresStorage`). An append commits before it resolves, so what a
 * room broadcasts after its write is durable, as on SQLite. Loads read the
 * snapshot and the log in one repeatable-read transaction, so a compaction
 * running meanwhile (on this or another instance) is seen whole or not at
 * all. The pool belongs to `PostgresStorage`; `close` only stops this store.
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async load(roomId: string): Promise<StoredDocument> {
    this.#assertOpen();
    return withTransaction(
      this.#pool,
      'begin isolation level repeatable read read only',
      async (client) => {
        const snapshot = await client.query<{ data: Buffer }>(
          'select data from document_snapshots where doc_id = $1',
          [roomId],
        );
        const log = await client.query<{ seq: string; data: Buffer }>(
          'select seq, data from document_log where doc_id = $1 order by seq',
          [roomId],
        );
        const updates: Uint8Array[] = [];
        const first = snapshot.rows[0];
        if (first !== undefined) updates.push(new Uint8Array(first.data));
        for (const row of log.rows) updates.push(new Uint8Array(row.data));
        const last = log.rows.at(-1);
        return {
          updates,
          logCount: log.rows.length,
          byteLength: updates.reduce((total, update) => total + update.byteLength, 0),
          lastSeq: last === undefined ? 0 : Number(last.seq),
        };
      },
    );
  }

  async append(roomId: string, updates: readonly Uint8Array[]): Promise<number> {
    this.#assertOpen();
    if (updates.length === 0) {
      const result = await this.#pool.query<{ seq: string | null }>(
        'select max(seq) as seq from document_log where doc_id = $1',
        [roomId],
      );
      return Number(result.rows[0]?.seq ?? 0);
    }
    // One statement, so one implicit transaction: all of them or none. `ordinality` keeps the
    // sequence numbers in the order of the updates.
    const result = await this.#pool.query<{ seq: string }>(
      `insert into document_log (doc_id, seq, data)
       select $1, nextval('document_seq'), data
       from unnest($2::bytea[]) with ordinality as u(data, position)
       order by position
       returning seq`,
      [
        roomId,
        updates.map((update) => Buffer.from(update.buffer, update.byteOffset, update.byteLength)),
      ],
    );
    return Math.max(...result.rows.map((row) => Number(row.seq)));
  }

  async compact(roomId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#assertOpen();
    await withTransaction(this.#pool, 'begin', async (client) => {
      await client.query(
        `insert into document_snapshots (doc_id, data, through_seq) values ($1, $2, $3)
         on conflict (doc_id) do update set
           data = excluded.data,
           through_seq = greatest(document_snapshots.through_seq, excluded.through_seq),
           updated_at = now()`,
        [roomId, Buffer.from(snapshot), throughSeq],
      );
      await client.query('delete from document_log where doc_id = $1 and seq <= $2', [
        roomId,
        throughSeq,
      ]);
    });
  }

  async delete(roomId: string): Promise<void> {
    this.#assertOpen();
    await withTransaction(this.#pool, 'begin', async (client) => {
      await client.query('delete from document_log where doc_id = $1', [roomId]);
      await client.query('delete from document_snapshots where doc_id = $1', [roomId]);
    });
  }

  async list(prefix: string): Promise<string[]> {
    this.#assertOpen();
    const range = [prefix, prefixEnd(prefix)];
    const result = await this.#pool.query<{ doc_id: string }>(
      `select doc_id from document_snapshots where doc_id >= $1 and doc_id < $2
       union
       select distinct doc_id from document_log where doc_id >= $1 and doc_id < $2`,
      range,
    );
    return result.rows.map((row) => row.doc_id);
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    await this.#pool.query('select 1');
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('PostgresDocumentStore is closed');
  }
}
