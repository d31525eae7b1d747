import { describe, expect, it } from 'vitest';
import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import { createTemplateInstance } from '../schema/templateInstance.js';
import { conceptCanvas } from './conceptCanvas.js';
import { journeyMap } from './journeyMap.js';
import {
  feelingsMetaKey,
  isTemplateShapeRecord,
  parseTemplateShape,
  readParticipantFeelings,
  readTemplateCosts,
  readTemplateFeelings,
  templateShapeType,
} from './templateShape.js';

function templateRecord(props: unknown, meta: JsonObject = {}): StoredRecord {
  return {
    typeName: 'shape',
    id: 'shape:template',
    type: templateShapeType,
    parentId: 'page:page',
    index: 'a1',
    x: 0,
    y: 0,
    rotation: 0,
    props: JSON.parse(JSON.stringify(props)),
    meta,
  };
}

describe('parseTemplateShape', () => {
  it('returns the instance and its definition', () => {
    const instance = createTemplateInstance(journeyMap);
    const parsed = parseTemplateShape(templateRecord(instance));
    expect(parsed?.shapeId).toBe('shape:template');
    expect(parsed?.definition).toBe(journeyMap);
    expect(parsed?.instance).toEqual(instance);
  });

  it('reads canvas templates', () => {
    const parsed = parseTemplateShape(templateRecord(createTemplateInstance(conceptCanvas)));
    expect(parsed?.definition).toBe(conceptCanvas);
  });

  it('reads a canvas stored with the board prop layout (empty stage, lane and line lists)', () => {
    const instance = createTemplateInstance(conceptCanvas);
    const parsed = parseTemplateShape(
      templateRecord({ ...instance, stages: [], lanes: [], lines: [] }),
    );
    expect(parsed?.instance).toEqual(instance);
  });

  it('refuses a canvas that carries stages', () => {
    const stages = [{ id: 'a', label: { kind: 'custom', text: 'A' } }];
    const props = { ...createTemplateInstance(conceptCanvas), stages, lanes: [], lines: [] };
    expect(parseTemplateShape(templateRecord(props))).toBeUndefined();
  });

  it.each([
    ['an unknown template id', { ...createTemplateInstance(journeyMap), templateId: 'futureMap' }],
    ['invalid props', { ...createTemplateInstance(journeyMap), w: -5 }],
    ['missing props', undefined],
    [
      'a kind that differs from the definition',
      { ...createTemplateInstance(conceptCanvas), templateId: 'journeyMap' },
    ],
  ])('returns undefined for %s', (_name, props) => {
    expect(parseTemplateShape(templateRecord(props ?? null))).toBeUndefined();
  });

  it('returns undefined for other shapes and non-shape records', () => {
    const note: StoredRecord = {
      ...templateRecord(createTemplateInstance(journeyMap)),
      type: 'note',
    };
    const page: StoredRecord = { typeName: 'page', id: 'page:page', name: 'Page 1' };
    expect(isTemplateShapeRecord(note)).toBe(false);
    expect(parseTemplateShape(note)).toBeUndefined();
    expect(parseTemplateShape(page)).toBeUndefined();
  });
});

describe('readTemplateFeelings and readTemplateCosts', () => {
  const instance = createTemplateInstance(journeyMap);

  it('read valid meta values', () => {
    const costs = { costs: [{ id: 'a', label: 'Staff', amountCents: 100 }], revenues: [] };
    const record = templateRecord(instance, { feelings: { alice: { impulse: 2 } }, costs });
    expect(readTemplateFeelings(record)).toEqual({ alice: { impulse: 2 } });
    expect(readTemplateCosts(record)).toEqual(costs);
  });

  it('ignore absent or invalid meta values', () => {
    expect(readTemplateFeelings(templateRecord(instance))).toBeUndefined();
    const record = templateRecord(instance, {
      feelings: { alice: { impulse: 7 } },
      costs: { costs: 'lots' },
    });
    expect(readTemplateFeelings(record)).toBeUndefined();
    expect(readTemplateCosts(record)).toBeUndefined();
    expect(readTemplateCosts({ ...record, meta: null })).toBeUndefined();
  });

  it('merge every participant’s own feelings key', () => {
    const record = templateRecord(instance, {
      [feelingsMetaKey('alice')]: { impulse: 2 },
      [feelingsMetaKey('bob')]: { impulse: -2, purchase: 1 },
    });
    expect(readTemplateFeelings(record)).toEqual({
      alice: { impulse: 2 },
      bob: { impulse: -2, purchase: 1 },
    });
    expect(readParticipantFeelings(record, 'bob')).toEqual({ impulse: -2, purchase: 1 });
    expect(readParticipantFeelings(record, 'carol')).toBeUndefined();
  });

  it('let a participant’s own key win over the legacy feelings object', () => {
    const record = templateRecord(instance, {
      feelings: { alice: { impulse: -1 }, bob: { purchase: 2 } },
      [feelingsMetaKey('alice')]: { impulse: 1 },
    });
    expect(readTemplateFeelings(record)).toEqual({
      alice: { impulse: 1 },
      bob: { purchase: 2 },
    });
  });

  it('skip invalid participant keys and values but keep the valid ones', () => {
    const record = templateRecord(instance, {
      [feelingsMetaKey('alice')]: { impulse: 1 },
      [feelingsMetaKey('bob')]: { impulse: 1.5 },
      [feelingsMetaKey('carol')]: 'very happy',
      [feelingsMetaKey('')]: { impulse: 2 },
      feelings: { dave: { impulse: 3 }, erin: { purchase: -2 } },
    });
    expect(readTemplateFeelings(record)).toEqual({
      alice: { impulse: 1 },
      erin: { purchase: -2 },
    });
    expect(readParticipantFeelings(record, 'bob')).toBeUndefined();
  });

  it('name the meta key after the participant', () => {
    expect(feelingsMetaKey('user-1')).toBe('feelings:user-1');
  });
});
