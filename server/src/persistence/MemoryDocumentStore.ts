import type { DocumentStore, StoredDocument } from './DocumentStore.js';

interface LogEntry {
  readonly seq: number;
  readonly data: Uint8Array;
}

interface StoredRoom {
  snapshot: Uint8Array | undefined;
  log: LogEntry[];
}

/**
 * In-memory {@link DocumentStore} for unit tests. Buffers are copied on the
 * way in and out so a caller reusing or mutating its arrays cannot change
 * what is stored, which is what a real database guarantees too.
 */
export class MemoryDocumentStore implements DocumentStore {
  readonly #rooms = new Map<string, StoredRoom>();
  /** Shared across rooms, like SQLite's AUTOINCREMENT: never reused. */
  #lastSeq = 0;
  #closed = false;

  async load(roomId: string): Promise<StoredDocument> {
    this.#assertOpen();
    const room = this.#rooms.get(roomId);
    if (room === undefined) return { updates: [], logCount: 0, byteLength: 0, lastSeq: 0 };
    const updates: Uint8Array[] = [];
    if (room.snapshot !== undefined) updates.push(room.snapshot.slice());
    for (const entry of room.log) updates.push(entry.data.slice());
    return {
      updates,
      logCount: room.log.length,
      byteLength: updates.reduce((total, update) => total + update.byteLength, 0),
      lastSeq: room.log.at(-1)?.seq ?? 0,
    };
  }

  async append(roomId: string, updates: readonly Uint8Array[]): Promise<number> {
    this.#assertOpen();
    const room = this.#room(roomId);
    for (const update of updates) {
      this.#lastSeq += 1;
      room.log.push({ seq: this.#lastSeq, data: update.slice() });
    }
    return room.log.at(-1)?.seq ?? 0;
  }

  async compact(roomId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#assertOpen();
    const room = this.#room(roomId);
    room.snapshot = snapshot.slice();
    room.log = room.log.filter((entry) => entry.seq > throughSeq);
  }

  async delete(roomId: string): Promise<void> {
    this.#assertOpen();
    this.#rooms.delete(roomId);
  }

  async list(prefix: string): Promise<string[]> {
    this.#assertOpen();
    return [...this.#rooms.keys()].filter((roomId) => roomId.startsWith(prefix));
  }

  async ping(): Promise<void> {
    this.#assertOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #room(roomId: string): StoredRoom {
    let room = this.#rooms.get(roomId);
    if (room === undefined) {
      room = { snapshot: undefined, log: [] };
      this.#rooms.set(roomId, room);
    }
    return room;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('MemoryDocumentStore is closed');
  }
}
