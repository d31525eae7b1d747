import type pg from 'pg';
import type { DocumentStore, StoredDocument } from '../DocumentStore.js';
import { FencedOutError, roomOfDocument } from '../FencedOutError.js';
import { prefixEnd } from '../prefixRange.js';
import { withTransaction } from './transaction.js';

/**
 * {@link DocumentStore} on PostgreSQL (`document_log`, `document_snapshots`;
 * see `PostgresStorage`). An append commits before it resolves, so what a
 * room broadcasts after its write is durable, as on SQLite. Loads read the
 * snapshot and the log in one repeatable-read transaction, so a compaction
 * running meanwhile (on this or another instance) is seen whole or not at
 * all. The pool belongs to `PostgresStorage`; `close` only stops this store.
 *
 * Fencing (a cluster): when `fenceOf` names this instance's lease number
 * for a document's room, every append and compaction first takes a shared
 * lock on the room's row in `room_fences` and is refused with
 * {@link FencedOutError} unless the recorded fence is that number. A new
 * owner records its higher number ({@link fenceRoom}) before it loads the
 * room; the row lock makes it wait for writes in flight, so its load sees
 * every write the former owner made, and none comes after.
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly #pool: pg.Pool;
  #fenceOf: (roomId: string) => number | undefined = () => undefined;
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Where writes learn the lease number of their room (see the class notes); none by default. */
  useFences(fenceOf: (roomId: string) => number | undefined): void {
    this.#fenceOf = fenceOf;
  }

  /**
   * Records `fence` as the room's current lease number, waiting for writes
   * of the former owner in flight. False when this number or a higher one is recorded
   * (this lease is already stale).
   */
  async fenceRoom(roomId: string, fence: number): Promise<boolean> {
    this.#assertOpen();
    const result = await this.#pool.query(
      `insert into room_fences (room_id, fence) values ($1, $2)
       on conflict (room_id) do update set fence = excluded.fence
       where room_fences.fence < excluded.fence
       returning fence`,
      [roomId, fence],
    );
    return result.rows.length > 0;
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

  /** The room's recorded fence; 0 when it has none. */
  async recordedFence(roomId: string): Promise<number> {
    this.#assertOpen();
    const result = await this.#pool.query<{ fence: string }>(
      'select fence from room_fences where room_id = $1',
      [roomId],
    );
    return Number(result.rows[0]?.fence ?? 0);
  }

  /**
   * Removes the room's fence (for a deleted room), waiting for writes in
   * flight: from then on every fenced write of the room is refused, whoever
   * still holds it in memory.
   */
  async unfence(roomId: string): Promise<void> {
    this.#assertOpen();
    await withTransaction(this.#pool, 'begin', async (client) => {
      await client.query('select 1 from room_fences where room_id = $1 for update', [roomId]);
      await client.query('delete from room_fences where room_id = $1', [roomId]);
    });
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
    const insert = (client: pg.Pool | pg.PoolClient) =>
      // One statement: all of them or none. `ordinality` keeps the sequence numbers in order.
      client.query<{ seq: string }>(
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
    const fence = this.#fenceOf(roomOfDocument(roomId));
    const result =
      fence === undefined
        ? await insert(this.#pool)
        : await withTransaction(this.#pool, 'begin', async (client) => {
            await this.#checkFence(client, roomId, fence);
            return insert(client);
          });
    return Math.max(...result.rows.map((row) => Number(row.seq)));
  }

  async compact(roomId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#assertOpen();
    await withTransaction(this.#pool, 'begin', async (client) => {
      const fence = this.#fenceOf(roomOfDocument(roomId));
      if (fence !== undefined) await this.#checkFence(client, roomId, fence);
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

  /** Locks the room's fence row (shared) and refuses unless it holds `fence`. */
  async #checkFence(client: pg.PoolClient, documentId: string, fence: number): Promise<void> {
    const roomId = roomOfDocument(documentId);
    const row = await client.query<{ fence: string }>(
      'select fence from room_fences where room_id = $1 for share',
      [roomId],
    );
    const current = row.rows[0] === undefined ? undefined : Number(row.rows[0].fence);
    if (current !== fence) throw new FencedOutError(roomId, fence, current);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('PostgresDocumentStore is closed');
  }
}
