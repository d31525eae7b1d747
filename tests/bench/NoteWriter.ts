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
    replaceOwnEntries(this.#records, doomed, next);
    for (const entry of next) this.#current.set(entry.key, entry);
  }
}

/**
 * Deletes the entries in `doomed` (all pushed by this document's own
 * client) and pushes `next`, in one transaction: the board layout's way of
 * changing a field. The doomed entries are found among this client's own
 * items only, so a change costs a walk over the item list and no copy of
 * the array (a YKeyValue copies it on every update it receives, which ten
 * bench clients beside a measured server or browser cannot afford).
 */
export function replaceOwnEntries(
  records: Y.Array<FieldEntry>,
  doomed: ReadonlySet<unknown>,
  next: readonly FieldEntry[],
): void {
  const doc = records.doc;
  if (doc === null) throw new Error('the records array is not in a document');
  const indexes: number[] = [];
  let index = 0;
  for (let item = records._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (item.id.client === doc.clientID) {
      item.content.getContent().forEach((value, offset) => {
        if (doomed.has(value)) indexes.push(index + offset);
      });
    }
    index += item.length;
  }
  doc.transact(() => {
    for (const at of indexes.sort((a, b) => b - a)) records.delete(at, 1);
    records.push([...next]);
  });
}
