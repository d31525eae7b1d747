import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadInfo, UploadStore } from '../uploads/UploadStore.js';
import { isUploadId } from '../uploads/uploadId.js';

/** How the contract suite gets stores of one implementation. */
export interface UploadStoreHarness {
  /** Opens a fresh, empty store. */
  open(): Promise<UploadStore>;
  /**
   * Closes `store` and opens the same storage again. Omitted by stores that
   * keep nothing beyond their own lifetime.
   */
  reopen?(store: UploadStore): Promise<UploadStore>;
}

/** Concatenates a stream's chunks. */
export async function readAll(stream: ReadableStream<Uint8Array> | undefined): Promise<Uint8Array> {
  if (stream === undefined) throw new Error('expected a stream, got undefined');
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Deterministic, non-repeating-looking bytes; `seed` makes distinct contents. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed * 2_654_435_761;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes `bytes` in chunks of `chunkSize` and commits them to `roomId`. */
export async function storeBytes(
  store: UploadStore,
  roomId: string,
  bytes: Uint8Array,
  extra: { contentType?: string; fileName?: string; chunkSize?: number } = {},
): Promise<UploadInfo> {
  const draft = await store.begin();
  const chunkSize = extra.chunkSize ?? 1000;
  for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
    await draft.write(bytes.subarray(offset, offset + chunkSize));
  }
  return draft.commit({
    roomId,
    contentType: extra.contentType ?? 'image/png',
    fileName: extra.fileName,
  });
}

/**
 * Behaviour every {@link UploadStore} must have. Call it at the top level of
 * an implementation's test file; it defines its own `describe` block.
 */
export function uploadStoreContract(name: string, harness: UploadStoreHarness): void {
  describe(`${name} (UploadStore contract)`, () => {
    let store: UploadStore;
    let closed: boolean;

    beforeEach(async () => {
      store = await harness.open();
      closed = false;
    });

    afterEach(async () => {
      if (!closed) await store.close();
    });

    it('commits a draft written in chunks and describes it', async () => {
      const bytes = patternBytes(5000);
      const before = Date.now();
      const draft = await store.begin();
      await draft.write(bytes.subarray(0, 1234));
      expect(draft.size).toBe(1234);
      await draft.write(bytes.subarray(1234));
      expect(draft.size).toBe(5000);
      const info = await draft.commit({
        roomId: 'room-a',
        contentType: 'image/webp',
        fileName: 'kuva.webp',
      });
      expect(isUploadId(info.id)).toBe(true);
      expect(info).toMatchObject({
        roomId: 'room-a',
        contentType: 'image/webp',
        size: 5000,
        sha256: sha256(bytes),
        fileName: 'kuva.webp',
      });
      expect(info.createdAt).toBeGreaterThanOrEqual(before);
      expect(info.createdAt).toBeLessThanOrEqual(Date.now());
      expect(await store.get('room-a', info.id)).toEqual(info);
      expect(await readAll(await store.read(info))).toEqual(bytes);
    });

    it('does not let a draft be read before commit, nor written after it', async () => {
      const draft = await store.begin();
      await draft.write(patternBytes(10));
      const info = await draft.commit({ roomId: 'room-a', contentType: 'image/png' });
      await expect(draft.write(patternBytes(1))).rejects.toThrow();
      await expect(draft.commit({ roomId: 'room-a', contentType: 'image/png' })).rejects.toThrow();
      await draft.discard();
      expect(await readAll(await store.read(info))).toEqual(patternBytes(10));
    });

    it('discards a draft: it can be neither written nor committed afterwards', async () => {
      const draft = await store.begin();
      await draft.write(patternBytes(100));
      await draft.discard();
      await draft.discard();
      await expect(draft.write(patternBytes(1))).rejects.toThrow();
      await expect(draft.commit({ roomId: 'room-a', contentType: 'image/png' })).rejects.toThrow();
    });

    it('gives every upload its own id, even of identical bytes', async () => {
      const bytes = patternBytes(300);
      const first = await storeBytes(store, 'room-a', bytes);
      const again = await storeBytes(store, 'room-a', bytes);
      const elsewhere = await storeBytes(store, 'room-b', bytes);
      expect(new Set([first.id, again.id, elsewhere.id]).size).toBe(3);
      expect(new Set([first.sha256, again.sha256, elsewhere.sha256]).size).toBe(1);
      for (const info of [first, again, elsewhere]) {
        expect(await readAll(await store.read(info))).toEqual(bytes);
      }
    });

    it('answers undefined for an id of another room, an unknown id and a malformed id', async () => {
      const info = await storeBytes(store, 'room-a', patternBytes(20));
      expect(await store.get('room-b', info.id)).toBeUndefined();
      expect(await store.get('room-a', 'AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
      expect(await store.get('room-a', '../../../etc/passwd')).toBeUndefined();
      expect(await store.get('room-a', `${info.id}/..`)).toBeUndefined();
      expect(await store.get('..', info.id)).toBeUndefined();
    });

    it('reads byte ranges, including ones that span internal chunks', async () => {
      const bytes = patternBytes(200_000, 7);
      const info = await storeBytes(store, 'room-a', bytes, { chunkSize: 65_536 });
      // Compared as base64: element-wise equality of 200 kB arrays is slow.
      const base64 = (view: Uint8Array) => Buffer.from(view).toString('base64');
      const slice = async (offset: number, length: number) =>
        base64(await readAll(await store.read(info, { offset, length })));
      expect(await slice(0, 1)).toBe(base64(bytes.subarray(0, 1)));
      expect(await slice(199_999, 1)).toBe(base64(bytes.subarray(199_999)));
      expect(await slice(60_000, 100_000)).toBe(base64(bytes.subarray(60_000, 160_000)));
      expect(await slice(0, 200_000)).toBe(base64(bytes));
    });

    it('is not affected by callers mutating buffers they wrote or received', async () => {
      const chunk = patternBytes(50, 3);
      const original = chunk.slice();
      const draft = await store.begin();
      await draft.write(chunk);
      chunk.fill(0);
      const info = await draft.commit({ roomId: 'room-a', contentType: 'image/gif' });
      const received = await readAll(await store.read(info));
      received.fill(1);
      expect(await readAll(await store.read(info))).toEqual(original);
    });

    it('deletes one room: its uploads vanish, bytes another room shares stay', async () => {
      const shared = patternBytes(400, 1);
      const own = patternBytes(400, 2);
      const goneShared = await storeBytes(store, 'room-gone', shared);
      const goneOwn = await storeBytes(store, 'room-gone', own);
      const goneOwnAgain = await storeBytes(store, 'room-gone', own);
      const kept = await storeBytes(store, 'room-kept', shared);

      await store.deleteRoom('room-gone');

      for (const info of [goneShared, goneOwn, goneOwnAgain]) {
        expect(await store.get('room-gone', info.id)).toBeUndefined();
      }
      expect(await store.read(goneOwn)).toBeUndefined();
      expect(await store.get('room-kept', kept.id)).toEqual(kept);
      expect(await readAll(await store.read(kept))).toEqual(shared);

      await store.deleteRoom('room-gone');
      await store.deleteRoom('room-never-used');
      await store.deleteRoom('room-kept');
      expect(await store.read(kept)).toBeUndefined();
    });

    it('accepts new uploads of the same bytes after the last room holding them was deleted', async () => {
      const bytes = patternBytes(64, 9);
      await storeBytes(store, 'room-a', bytes);
      await store.deleteRoom('room-a');
      const info = await storeBytes(store, 'room-b', bytes);
      expect(await readAll(await store.read(info))).toEqual(bytes);
    });

    it('rejects every call after close', async () => {
      const info = await storeBytes(store, 'room-a', patternBytes(10));
      await store.close();
      closed = true;
      await expect(store.begin()).rejects.toThrow();
      await expect(store.get('room-a', info.id)).rejects.toThrow();
      await expect(store.read(info)).rejects.toThrow();
      await expect(store.deleteRoom('room-a')).rejects.toThrow();
    });

    const { reopen } = harness;
    if (reopen !== undefined) {
      it('returns the same uploads after close and reopen', async () => {
        const bytes = patternBytes(70_000, 5);
        const info = await storeBytes(store, 'room-a', bytes, { fileName: 'moodboard.png' });
        store = await reopen(store);
        expect(await store.get('room-a', info.id)).toEqual(info);
        const back = await readAll(await store.read(info));
        expect(Buffer.from(back).equals(bytes)).toBe(true);
      });
    }
  });
}
