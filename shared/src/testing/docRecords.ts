import type * as Y from 'yjs';
import {
  createRecordsKeyValue,
  diffRecord,
  type RecordsKeyValue,
  readRecords,
  type StoredRecord,
  writeFieldChanges,
} from '../protocol/docLayout.js';

/**
 * Writing board records into a Y.Doc laid out as the client binding writes
 * them (`docLayout`), for tests below the UI; valid records come from
 * `boardRecords`.
 */

const keyValues = new WeakMap<Y.Doc, RecordsKeyValue>();

/** Writes the change from `prev` to `next` (either `null`) into `doc`, as the client binding does. */
export function writeRecord(
  doc: Y.Doc,
  prev: StoredRecord | null,
  next: StoredRecord | null,
): void {
  let kv = keyValues.get(doc);
  if (kv === undefined) {
    kv = createRecordsKeyValue(doc);
    keyValues.set(doc, kv);
  }
  writeFieldChanges(kv, diffRecord(prev, next), 'test');
}

/** The record `id` in `doc`, if it exists. */
export function recordIn(doc: Y.Doc, id: string): StoredRecord | undefined {
  return readRecords(doc).records.get(id);
}
