import { YKeyValue } from 'y-utility/y-keyvalue';
import type * as Y from 'yjs';

/**
 * The layout of a board's Y.Doc, shared by the client binding and the server
 * (which reads stored documents, e.g. for exports). Pure: no I/O, no tldraw.
 *
 * ```
 * doc.getArray('records')  a y-utility YKeyValue of field entries:
 *   `<recordId>␟typeName`      → 'shape'
 *   `<recordId>␟id`            → 'shape:abc'
 *   `<recordId>␟x`             → 120           one entry per top-level field
 *   `<recordId>␟props`         → {}            container marker of a nested object
 *   `<recordId>␟props.color`   → 'red'         one entry per key of `props`/`meta`
 * doc.getMap('meta')
 *   'schema'                   → serialized tldraw store schema
 * ```
 *
 * Records are stored field-wise so that concurrent edits of different
 * properties of one record (one user moves a shape, another recolours it)
 * both survive: each entry is last-writer-wins on its own. A record exists
 * only while its `typeName` and `id` entries exist; a deletion concurrent with
 * another user's field edit leaves that edit's entry behind as an orphan,
 * which readers ignore and writers clean up ({@link removeOrphanEntries}).
 */

/** A JSON value as stored in an entry. `undefined` members are treated as absent. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object; members whose value is `undefined` are treated as absent. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** A record as stored: any JSON object with a string `id` and `typeName`. */
export interface StoredRecord extends JsonObject {
  id: string;
  typeName: string;
}

/** Name of the top-level Y.Array holding the record field entries. */
export const recordsArrayName = 'records';

/** Name of the top-level Y.Map holding document metadata. */
export const metaMapName = 'meta';

/** Key in the meta map under which the serialized store schema is kept. */
export const schemaMetaKey = 'schema';

/**
 * Separates the record id from the field path in an entry key. U+001F (the
 * ASCII "unit separator") is a control character: tldraw ids are
 * `<typeName>:<nanoid>` or application-chosen readable strings, so it never
 * occurs in them, and {@link encodeFieldKey} refuses ids that contain it.
 * Everything after the first separator is the field path, so sub-keys may
 * contain any character.
 */
export const fieldKeySeparator = '\u001f';

/**
 * Top-level fields whose object value is split into one entry per key, so
 * that concurrent changes to different props (or meta keys) merge.
 */
export const nestedRecordFields: ReadonlySet<string> = new Set(['props', 'meta']);

/**
 * The store schema assumed for documents that have records but no stored
 * schema: boards written before the schema was stored. It is the schema of
 * Kohtaamo's first release (tldraw 5.4.2 with its default shapes) and must
 * never change, or such boards would be migrated from the wrong version.
 */
export const legacyStoreSchema: JsonObject = Object.freeze({
  schemaVersion: 2,
  sequences: Object.freeze({
    'com.tldraw.store': 5,
    'com.tldraw.asset': 1,
    'com.tldraw.camera': 1,
    'com.tldraw.document': 2,
    'com.tldraw.instance': 26,
    'com.tldraw.instance_page_state': 5,
    'com.tldraw.page': 1,
    'com.tldraw.instance_presence': 6,
    'com.tldraw.pointer': 1,
    'com.tldraw.shape': 4,
    'com.tldraw.user': 1,
    'com.tldraw.asset.image': 6,
    'com.tldraw.asset.video': 5,
    'com.tldraw.asset.bookmark': 2,
    'com.tldraw.shape.arrow': 8,
    'com.tldraw.shape.bookmark': 2,
    'com.tldraw.shape.draw': 5,
    'com.tldraw.shape.embed': 4,
    'com.tldraw.shape.frame': 1,
    'com.tldraw.shape.geo': 12,
    'com.tldraw.shape.group': 0,
    'com.tldraw.shape.highlight': 4,
    'com.tldraw.shape.image': 5,
    'com.tldraw.shape.line': 5,
    'com.tldraw.shape.note': 13,
    'com.tldraw.shape.text': 4,
    'com.tldraw.shape.video': 4,
    'com.tldraw.binding.arrow': 1,
  }),
});

/** One stored entry of the records array. */
export interface FieldEntry {
  readonly key: string;
  readonly val: JsonValue;
}

/** The YKeyValue over the records array. Create exactly one per Y.Doc: each instance observes and rewrites the array. */
export type RecordsKeyValue = YKeyValue<JsonValue>;

/** What an entry key points at. `subKey` is `null` for a top-level field or a container marker. */
export interface FieldKey {
  readonly recordId: string;
  readonly field: string;
  readonly subKey: string | null;
}

/** Field entries to write and entry keys to delete. */
export interface FieldChanges {
  readonly set: Map<string, JsonValue>;
  readonly remove: Set<string>;
}

/** Records assembled from entries, plus the keys of entries that belong to no live record. */
export interface RecordGrouping {
  readonly records: Map<string, StoredRecord>;
  readonly orphanKeys: string[];
}

/**
 * The entry key of a field of a record.
 * @throws if the id contains {@link fieldKeySeparator} or the field contains `.` or is empty.
 */
export function encodeFieldKey(recordId: string, field: string, subKey?: string): string {
  if (recordId.includes(fieldKeySeparator)) {
    throw new Error(`record id ${JSON.stringify(recordId)} contains the field key separator`);
  }
  if (field === '' || field.includes('.') || field.includes(fieldKeySeparator)) {
    throw new Error(`unsupported record field name ${JSON.stringify(field)}`);
  }
  const path = subKey === undefined ? field : `${field}.${subKey}`;
  return `${recordId}${fieldKeySeparator}${path}`;
}

/** Splits an entry key; `null` if it is not a key made by {@link encodeFieldKey}. */
export function parseFieldKey(key: string): FieldKey | null {
  const separatorAt = key.indexOf(fieldKeySeparator);
  if (separatorAt <= 0) return null;
  const recordId = key.slice(0, separatorAt);
  const path = key.slice(separatorAt + 1);
  const dotAt = path.indexOf('.');
  const field = dotAt === -1 ? path : path.slice(0, dotAt);
  if (field === '') return null;
  const subKey = dotAt === -1 ? null : path.slice(dotAt + 1);
  if (subKey !== null && !nestedRecordFields.has(field)) return null;
  return { recordId, field, subKey };
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep equality of JSON values. Object members that are `undefined` count as
 * absent, matching how values round-trip through storage.
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  for (const key of Object.keys(a)) {
    if (!jsonEqual(a[key], b[key])) return false;
  }
  for (const key of Object.keys(b)) {
    if (a[key] === undefined && b[key] !== undefined) return false;
  }
  return true;
}

/**
 * The entries that store a record: one per top-level field, and for object
 * values of {@link nestedRecordFields} a `{}` container marker plus one entry
 * per key. `undefined` fields are left out.
 */
export function recordToEntries(record: StoredRecord | JsonObject): Map<string, JsonValue> {
  const id = record.id;
  if (typeof id !== 'string') throw new Error('record has no string id');
  const entries = new Map<string, JsonValue>();
  for (const [field, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (nestedRecordFields.has(field) && isJsonObject(value)) {
      entries.set(encodeFieldKey(id, field), {});
      for (const [subKey, subValue] of Object.entries(value)) {
        if (subValue === undefined) continue;
        entries.set(encodeFieldKey(id, field, subKey), subValue);
      }
    } else {
      entries.set(encodeFieldKey(id, field), value);
    }
  }
  return entries;
}

/**
 * Groups entries into records. Later entries with the same key win. A record
 * without both `typeName` and `id` entries counts as deleted: its entries are
 * reported in `orphanKeys`, as are nested entries whose container is not an
 * object (left behind when a concurrent write replaced the container).
 */
export function entriesToRecords(entries: Iterable<readonly [string, JsonValue]>): RecordGrouping {
  const byRecord = new Map<string, Map<string, [FieldKey, JsonValue]>>();
  const orphanKeys: string[] = [];
  for (const [key, val] of entries) {
    const parsed = parseFieldKey(key);
    if (!parsed) {
      orphanKeys.push(key);
      continue;
    }
    let fields = byRecord.get(parsed.recordId);
    if (!fields) {
      fields = new Map();
      byRecord.set(parsed.recordId, fields);
    }
    fields.set(key, [parsed, val]);
  }
  const records = new Map<string, StoredRecord>();
  for (const [recordId, fields] of byRecord) {
    const record: JsonObject = {};
    for (const [parsed, val] of fields.values()) {
      if (parsed.subKey !== null) continue;
      record[parsed.field] = isJsonObject(val) && nestedRecordFields.has(parsed.field) ? {} : val;
    }
    if (typeof record.typeName !== 'string' || record.id !== recordId) {
      orphanKeys.push(...fields.keys());
      continue;
    }
    for (const [key, [parsed, val]] of fields) {
      if (parsed.subKey === null) continue;
      const container = record[parsed.field];
      if (isJsonObject(container)) container[parsed.subKey] = val;
      else orphanKeys.push(key);
    }
    records.set(recordId, record as StoredRecord);
  }
  return { records, orphanKeys };
}

/**
 * The entry changes that turn `prev` into `next` (either may be `null` for a
 * missing record): only entries whose JSON value differs are set.
 */
export function diffRecord(
  prev: StoredRecord | JsonObject | null,
  next: StoredRecord | JsonObject | null,
): FieldChanges {
  const before = prev ? recordToEntries(prev) : new Map<string, JsonValue>();
  const after = next ? recordToEntries(next) : new Map<string, JsonValue>();
  const set = new Map<string, JsonValue>();
  const remove = new Set<string>();
  for (const [key, value] of after) {
    if (!before.has(key) || !jsonEqual(before.get(key), value)) set.set(key, value);
  }
  for (const key of before.keys()) {
    if (!after.has(key)) remove.add(key);
  }
  return { set, remove };
}

/** The records array of a board document. */
export function getRecordsArray(doc: Y.Doc): Y.Array<FieldEntry> {
  return doc.getArray<FieldEntry>(recordsArrayName);
}

/** The meta map of a board document. */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(metaMapName);
}

/** Creates the YKeyValue over a document's records array. Create exactly one per Y.Doc. */
export function createRecordsKeyValue(doc: Y.Doc): RecordsKeyValue {
  return new YKeyValue<JsonValue>(getRecordsArray(doc));
}

/**
 * Reads every live record of a document without attaching observers (the
 * server can call it on a freshly loaded doc). Later duplicates of a key win,
 * as in YKeyValue.
 */
export function readRecords(doc: Y.Doc): RecordGrouping {
  const latest = new Map<string, JsonValue>();
  for (const entry of getRecordsArray(doc).toArray()) {
    latest.set(entry.key, entry.val);
  }
  return entriesToRecords(latest);
}

/** The stored serialized schema, or `undefined` if the document has none. */
export function readStoredSchema(doc: Y.Doc): unknown {
  return getMetaMap(doc).get(schemaMetaKey);
}

/**
 * Applies entry changes in one transaction with the given origin. Values equal
 * to the stored ones are skipped, so re-asserting known state costs nothing.
 * Replaced and deleted entries are found in a single pass over the array
 * (YKeyValue's own `set` scans it once per key).
 */
export function writeFieldChanges(
  kv: RecordsKeyValue,
  changes: FieldChanges,
  origin: unknown,
): void {
  const toPush: FieldEntry[] = [];
  const toDelete = new Set<string>();
  for (const [key, val] of changes.set) {
    const current = kv.map.get(key);
    if (current && jsonEqual(current.val, val)) continue;
    if (current) toDelete.add(key);
    toPush.push({ key, val });
  }
  for (const key of changes.remove) {
    if (kv.map.has(key)) toDelete.add(key);
  }
  if (toPush.length === 0 && toDelete.size === 0) return;
  kv.doc.transact(() => {
    deleteEntries(kv, toDelete);
    if (toPush.length > 0) kv.yarray.push(toPush);
  }, origin);
}

/**
 * Puts whole records into a document and removes others, in one
 * transaction, without a YKeyValue (which would observe the array for the
 * rest of the document's life): every entry of a record in `put` or
 * `removeIds` is deleted and the entries of each `put` record pushed. One
 * pass over the array, for server-side writes such as revealing a private
 * round; clients write field-wise with {@link writeFieldChanges}.
 */
export function replaceRecords(
  doc: Y.Doc,
  put: Iterable<StoredRecord>,
  removeIds: Iterable<string> = [],
  origin: unknown = null,
): void {
  const ids = new Set(removeIds);
  const entries: FieldEntry[] = [];
  for (const record of put) {
    ids.add(record.id);
    for (const [key, val] of recordToEntries(record)) entries.push({ key, val });
  }
  if (ids.size === 0) return;
  const yarray = getRecordsArray(doc);
  doc.transact(() => {
    const doomed = new Set<string>();
    for (const entry of yarray) {
      const parsed = parseFieldKey(entry.key);
      if (parsed !== null && ids.has(parsed.recordId)) doomed.add(entry.key);
    }
    deleteIndexes(yarray, doomed);
    if (entries.length > 0) yarray.push(entries);
  }, origin);
}

/**
 * Deletes the entries of records that are no longer live (see
 * {@link entriesToRecords}). Limit the work to `recordIds` when known.
 * Returns the number of entries removed.
 */
export function removeOrphanEntries(
  kv: RecordsKeyValue,
  origin: unknown,
  recordIds?: Iterable<string>,
): number {
  const wanted = recordIds ? new Set(recordIds) : null;
  const candidates: [string, JsonValue][] = [];
  for (const [key, entry] of kv.map) {
    if (wanted) {
      const parsed = parseFieldKey(key);
      if (parsed && !wanted.has(parsed.recordId)) continue;
    }
    candidates.push([key, entry.val]);
  }
  const { orphanKeys } = entriesToRecords(candidates);
  if (orphanKeys.length === 0) return 0;
  kv.doc.transact(() => deleteEntries(kv, new Set(orphanKeys)), origin);
  return orphanKeys.length;
}

function deleteEntries(kv: RecordsKeyValue, keys: ReadonlySet<string>): void {
  deleteIndexes(kv.yarray, keys);
}

/** Deletes every entry of `yarray` whose key is in `keys`. */
function deleteIndexes(yarray: Y.Array<FieldEntry>, keys: ReadonlySet<string>): void {
  if (keys.size === 0) return;
  const indexes: number[] = [];
  let index = 0;
  for (const entry of yarray) {
    if (keys.has(entry.key)) indexes.push(index);
    index++;
  }
  // Delete from the end, merging adjacent indexes, so earlier indexes stay valid.
  for (let i = indexes.length - 1; i >= 0; ) {
    let start = indexes[i] as number;
    let length = 1;
    while (i - length >= 0 && indexes[i - length] === start - 1) {
      start--;
      length++;
    }
    yarray.delete(start, length);
    i -= length;
  }
}
