import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { roomIdSchema } from '@kohtaamo/shared';
import { z } from 'zod';
import { KeyedLock } from './KeyedLock.js';
import type {
  ByteRange,
  UploadCommit,
  UploadDraft,
  UploadInfo,
  UploadStore,
} from './UploadStore.js';
import { createUploadId, isUploadId } from './uploadId.js';

/** Prefix of files still being written; never a valid hash, id or room id. */
const tmpPrefix = '.tmp-';
/** Bytes per chunk when streaming a blob out. */
const readChunkBytes = 64 * 1024;

const sha256Pattern = /^[0-9a-f]{64}$/;

const recordSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(sha256Pattern),
  fileName: z.string().optional(),
  createdAt: z.number(),
});

/** Options of {@link FileUploadStore.open}. */
export interface FileUploadStoreOptions {
  /** Clock for `createdAt`; defaults to `Date.now`. */
  readonly now?: () => number;
}

function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    codes.includes(String((error as Error & { code: unknown }).code))
  );
}

/** A record's contents, or `undefined` when the file is not a valid record. */
function parseRecord(text: string): UploadInfo | undefined {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function tmpName(): string {
  return `${tmpPrefix}${randomBytes(8).toString('hex')}`;
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
    written += bytesWritten;
  }
}

/**
 * {@link UploadStore} on the local filesystem. Layout under `dir`:
 *
 * ```
 * blobs/<sha256>           the bytes, once per distinct content, never modified
 * blobs/.tmp-<random>      an upload being received (removed on open)
 * refs/<sha256>/<roomId>   empty marker: this room has an upload with these bytes
 * rooms/<roomId>/<id>.json the upload record (UploadInfo)
 * ```
 *
 * Metadata lives in a per-room record rather than a sidecar beside the blob
 * because it belongs to one upload (room, name, time) while the blob is
 * shared. Every file appears by `rename` of a synced temporary file in the
 * same directory, so a crash leaves either the whole file or none. The
 * `refs` markers make `deleteRoom` cheap: removing a room's marker and then
 * `rmdir`-ing the marker directory succeeds only when no other room still
 * references the blob, without scanning other rooms.
 *
 * Order of writes in a commit: blob, marker, record. A crash between them can
 * leave an unreferenced blob or marker (wasted space, never a record without
 * bytes). One process owns `dir`: commits and deletions touching the same
 * blob or room are serialised by an in-process lock. Room directories rely on
 * a case-sensitive filesystem, as room ids are case-sensitive.
 */
export class FileUploadStore implements UploadStore {
  readonly #blobDir: string;
  readonly #refDir: string;
  readonly #roomDir: string;
  readonly #now: () => number;
  readonly #lock = new KeyedLock();
  #closed = false;

  private constructor(dir: string, now: () => number) {
    this.#blobDir = join(dir, 'blobs');
    this.#refDir = join(dir, 'refs');
    this.#roomDir = join(dir, 'rooms');
    this.#now = now;
  }

  /**
   * Creates the directories if needed and removes drafts a previous process
   * left behind when it died mid-upload. Synchronous: it runs once at start-up.
   */
  static open(dir: string, options: FileUploadStoreOptions = {}): FileUploadStore {
    const store = new FileUploadStore(dir, options.now ?? Date.now);
    for (const sub of [store.#blobDir, store.#refDir, store.#roomDir]) {
      mkdirSync(sub, { recursive: true });
    }
    for (const name of readdirSync(store.#blobDir)) {
      if (name.startsWith(tmpPrefix)) rmSync(join(store.#blobDir, name), { force: true });
    }
    return store;
  }

  async begin(): Promise<UploadDraft> {
    this.#assertOpen();
    const tmp = join(this.#blobDir, tmpName());
    const handle = await open(tmp, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    let state: 'open' | 'committing' | 'committed' | 'discarded' = 'open';

    const drop = async () => {
      await handle.close().catch(() => {});
      await rm(tmp, { force: true });
    };

    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        await writeAll(handle, chunk);
        hash.update(chunk);
        size += chunk.byteLength;
      },
      commit: async (commit: UploadCommit) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        state = 'committing';
        try {
          const roomId = roomIdSchema.parse(commit.roomId);
          // Synced before the rename, so the name never points at bytes not yet on disk.
          await handle.sync();
          await handle.close();
          const info: UploadInfo = {
            id: createUploadId(),
            roomId,
            contentType: commit.contentType,
            size,
            sha256: hash.digest('hex'),
            fileName: commit.fileName,
            createdAt: this.#now(),
          };
          await this.#lock.run(`room:${roomId}`, () =>
            this.#lock.run(`blob:${info.sha256}`, async () => {
              // Replacing an existing blob is harmless: same name, same bytes.
              await rename(tmp, this.#blobPath(info.sha256));
              // An empty marker needs no temporary file: it exists whole or not at all.
              const refs = join(this.#refDir, info.sha256);
              await mkdir(refs, { recursive: true });
              await writeFile(join(refs, roomId), '');
              await this.#writeFileAtomically(
                join(this.#roomDir, roomId),
                `${info.id}.json`,
                JSON.stringify(info),
              );
            }),
          );
          state = 'committed';
          return info;
        } catch (error) {
          state = 'discarded';
          await drop();
          throw error;
        }
      },
      discard: async () => {
        if (state !== 'open') return;
        state = 'discarded';
        await drop();
      },
    };
  }

  async get(roomId: string, id: string): Promise<UploadInfo | undefined> {
    this.#assertOpen();
    if (!roomIdSchema.safeParse(roomId).success || !isUploadId(id)) return undefined;
    let text: string;
    try {
      text = await readFile(join(this.#roomDir, roomId, `${id}.json`), 'utf8');
    } catch (error) {
      if (isErrorCode(error, 'ENOENT', 'ENOTDIR')) return undefined;
      throw error;
    }
    const record = parseRecord(text);
    if (record === undefined) throw new Error(`upload record ${roomId}/${id} is corrupt`);
    // Guards against a case-insensitive filesystem merging two rooms' directories.
    if (record.roomId !== roomId || record.id !== id) return undefined;
    return record;
  }

  async read(
    upload: UploadInfo,
    range?: ByteRange,
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    this.#assertOpen();
    if (!sha256Pattern.test(upload.sha256)) return undefined;
    const path = this.#blobPath(upload.sha256);
    try {
      await stat(path);
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    return fileStream(path, range?.offset ?? 0, range?.length ?? upload.size);
  }

  async deleteRoom(roomId: string): Promise<void> {
    this.#assertOpen();
    const room = roomIdSchema.parse(roomId);
    const roomDir = join(this.#roomDir, room);
    await this.#lock.run(`room:${room}`, async () => {
      let names: string[];
      try {
        names = await readdir(roomDir);
      } catch (error) {
        if (isErrorCode(error, 'ENOENT')) return;
        throw error;
      }
      const hashes = new Set<string>();
      for (const name of names) {
        if (name.startsWith(tmpPrefix) || !name.endsWith('.json')) continue;
        // An unreadable record cannot name its blob; that blob is left, the room still goes.
        const record = parseRecord(await readFile(join(roomDir, name), 'utf8'));
        if (record !== undefined) hashes.add(record.sha256);
      }
      // Blobs first, records last: a crash in between leaves the records, so
      // repeating deleteRoom finds the same blobs again.
      for (const sha256 of hashes) {
        await this.#lock.run(`blob:${sha256}`, () => this.#release(sha256, room));
      }
      await rm(roomDir, { recursive: true, force: true });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Drops `roomId`'s marker on a blob, and the blob when it was the last. */
  async #release(sha256: string, roomId: string): Promise<void> {
    const refs = join(this.#refDir, sha256);
    await rm(join(refs, roomId), { force: true });
    try {
      await rmdir(refs);
    } catch (error) {
      if (isErrorCode(error, 'ENOTEMPTY', 'EEXIST')) return;
      if (!isErrorCode(error, 'ENOENT')) throw error;
    }
    await rm(this.#blobPath(sha256), { force: true });
  }

  async #writeFileAtomically(dir: string, name: string, text: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, tmpName());
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, join(dir, name));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  #blobPath(sha256: string): string {
    return join(this.#blobDir, sha256);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('FileUploadStore is closed');
  }
}

/**
 * `length` bytes of `path` from `offset`. The file is opened on the first
 * read, not before (high-water mark 0), and closed at the end, on error and
 * on cancel, so an abandoned response holds no descriptor.
 */
function fileStream(path: string, offset: number, length: number): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  let position = offset;
  let remaining = length;
  const release = async () => {
    const open = handle;
    handle = undefined;
    await open?.close().catch(() => {});
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (remaining === 0) {
            await release();
            controller.close();
            return;
          }
          handle ??= await open(path, 'r');
          const buffer = new Uint8Array(Math.min(readChunkBytes, remaining));
          const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position);
          if (bytesRead === 0) throw new Error(`upload blob ${path} is shorter than its record`);
          position += bytesRead;
          remaining -= bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
          if (remaining === 0) {
            await release();
            controller.close();
          }
        } catch (error) {
          await release();
          controller.error(error);
        }
      },
      cancel: release,
    },
    { highWaterMark: 0 },
  );
}
