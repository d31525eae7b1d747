import { describe, expect, it } from 'vitest';
import { patternBytes, storeBytes, uploadStoreContract } from '../testing/uploadStoreContract.js';
import { MemoryUploadStore } from './MemoryUploadStore.js';

uploadStoreContract('MemoryUploadStore', {
  open: async () => new MemoryUploadStore(),
});

describe('MemoryUploadStore', () => {
  it('keeps one copy of identical bytes and drops it with the last room', async () => {
    const store = new MemoryUploadStore({ now: () => 42 });
    const bytes = patternBytes(10);
    const info = await storeBytes(store, 'room-a', bytes);
    await storeBytes(store, 'room-b', bytes);
    expect(info.createdAt).toBe(42);
    expect(store.blobCount).toBe(1);
    await store.deleteRoom('room-a');
    expect(store.blobCount).toBe(1);
    await store.deleteRoom('room-b');
    expect(store.blobCount).toBe(0);
  });
});
