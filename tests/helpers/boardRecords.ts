import {
  createRecordsKeyValue,
  diffRecord,
  type RecordsKeyValue,
  readRecords,
  type StoredRecord,
  writeFieldChanges,
} from '@kohtaamo/shared';
import type * as Y from 'yjs';

/**
 * Writing board records into a Y.Doc laid out as the client binding writes
 * them (`docLayout`), for protocol-level tests; valid records come from
 * `@kohtaamo/shared/testing`.
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
