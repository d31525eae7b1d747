import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createRecordsKeyValue,
  diffRecord,
  encodeFieldKey,
  entriesToRecords,
  fieldKeySeparator,
  getMetaMap,
  getRecordsArray,
  jsonEqual,
  parseFieldKey,
  type RecordsKeyValue,
  readRecords,
  readStoredSchema,
  recordToEntries,
  removeOrphanEntries,
  replaceRecords,
  type StoredRecord,
  schemaMetaKey,
  writeFieldChanges,
} from './docLayout.js';

const shape = {
  typeName: 'shape',
  id: 'shape:a',
  x: 10,
  y: 20,
  rotation: 0,
  parentId: 'page:page',
  props: { color: 'black', size: 'm', richText: { type: 'doc', content: [] } },
  meta: {},
} satisfies StoredRecord;

function key(field: string, subKey?: string): string {
  return encodeFieldKey('shape:a', field, subKey);
}

function put(kv: RecordsKeyValue, prev: StoredRecord | null, next: StoredRecord | null): void {
  writeFieldChanges(kv, diffRecord(prev, next), 'test');
}

/** Two docs with their key-values; `sync()` exchanges all missing updates both ways. */
function twoPeers() {
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  const a = createRecordsKeyValue(docA);
  const b = createRecordsKeyValue(docB);
  const sync = () => {
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA, Y.encodeStateVector(docB)));
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA)));
  };
  return { docA, docB, a, b, sync };
}

describe('field keys', () => {
  it('round-trips top-level and nested keys, sub-keys may contain dots and the separator', () => {
    expect(parseFieldKey(key('x'))).toEqual({ recordId: 'shape:a', field: 'x', subKey: null });
    expect(parseFieldKey(key('props', 'color'))).toEqual({
      recordId: 'shape:a',
      field: 'props',
      subKey: 'color',
    });
    const odd = `a.b${fieldKeySeparator}c`;
    expect(parseFieldKey(encodeFieldKey('shape:a', 'meta', odd))?.subKey).toBe(odd);
  });

  it('refuses ids containing the separator and dotted field names', () => {
    expect(() => encodeFieldKey(`shape:${fieldKeySeparator}`, 'x')).toThrow(/separator/);
    expect(() => encodeFieldKey('shape:a', 'a.b')).toThrow(/field name/);
  });

  it('does not parse foreign keys or sub-keys of non-nested fields', () => {
    expect(parseFieldKey('shape:a')).toBeNull();
    expect(parseFieldKey(`${fieldKeySeparator}x`)).toBeNull();
    expect(parseFieldKey(`shape:a${fieldKeySeparator}x.y`)).toBeNull();
  });
});

describe('records and entries', () => {
  it('splits props and meta into a container marker plus one entry per key', () => {
    const entries = recordToEntries(shape);
    expect(entries.get(key('x'))).toBe(10);
    expect(entries.get(key('props'))).toEqual({});
    expect(entries.get(key('props', 'color'))).toBe('black');
    expect(entries.get(key('meta'))).toEqual({});
    expect(entries.has(key('meta', 'anything'))).toBe(false);
  });

  it('round-trips records, keeping empty nested objects', () => {
    const page = { typeName: 'page', id: 'page:p', name: 'P', index: 'a1', meta: {} };
    const { records, orphanKeys } = entriesToRecords([
      ...recordToEntries(shape),
      ...recordToEntries(page),
    ]);
    expect(orphanKeys).toEqual([]);
    expect(records.get('shape:a')).toEqual(shape);
    expect(records.get('page:p')).toEqual(page);
  });

  it('treats a record without typeName or id as deleted and reports its entries as orphans', () => {
    const entries = recordToEntries(shape);
    entries.delete(key('typeName'));
    const { records, orphanKeys } = entriesToRecords(entries);
    expect(records.size).toBe(0);
    expect(orphanKeys.sort()).toEqual([...entries.keys()].sort());
  });

  it('reports nested entries under a non-object container as orphans', () => {
    const entries = recordToEntries(shape);
    entries.set(key('meta'), null);
    entries.set(key('meta', 'late'), 1);
    const { records, orphanKeys } = entriesToRecords(entries);
    expect(records.get('shape:a')?.meta).toBeNull();
    expect(orphanKeys).toEqual([key('meta', 'late')]);
  });
});

describe('diffRecord', () => {
  it('returns only changed fields and removed keys', () => {
    const next = {
      ...shape,
      x: 11,
      props: { color: 'red', size: 'm', richText: { type: 'doc', content: [] } },
    };
    const { set, remove } = diffRecord(shape, next);
    expect([...set]).toEqual([
      [key('x'), 11],
      [key('props', 'color'), 'red'],
    ]);
    expect(remove.size).toBe(0);
    const withoutSize = { ...next, props: { color: 'red', richText: next.props.richText } };
    expect([...diffRecord(next, withoutSize).remove]).toEqual([key('props', 'size')]);
  });

  it('compares JSON deeply, ignoring undefined members', () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(diffRecord(shape, structuredClone(shape)).set.size).toBe(0);
  });

  it('creates and deletes whole records', () => {
    expect(diffRecord(null, shape).set.size).toBe(recordToEntries(shape).size);
    expect(diffRecord(shape, null).remove.size).toBe(recordToEntries(shape).size);
  });
});

describe('documents', () => {
  it('reads records and the schema from a doc, later duplicates winning', () => {
    const doc = new Y.Doc();
    const kv = createRecordsKeyValue(doc);
    put(kv, null, shape);
    put(kv, shape, { ...shape, x: 99 });
    getMetaMap(doc).set(schemaMetaKey, { schemaVersion: 2, sequences: {} });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readRecords(copy).records.get('shape:a')?.x).toBe(99);
    expect(readStoredSchema(copy)).toEqual({ schemaVersion: 2, sequences: {} });
  });

  it('writes nothing when values are unchanged', () => {
    const doc = new Y.Doc();
    const kv = createRecordsKeyValue(doc);
    put(kv, null, shape);
    let updates = 0;
    doc.on('update', () => updates++);
    writeFieldChanges(kv, { set: recordToEntries(shape), remove: new Set() }, 'test');
    expect(updates).toBe(0);
  });

  it('keeps one array item per live entry after many updates', () => {
    const doc = new Y.Doc();
    const kv = createRecordsKeyValue(doc);
    put(kv, null, shape);
    let prev = shape;
    for (let i = 0; i < 100; i++) {
      const next = { ...prev, x: i, y: -i };
      put(kv, prev, next);
      prev = next;
    }
    expect(kv.yarray.length).toBe(recordToEntries(shape).size);
  });

  it('keeps both concurrent edits of different fields of one shape', () => {
    const { a, b, docB, sync } = twoPeers();
    put(a, null, shape);
    sync();
    put(a, shape, { ...shape, x: 300, y: 400 });
    put(b, shape, { ...shape, props: { ...shape.props, color: 'red' } });
    sync();
    for (const kv of [a, b]) {
      const record = entriesToRecords([...kv.map].map(([k, e]) => [k, e.val])).records.get(
        'shape:a',
      );
      expect(record).toMatchObject({ x: 300, y: 400, props: { color: 'red', size: 'm' } });
    }
    expect(readRecords(docB).records.get('shape:a')).toMatchObject({ x: 300, y: 400 });
  });

  it('converges on one value when both peers change the same field', () => {
    const { a, b, sync } = twoPeers();
    put(a, null, shape);
    sync();
    put(a, shape, { ...shape, x: 1 });
    put(b, shape, { ...shape, x: 2 });
    sync();
    expect(a.get(key('x'))).toBe(b.get(key('x')));
    expect(a.yarray.length).toBe(b.yarray.length);
  });

  it('treats a record deleted concurrently with an edit as deleted and cleans up the orphans', () => {
    const { a, b, docA, docB, sync } = twoPeers();
    put(a, null, shape);
    sync();
    put(a, shape, null);
    put(b, shape, { ...shape, x: 500, props: { ...shape.props, color: 'red' } });
    sync();
    expect(readRecords(docA).records.has('shape:a')).toBe(false);
    expect(readRecords(docB).records.has('shape:a')).toBe(false);
    expect(readRecords(docA).orphanKeys.length).toBeGreaterThan(0);
    expect(removeOrphanEntries(b, 'cleanup', ['shape:a'])).toBeGreaterThan(0);
    // Both peers cleaning up at once is harmless: deleting an item twice is a no-op.
    removeOrphanEntries(a, 'cleanup');
    sync();
    for (const kv of [a, b]) expect(kv.yarray.length).toBe(0);
  });

  it('lets two fresh peers create the same fixed-id record and converge on one', () => {
    const { a, b, docA, docB, sync } = twoPeers();
    const page = { typeName: 'page', id: 'page:page', name: 'Page 1', index: 'a1', meta: {} };
    put(a, null, page);
    put(b, null, page);
    sync();
    expect([...readRecords(docA).records.keys()]).toEqual(['page:page']);
    expect(readRecords(docB).records.get('page:page')).toEqual(page);
    expect(a.yarray.length).toBe(recordToEntries(page).size);
  });
});

describe('replaceRecords', () => {
  const note = (id: string, text: string): StoredRecord => ({
    id,
    typeName: 'shape',
    type: 'note',
    props: { text, color: 'yellow' },
    meta: {},
  });

  it('puts whole records, dropping fields the new version lacks, and removes others', () => {
    const doc = new Y.Doc();
    const kv = createRecordsKeyValue(doc);
    writeFieldChanges(kv, diffRecord(null, note('shape:a', 'old')), 'test');
    writeFieldChanges(kv, diffRecord(null, note('shape:b', 'gone')), 'test');
    writeFieldChanges(kv, diffRecord(null, note('shape:c', 'kept')), 'test');
    const replacement: StoredRecord = {
      id: 'shape:a',
      typeName: 'shape',
      type: 'note',
      props: { text: 'new' },
    };
    replaceRecords(doc, [replacement, note('shape:d', 'added')], ['shape:b']);
    const { records, orphanKeys } = readRecords(doc);
    expect(orphanKeys).toEqual([]);
    expect(records.get('shape:a')).toEqual(replacement);
    expect(records.has('shape:b')).toBe(false);
    expect(records.get('shape:c')).toEqual(note('shape:c', 'kept'));
    expect(records.get('shape:d')).toEqual(note('shape:d', 'added'));
    // The client's key-value view agrees: no duplicate keys are left behind.
    expect(kv.map.size).toBe(getRecordsArray(doc).length);
  });

  it('does nothing for nothing', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    replaceRecords(doc, [], []);
    expect(updates).toBe(0);
  });
});
