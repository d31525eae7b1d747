/** One stored upload, as its room sees it. */
export interface UploadInfo {
  /** Random id, unique across rooms (see `createUploadId`). */
  readonly id: string;
  /** The room the upload belongs to; it is only readable through this room. */
  readonly roomId: string;
  /** Content type decided from the bytes when the upload was accepted. */
  readonly contentType: string;
  /** Length in bytes. */
  readonly size: number;
  /** SHA-256 of the bytes, lowercase hex; identical files share one blob. */
  readonly sha256: string;
  /** Sanitised name the uploader gave, if any. */
  readonly fileName?: string | undefined;
  /** When the upload was committed, in ms since the epoch. */
  readonly createdAt: number;
}

/** What the caller decided about a draft once all its bytes were seen. */
export interface UploadCommit {
  readonly roomId: string;
  readonly contentType: string;
  readonly fileName?: string | undefined;
}

/** A slice of an upload's bytes. */
export interface ByteRange {
  /** First byte, counted from 0. */
  readonly offset: number;
  /** Number of bytes, at least 1; `offset + length` is at most the size. */
  readonly length: number;
}

/**
 * An upload being received. Its bytes are invisible to every reader until
 * `commit`; `discard` (or a crash) leaves nothing behind that a reader could
 * see. Calls must not overlap: await each `write` before the next.
 */
export interface UploadDraft {
  /** Bytes written so far. */
  readonly size: number;
  /** Appends `chunk`; the caller may reuse the buffer once this resolves. */
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes readable as a new upload of `commit.roomId`. */
  commit(commit: UploadCommit): Promise<UploadInfo>;
  /** Drops the bytes. Safe to call more than once and after `commit` (then a no-op). */
  discard(): Promise<void>;
}

/**
 * Storage of uploaded images and videos, per room. Bytes are stored once per
 * distinct content however many uploads or rooms share them. Extension point:
 * `MemoryUploadStore` (unit tests) and `FileUploadStore` (default, under
 * `DATA_DIR/uploads`) implement it; an object store could too. Every method
 * rejects after `close`.
 */
export interface UploadStore {
  /** Starts receiving a new upload. */
  begin(): Promise<UploadDraft>;
  /**
   * The upload `id` of room `roomId`, or `undefined` when there is none. An
   * id of another room is `undefined` too, as is a malformed id.
   */
  get(roomId: string, id: string): Promise<UploadInfo | undefined>;
  /**
   * The bytes of `upload` (as returned by `get`), all of them or `range`.
   * `undefined` when they are gone, e.g. the room was deleted in between.
   * Nothing is held open until the stream is first read, so a stream that is
   * dropped unread leaks nothing.
   */
  read(upload: UploadInfo, range?: ByteRange): Promise<ReadableStream<Uint8Array> | undefined>;
  /**
   * Removes every upload of `roomId`, and the bytes of each that no other
   * room still references. Idempotent, and safe to repeat after a crash.
   */
  deleteRoom(roomId: string): Promise<void>;
  /** Releases resources; no method may be called afterwards. */
  close(): Promise<void>;
}
