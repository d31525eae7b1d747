import {
  encodeFieldKey,
  type FieldEntry,
  getRecordsArray,
  type JsonValue,
  recordToEntries,
  type StoredRecord,
} from '@kohtaamo/shared';
import type * as Y from 'yjs';

/**
 * Writes one client's records into its document as the client binding
 * does (one entry per field; a change deletes the field's old entry and
 * pushes the new one in one transaction), producing the same updates on
 * the wire.
 *
 * Without a YKeyValue: that one copies the whole records array for every
 * update it receives, and fifty of them in one bench process would spend
 * the driver's CPU on themselves. A writer only ever replaces entries it
 * pushed, so it finds them among its own items of the array.
 */
export class NoteWriter {
  readonly #doc: Y.Doc;
  readonly #records: Y.Array<FieldEntry>;
  /** The entry objects last pushed, by key, which the next change of that key deletes. */
  readonly #current = new Map<string, FieldEntry>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#records = getRecordsArray(doc);
  }

  /** Puts new records on the board in one transaction. */
  create(records: readonly StoredRecord[]): void {
    const entries: FieldEntry[] = [];
    for (const record of records) {
      for (const [key, val] of recordToEntries(record)) entries.push({ key, val });
    }
    this.#doc.transact(() => this.#records.push(entries));
    for (const entry of entries) this.#current.set(entry.key, entry);
  }

  /** Replaces top-level fields (`x`) or nested ones (`props.richText`) of a record this writer created. */
  change(recordId: string, fields: Readonly<Record<string, JsonValue>>): void {
    const next: FieldEntry[] = Object.entries(fields).map(([path, val]) => {
      const dot = path.indexOf('.');
      const key =
        dot === -1
          ? encodeFieldKey(recordId, path)
          : encodeFieldKey(recordId, path.slice(0, dot), path.slice(dot + 1));
      return { key, val };
    });
    const doomed = new Set<unknown>();
    for (const entry of next) {
      const current = this.#current.get(entry.key);
      if (current !== undefined) doomed.add(current);
    }
    const indexes: number[] = [];
    let index = 0;
    const own = this.#doc.clientID;
    for (let item = this.#records._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      if (item.id.client === own) {
        item.content.getContent().forEach((value, offset) => {
          if (doomed.has(value)) indexes.push(index + offset);
        });
      }
      index += item.length;
    }
    this.#doc.transact(() => {
      for (const at of indexes.sort((a, b) => b - a)) this.#records.delete(at, 1);
      this.#records.push(next);
    });
    for (const entry of next) this.#current.set(entry.key, entry);
  }
}
