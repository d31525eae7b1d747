import { legacyStoreSchema } from '@kohtaamo/shared';
import { createTLSchema } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { classifyStoredSchema } from './schemaCompat';

const schema = createTLSchema();
const current = schema.serialize();

describe('classifyStoredSchema', () => {
  it('recognises the same, an older and a newer schema', () => {
    expect(classifyStoredSchema(schema, current)).toBe('same');
    const older = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 1 } };
    expect(classifyStoredSchema(schema, older)).toBe('older');
    const newer = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 99 } };
    expect(classifyStoredSchema(schema, newer)).toBe('newer');
  });

  it('counts a sequence this client does not know, or garbage, as newer', () => {
    const unknown = { ...current, sequences: { ...current.sequences, 'com.example.sticker': 0 } };
    expect(classifyStoredSchema(schema, unknown)).toBe('newer');
    expect(classifyStoredSchema(schema, { schemaVersion: 3 })).toBe('newer');
    expect(classifyStoredSchema(schema, 'schema')).toBe('newer');
  });

  it('never finds the legacy (first release) schema newer than this client', () => {
    expect(classifyStoredSchema(schema, legacyStoreSchema)).not.toBe('newer');
  });
});
