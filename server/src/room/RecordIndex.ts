import {
  entriesToRecords,
  type FieldEntry,
  getRecordsArray,
  type JsonValue,
  parseFieldKey,
  type StoredRecord,
} from '@kohtaamo/shared';
import * as Y from 'yjs';

/** Assembled records kept for the role checks; the records being edited now, not the board. */
export const assembledRecordLimit = 512;

/**
 * A read-only index of a board's record entries, by record id, kept
 * current by observing the records array. It resolves duplicate keys as
 * y-utility's YKeyValue does (the entry furthest right wins) but, unlike a
 * YKeyValue, never writes to the document: the server must not make edits
 * of its own.
 *
 * Memory: per record, one plain array of the entry objects the document
 * already holds (a record has a few dozen entries, so a scan by key is
 * cheap), not a map per record — on a 10,000-note board that is about a
 * quarter of the heap; and only the {@link assembledRecordLimit} records
 * assembled last are kept whole.
 */
export class RecordIndex {
  readonly #array: Y.Array<FieldEntry>;
  /** record id → its live entries, in no order (a key appears more than once only briefly, after concurrent writes). */
  readonly #records = new Map<string, FieldEntry[]>();
  readonly #observer: (event: Y.YArrayEvent<FieldEntry>) => void;
  /**
   * Assembled records (`null`: no live record), dropped when one of their
   * entries changes; least recently used first (a Map keeps insertion order).
   */
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
    const held = this.#records.get(recordId);
    if (held === undefined) return result;
    let duplicates: Map<string, FieldEntry[]> | undefined;
    for (const entry of held) {
      if (!result.has(entry.key)) {
        result.set(entry.key, entry.val);
        continue;
      }
      duplicates ??= new Map();
      if (!duplicates.has(entry.key)) duplicates.set(entry.key, sameKey(held, entry.key));
    }
    for (const [key, candidates] of duplicates ?? []) {
      const winner = this.#current(candidates);
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
      if (this.#assembled.size >= assembledRecordLimit) {
        const oldest = this.#assembled.keys().next().value;
        if (oldest !== undefined) this.#assembled.delete(oldest);
      }
    } else {
      // Most recently used goes last.
      this.#assembled.delete(recordId);
    }
    this.#assembled.set(recordId, record);
    return record ?? undefined;
  }

  /** Number of records held assembled (for tests). */
  get assembledCount(): number {
    return this.#assembled.size;
  }

  /** Whether `entry` (an object held by an item of the array) is the current value of its key. */
  isCurrent(entry: FieldEntry): boolean {
    const recordId = parseFieldKey(entry.key)?.recordId;
    const held = recordId === undefined ? undefined : this.#records.get(recordId);
    if (held === undefined) return false;
    let found = false;
    let others = false;
    for (const candidate of held) {
      if (candidate === entry) found = true;
      else if (candidate.key === entry.key) others = true;
    }
    if (!found) return false;
    return !others || this.#current(sameKey(held, entry.key)) === entry;
  }

  /**
   * The entry that wins among live entries with one key: the one furthest
   * right in the array. Several live entries for a key exist only briefly,
   * after concurrent writes and until a client's YKeyValue cleans them up,
   * so the walk over the array is rare.
   */
  #current(held: readonly FieldEntry[]): FieldEntry | undefined {
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
      const held = this.#records.get(recordId);
      if (held === undefined) this.#records.set(recordId, [value]);
      else held.push(value);
    }
  }

  #removeItem(item: Y.Item): void {
    for (const value of item.content.getContent() as unknown[]) {
      if (!isEntry(value)) continue;
      const recordId = parseFieldKey(value.key)?.recordId;
      const held = recordId === undefined ? undefined : this.#records.get(recordId);
      if (held === undefined || recordId === undefined) continue;
      const at = held.indexOf(value);
      if (at === -1) continue;
      this.#assembled.delete(recordId);
      // Order does not matter here: move the last entry into the hole.
      const last = held.pop() as FieldEntry;
      if (at < held.length) held[at] = last;
      if (held.length === 0) this.#records.delete(recordId);
    }
  }
}

function sameKey(entries: readonly FieldEntry[], key: string): FieldEntry[] {
  return entries.filter((entry) => entry.key === key);
}

function isEntry(value: unknown): value is FieldEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string'
  );
}
