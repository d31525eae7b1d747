/** What is stored for one room: snapshot first (if any), then the log in order. */
export interface StoredDocument {
  /** Yjs updates to apply in order. Empty for a room never written. */
  readonly updates: readonly Uint8Array[];
  /** Number of log entries behind the snapshot (drives compaction). */
  readonly logCount: number;
  /** Total bytes of snapshot plus log (drives the document size limit). */
  readonly byteLength: number;
  /**
   * Sequence number of the last log entry, or 0 when the log is empty (for
   * example right after a compaction that covered the whole log).
   */
  readonly lastSeq: number;
}

/**
 * Durable storage of Yjs documents as an append-only update log per room plus
 * a compacted snapshot. Implementations: `MemoryDocumentStore` (unit tests)
 * and `SqliteDocumentStore` (default). Every method rejects on storage
 * failure; callers keep the in-memory document and retry.
 */
export interface DocumentStore {
  /** Everything stored for a room. */
  load(roomId: string): Promise<StoredDocument>;
  /**
   * Appends updates, in order, in one transaction. Resolves once they are
   * durable against a process crash, with the sequence number of the last one.
   * Sequence numbers increase strictly across all rooms and are never reused
   * while the store is open, even after `compact` or `delete`; after a reopen
   * they continue above every number still stored. They need not be
   * contiguous within a room. An empty
   * list writes nothing and resolves with the room's current `lastSeq`.
   */
  append(roomId: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces the snapshot with `snapshot` and drops log entries with
   * sequence number ≤ `throughSeq` (they are contained in the snapshot), in
   * one transaction. Entries appended after `throughSeq` are kept.
   */
  compact(roomId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Erases everything stored for a room. */
  delete(roomId: string): Promise<void>;
  /**
   * Ids of the stored documents whose id starts with `prefix`, in no given
   * order (a room's private documents, say). A deleted document is not listed.
   */
  list(prefix: string): Promise<string[]>;
  /** Resolves when storage is reachable (used by `GET /ready`). */
  ping(): Promise<void>;
  /** Releases resources; no method may be called afterwards. */
  close(): Promise<void>;
}
