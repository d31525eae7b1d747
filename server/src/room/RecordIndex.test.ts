import { createRecordsKeyValue, getRecordsArray } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { assembledRecordLimit, RecordIndex } from './RecordIndex.js';

const key = (field: string) => `shape:a\u001f${field}`;

describe('RecordIndex', () => {
  it('assembles records from the entries and follows sets and deletes', () => {
    const doc = new Y.Doc();
    const index = new RecordIndex(doc);
    const kv = createRecordsKeyValue(doc);
    kv.set(key('typeName'), 'shape');
    kv.set(key('id'), 'shape:a');
    kv.set(key('x'), 1);
    kv.set(key('x'), 2);
    expect(index.record('shape:a')).toEqual({ typeName: 'shape', id: 'shape:a', x: 2 });
    kv.delete(key('typeName'));
    expect(index.record('shape:a')).toBeUndefined();
    expect(index.entries('shape:a')).toEqual(
      new Map<string, unknown>([
        [key('id'), 'shape:a'],
        [key('x'), 2],
      ]),
    );
    index.dispose();
  });

  it('picks the same winner as YKeyValue when two people set one key at once, and never writes', () => {
    const server = new Y.Doc();
    const index = new RecordIndex(server);
    const a = new Y.Doc();
    const b = new Y.Doc();
    createRecordsKeyValue(a).set(key('x'), 'from a');
    createRecordsKeyValue(b).set(key('x'), 'from b');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a), 'remote');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b), 'remote');
    expect(getRecordsArray(server).length).toBe(2);
    // A client's YKeyValue over the same state decides the winner (and would delete the loser).
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
    const winner = createRecordsKeyValue(reader).get(key('x'));
    expect(index.entries('shape:a').get(key('x'))).toBe(winner);
    expect(getRecordsArray(server).length).toBe(2);
    // The reader's clean-up reaches the server: the winner stays.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(reader), 'remote');
    expect(getRecordsArray(server).length).toBe(1);
    expect(index.entries('shape:a').get(key('x'))).toBe(winner);
  });

  it('reads a document that already has entries', () => {
    const doc = new Y.Doc();
    createRecordsKeyValue(doc).set(key('y'), 5);
    expect(new RecordIndex(doc).entries('shape:a').get(key('y'))).toBe(5);
  });

  it('keeps only the records assembled last, and assembles an evicted one again correctly', () => {
    const doc = new Y.Doc();
    const kv = createRecordsKeyValue(doc);
    const count = assembledRecordLimit + 10;
    doc.transact(() => {
      for (let i = 0; i < count; i++) {
        kv.set(`shape:n${i}\u001fid`, `shape:n${i}`);
        kv.set(`shape:n${i}\u001ftypeName`, 'shape');
        kv.set(`shape:n${i}\u001fx`, i);
      }
    });
    const index = new RecordIndex(doc);
    for (let i = 0; i < count; i++) expect(index.record(`shape:n${i}`)).toMatchObject({ x: i });
    expect(index.assembledCount).toBe(assembledRecordLimit);
    // shape:n0 was evicted; a change since must show when it is assembled again.
    kv.set('shape:n0\u001fx', 42);
    expect(index.record('shape:n0')).toEqual({ id: 'shape:n0', typeName: 'shape', x: 42 });
    expect(index.assembledCount).toBe(assembledRecordLimit);
    index.dispose();
  });
});
