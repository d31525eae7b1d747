import {
  entriesToRecords,
  type FieldEntry,
  getRecordsArray,
  type JsonValue,
  parseFieldKey,
  type StoredRecord,
} from '@kohtaamo/shared';
import * as Y from 'yjs';

/**
 * A read-only index of a board's record entries, by record id and field
 * path, kept current by observing the records array. It resolves duplicate
 * keys as y-utility's YKeyValue does (the entry furthest right wins) but,
 * unlike a YKeyValue, never writes to the document: the server must not
 * make edits of its own.
 */
export class RecordIndex {
  readonly #array: Y.Array<FieldEntry>;
  /**
   * record id → entry key → the live entry with that key, or the live
   * entries when there are several (briefly, after concurrent writes).
   */
  readonly #records = new Map<string, Map<string, FieldEntry | FieldEntry[]>>();
  readonly #observer: (event: Y.YArrayEvent<FieldEntry>) => void;
  /** Assembled records (`null`: no live record), dropped when one of their entries changes. */
  readonly #assembled = new Map<string, StoredRecord | null>();

  constructor(doc: Y.Doc) {
    this.#array = getRecordsArray(doc);
    for (let item = this.#array._start; item !== null; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentAny) this.#addItem(item);
    }
    this.#observer = (event) => {
      for (const item of event.changes.deleted) this.#removeItem(item);
      for (const item of event.changes.added) {
        if (item.content instanceof Y.ContentAny) this.#addItem(item);
      }
    };
    this.#array.observe(this.#observer);
  }

  /** Stops following the document. */
  dispose(): void {
    this.#array.unobserve(this.#observer);
  }

  /** Whether `recordId` has entries (live record or orphans). */
  has(recordId: string): boolean {
    return this.#records.has(recordId);
  }

  /** The current entries of `recordId`, by entry key. */
  entries(recordId: string): Map<string, JsonValue> {
    const result = new Map<string, JsonValue>();
    const fields = this.#records.get(recordId);
    if (fields === undefined) return result;
    for (const [key, held] of fields) {
      const winner = this.#current(held);
      if (winner !== undefined) result.set(key, winner.val);
    }
    return result;
  }

  /**
   * The live record `recordId`, assembled from its entries, or `undefined`.
   * Cached until its entries change: callers must not modify it.
   */
  record(recordId: string): StoredRecord | undefined {
    if (!this.#records.has(recordId)) return undefined;
    let record = this.#assembled.get(recordId);
    if (record === undefined) {
      record = entriesToRecords(this.entries(recordId)).records.get(recordId) ?? null;
      this.#assembled.set(recordId, record);
    }
    return record ?? undefined;
  }

  /** Whether `entry` (an object held by an item of the array) is the current value of its key. */
  isCurrent(entry: FieldEntry): boolean {
    const recordId = parseFieldKey(entry.key)?.recordId;
    const held = recordId === undefined ? undefined : this.#records.get(recordId)?.get(entry.key);
    return held !== undefined && this.#current(held) === entry;
  }

  /**
   * The entry that wins among live entries with one key: the one furthest
   * right in the array. Several live entries for a key exist only briefly,
   * after concurrent writes and until a client's YKeyValue cleans them up,
   * so the walk over the array is rare.
   */
  #current(held: FieldEntry | readonly FieldEntry[]): FieldEntry | undefined {
    if (!Array.isArray(held)) return held as FieldEntry;
    if (held.length <= 1) return held[0];
    const candidates = new Set(held);
    let last: FieldEntry | undefined;
    for (let item = this.#array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue;
      for (const value of item.content.getContent()) {
        if (candidates.has(value as FieldEntry)) last = value as FieldEntry;
      }
    }
    return last;
  }

  #addItem(item: Y.Item): void {
    for (const value of item.content.getContent() as unknown[]) {
      if (!isEntry(value)) continue;
      const recordId = parseFieldKey(value.key)?.recordId;
      if (recordId === undefined) continue;
      this.#assembled.delete(recordId);
      let fields = this.#records.get(recordId);
      if (fields === undefined) {
        fields = new Map();
        this.#records.set(recordId, fields);
      }
      const held = fields.get(value.key);
      if (held === undefined) fields.set(value.key, value);
      else if (Array.isArray(held)) held.push(value);
      else fields.set(value.key, [held, value]);
    }
  }

  #removeItem(item: Y.Item): void {
    for (const value of item.content.getContent() as unknown[]) {
      if (!isEntry(value)) continue;
      const recordId = parseFieldKey(value.key)?.recordId;
      const fields = recordId === undefined ? undefined : this.#records.get(recordId);
      const held = fields?.get(value.key);
      if (fields === undefined || held === undefined || recordId === undefined) continue;
      this.#assembled.delete(recordId);
      const remaining = Array.isArray(held) ? held.filter((entry) => entry !== value) : [];
      if (!Array.isArray(held) && held !== value) continue;
      if (remaining.length > 1) fields.set(value.key, remaining);
      else if (remaining.length === 1) fields.set(value.key, remaining[0] as FieldEntry);
      else fields.delete(value.key);
      if (fields.size === 0) this.#records.delete(recordId);
    }
  }
}

function isEntry(value: unknown): value is FieldEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string'
  );
}
