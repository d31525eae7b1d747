import { createHash, randomBytes } from 'node:crypto';
import { roomIdSchema } from '@kohtaamo/shared';
import type pg from 'pg';
import { withTransaction } from '../persistence/postgres/transaction.js';
import type {
  ByteRange,
  UploadCommit,
  UploadDraft,
  UploadInfo,
  UploadStore,
} from './UploadStore.js';
import { createUploadId, isUploadId } from './uploadId.js';

/** Bytes per stored chunk: a range read fetches only the chunks it overlaps. */
export const uploadChunkBytes = 256 * 1024;

interface UploadRow {
  readonly room_id: string;
  readonly id: string;
  readonly sha256: string;
  readonly content_type: string;
  readonly file_name: string | null;
  readonly size: string;
  readonly created_at: string;
}

/** Key space of the advisory locks that serialise commits and deletions of one blob. */
const blobLockSpace = 4_712;

/**
 * {@link UploadStore} on PostgreSQL, bytes included (`upload_blobs` and
 * `upload_chunks`, `bytea` in {@link uploadChunkBytes} chunks; why not large
 * objects: see `PostgresStorage`), so an image uploaded through one
 * instance is served by every other. A draft's chunks go to
 * `upload_drafts` as they arrive (nothing is buffered beyond one chunk);
 * the commit moves them under the content's SHA-256, once per distinct
 * content, in one transaction with the upload's row, under an advisory lock
 * on the blob so a commit and a room deletion sharing bytes never race.
 * A draft left by a crash is removed by the next start-up after an hour.
 */
export class PostgresUploadStore implements UploadStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;
  #closed = false;

  constructor(pool: pg.Pool, now: () => number = Date.now) {
    this.#pool = pool;
    this.#now = now;
  }

  async begin(): Promise<UploadDraft> {
    this.#assertOpen();
    const draftId = randomBytes(16).toString('base64url');
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let state: 'open' | 'committing' | 'committed' | 'discarded' = 'open';

    const writeChunk = async (chunk: Buffer) => {
      await this.#pool.query(
        'insert into upload_drafts (draft_id, seq, data) values ($1, $2, $3)',
        [draftId, seq, chunk],
      );
      seq += 1;
    };
    const drop = () =>
      this.#pool.query('delete from upload_drafts where draft_id = $1', [draftId]).then(() => {});

    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        // A copy: the caller may reuse its buffer once this resolves.
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.byteLength;
        hash.update(chunk);
        size += chunk.byteLength;
        while (pendingBytes >= uploadChunkBytes) {
          const all = Buffer.concat(pending);
          await writeChunk(all.subarray(0, uploadChunkBytes));
          const rest = all.subarray(uploadChunkBytes);
          pending = rest.byteLength > 0 ? [rest] : [];
          pendingBytes = rest.byteLength;
        }
      },
      commit: async (commit: UploadCommit) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        state = 'committing';
        try {
          const roomId = roomIdSchema.parse(commit.roomId);
          if (pendingBytes > 0) await writeChunk(Buffer.concat(pending));
          pending = [];
          const info: UploadInfo = {
            id: createUploadId(),
            roomId,
            contentType: commit.contentType,
            size,
            sha256: hash.digest('hex'),
            fileName: commit.fileName,
            createdAt: this.#now(),
          };
          await withTransaction(this.#pool, 'begin', async (client) => {
            await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [
              blobLockSpace,
              info.sha256,
            ]);
            const known = await client.query('select 1 from upload_blobs where sha256 = $1', [
              info.sha256,
            ]);
            if (known.rows.length === 0) {
              await client.query('insert into upload_blobs (sha256, size) values ($1, $2)', [
                info.sha256,
                info.size,
              ]);
              await client.query(
                `insert into upload_chunks (sha256, seq, data)
                 select $1, seq, data from upload_drafts where draft_id = $2`,
                [info.sha256, draftId],
              );
            }
            await client.query('delete from upload_drafts where draft_id = $1', [draftId]);
            await client.query(
              `insert into uploads (room_id, id, sha256, content_type, file_name, size, created_at)
               values ($1, $2, $3, $4, $5, $6, $7)`,
              [
                info.roomId,
                info.id,
                info.sha256,
                info.contentType,
                info.fileName ?? null,
                info.size,
                info.createdAt,
              ],
            );
          });
          state = 'committed';
          return info;
        } catch (error) {
          state = 'discarded';
          await drop().catch(() => {});
          throw error;
        }
      },
      discard: async () => {
        if (state !== 'open') return;
        state = 'discarded';
        pending = [];
        await drop();
      },
    };
  }

  async get(roomId: string, id: string): Promise<UploadInfo | undefined> {
    this.#assertOpen();
    if (!roomIdSchema.safeParse(roomId).success || !isUploadId(id)) return undefined;
    const result = await this.#pool.query<UploadRow>(
      `select room_id, id, sha256, content_type, file_name, size, created_at
       from uploads where room_id = $1 and id = $2`,
      [roomId, id],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    return {
      id: row.id,
      roomId: row.room_id,
      contentType: row.content_type,
      size: Number(row.size),
      sha256: row.sha256,
      ...(row.file_name === null ? {} : { fileName: row.file_name }),
      createdAt: Number(row.created_at),
    };
  }

  async read(
    upload: UploadInfo,
    range?: ByteRange,
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    this.#assertOpen();
    const known = await this.#pool.query('select 1 from upload_blobs where sha256 = $1', [
      upload.sha256,
    ]);
    if (known.rows.length === 0) return undefined;
    const start = range?.offset ?? 0;
    // Never past the bytes there are: a range beyond them ends where they do.
    const end = Math.min(upload.size, start + (range?.length ?? upload.size));
    let position = start;
    const pool = this.#pool;
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (position >= end) {
            controller.close();
            return;
          }
          const seq = Math.floor(position / uploadChunkBytes);
          const result = await pool.query<{ data: Buffer }>(
            'select data from upload_chunks where sha256 = $1 and seq = $2',
            [upload.sha256, seq],
          );
          const data = result.rows[0]?.data;
          if (data === undefined) {
            controller.error(new Error(`upload ${upload.id} is missing chunk ${seq}`));
            return;
          }
          const from = position - seq * uploadChunkBytes;
          const to = Math.min(data.byteLength, end - seq * uploadChunkBytes);
          if (to <= from) {
            controller.error(new Error(`upload ${upload.id} is shorter than its size`));
            return;
          }
          controller.enqueue(new Uint8Array(data.subarray(from, to)));
          position = seq * uploadChunkBytes + to;
        },
      },
      { highWaterMark: 0 },
    );
  }

  async deleteRoom(roomId: string): Promise<void> {
    this.#assertOpen();
    const room = roomIdSchema.parse(roomId);
    const blobs = await this.#pool.query<{ sha256: string }>(
      'select distinct sha256 from uploads where room_id = $1',
      [room],
    );
    await this.#pool.query('delete from uploads where room_id = $1', [room]);
    for (const { sha256 } of blobs.rows) {
      await withTransaction(this.#pool, 'begin', async (client) => {
        await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [
          blobLockSpace,
          sha256,
        ]);
        // The chunks go with the blob (on delete cascade).
        await client.query(
          `delete from upload_blobs where sha256 = $1
           and not exists (select 1 from uploads where sha256 = $1)`,
          [sha256],
        );
      });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('PostgresUploadStore is closed');
  }
}
