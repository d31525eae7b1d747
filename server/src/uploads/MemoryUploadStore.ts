import { createHash } from 'node:crypto';
import type {
  ByteRange,
  UploadCommit,
  UploadDraft,
  UploadInfo,
  UploadStore,
} from './UploadStore.js';
import { createUploadId, isUploadId } from './uploadId.js';

/** Options of {@link MemoryUploadStore}. */
export interface MemoryUploadStoreOptions {
  /** Clock for `createdAt`; defaults to `Date.now`. */
  readonly now?: () => number;
}

/**
 * In-memory {@link UploadStore} for unit tests. Like the file store it keeps
 * one copy of each distinct content and copies buffers on the way in and out.
 */
export class MemoryUploadStore implements UploadStore {
  readonly #now: () => number;
  readonly #uploads = new Map<string, UploadInfo>();
  readonly #blobs = new Map<string, Uint8Array>();
  #closed = false;

  constructor(options: MemoryUploadStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Number of distinct contents held (lets tests see deduplication). */
  get blobCount(): number {
    return this.#blobs.size;
  }

  async begin(): Promise<UploadDraft> {
    this.#assertOpen();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let state: 'open' | 'committed' | 'discarded' = 'open';
    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        chunks.push(chunk.slice());
        size += chunk.byteLength;
      },
      commit: async (commit: UploadCommit) => {
        this.#assertOpen();
        if (state !== 'open') throw new Error(`upload draft is ${state}`);
        state = 'committed';
        const bytes = concat(chunks, size);
        chunks.length = 0;
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (!this.#blobs.has(sha256)) this.#blobs.set(sha256, bytes);
        const info: UploadInfo = {
          id: createUploadId(),
          roomId: commit.roomId,
          contentType: commit.contentType,
          size,
          sha256,
          fileName: commit.fileName,
          createdAt: this.#now(),
        };
        this.#uploads.set(info.id, info);
        return { ...info };
      },
      discard: async () => {
        if (state === 'open') state = 'discarded';
        chunks.length = 0;
      },
    };
  }

  async get(roomId: string, id: string): Promise<UploadInfo | undefined> {
    this.#assertOpen();
    if (!isUploadId(id)) return undefined;
    const info = this.#uploads.get(id);
    return info?.roomId === roomId ? { ...info } : undefined;
  }

  async read(
    upload: UploadInfo,
    range?: ByteRange,
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    this.#assertOpen();
    const blob = this.#blobs.get(upload.sha256);
    if (blob === undefined) return undefined;
    const start = range?.offset ?? 0;
    const bytes = blob.slice(start, start + (range?.length ?? blob.byteLength));
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  async deleteRoom(roomId: string): Promise<void> {
    this.#assertOpen();
    for (const [id, info] of this.#uploads) {
      if (info.roomId === roomId) this.#uploads.delete(id);
    }
    const referenced = new Set(Array.from(this.#uploads.values(), (info) => info.sha256));
    for (const sha256 of this.#blobs.keys()) {
      if (!referenced.has(sha256)) this.#blobs.delete(sha256);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('MemoryUploadStore is closed');
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
