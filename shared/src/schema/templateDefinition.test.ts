import { describe, expect, it } from 'vitest';
import {
  type CanvasTemplateDefinition,
  canvasTemplateDefinitionSchema,
  type GridTemplateDefinition,
  gridTemplateDefinitionSchema,
  templateDefinitionSchema,
  templateItemIdSchema,
} from './templateDefinition.js';

const text = (en: string) => ({ fi: `${en} (fi)`, en });

const grid: GridTemplateDefinition = {
  kind: 'grid',
  id: 'grid',
  title: text('Grid'),
  description: text('A grid'),
  defaultSize: { w: 1000, h: 600 },
  stages: [
    { id: 's1', label: text('Stage 1') },
    { id: 's2', label: text('Stage 2') },
  ],
  lanes: [
    { id: 'a', kind: 'header', label: text('A') },
    { id: 'b', kind: 'notes', label: text('B') },
    { id: 'c', kind: 'feelings', label: text('C'), help: text('Score it') },
  ],
  lines: [{ id: 'ab', label: text('Line'), aboveLaneId: 'a', belowLaneId: 'b' }],
};

const canvas: CanvasTemplateDefinition = {
  kind: 'canvas',
  id: 'canvas',
  title: text('Canvas'),
  description: text('A canvas'),
  defaultSize: { w: 800, h: 800 },
  fields: [
    { id: 'f1', kind: 'text', label: text('F1'), help: text('First') },
    { id: 'f2', kind: 'moodboard', label: text('F2'), help: text('Second') },
    { id: 'f3', kind: 'costs', label: text('F3'), help: text('Third') },
  ],
  rows: [
    { fieldIds: ['f1'], weight: 1 },
    { fieldIds: ['f2', 'f3'], weight: 2 },
  ],
};

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe('templateItemIdSchema', () => {
  it('accepts key-safe ids and rejects others', () => {
    expect(templateItemIdSchema.safeParse('needRecognition').success).toBe(true);
    expect(templateItemIdSchema.safeParse('a-B_9').success).toBe(true);
    for (const bad of ['', 'has space', 'dot.ted', 'ä', 'a'.repeat(65)]) {
      expect(templateItemIdSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('gridTemplateDefinitionSchema', () => {
  it('accepts a valid grid unchanged', () => {
    expect(gridTemplateDefinitionSchema.parse(grid)).toEqual(grid);
  });

  it('rejects an id used by both a stage and a lane', () => {
    const result = gridTemplateDefinitionSchema.safeParse({
      ...grid,
      lanes: [...grid.lanes, { id: 's1', kind: 'notes', label: text('Clash') }],
    });
    expect(messages(result)).toContain('duplicate id "s1"');
  });

  it('rejects a line that refers to a missing lane', () => {
    const result = gridTemplateDefinitionSchema.safeParse({
      ...grid,
      lines: [{ id: 'x', label: text('X'), aboveLaneId: 'b', belowLaneId: 'nope' }],
    });
    expect(messages(result)).toEqual(['line "x" refers to a lane that does not exist']);
  });

  it.each([
    ['not adjacent', 'a', 'c'],
    ['upside down', 'b', 'a'],
    ['on one lane', 'b', 'b'],
  ])('rejects a line between lanes that are %s', (_name, aboveLaneId, belowLaneId) => {
    const result = gridTemplateDefinitionSchema.safeParse({
      ...grid,
      lines: [{ id: 'x', label: text('X'), aboveLaneId, belowLaneId }],
    });
    expect(messages(result)).toEqual([
      'line "x" must sit between adjacent lanes, upper lane first',
    ]);
  });

  it('rejects two lines on one boundary', () => {
    const result = gridTemplateDefinitionSchema.safeParse({
      ...grid,
      lines: [
        ...grid.lines,
        { id: 'ab2', label: text('Again'), aboveLaneId: 'a', belowLaneId: 'b' },
      ],
    });
    expect(messages(result)).toEqual(['two lines sit below lane "a"']);
  });

  it.each([
    ['no stages', { ...grid, stages: [] }],
    ['no lanes', { ...grid, lanes: [], lines: [] }],
    ['an unknown lane kind', { ...grid, lanes: [{ id: 'a', kind: 'emoji', label: text('A') }] }],
    ['a label missing Finnish', { ...grid, title: { en: 'Grid' } }],
    ['a tiny default size', { ...grid, defaultSize: { w: 10, h: 600 } }],
    ['an unknown property', { ...grid, colour: 'red' }],
  ])('rejects %s', (_name, value) => {
    expect(gridTemplateDefinitionSchema.safeParse(value).success).toBe(false);
  });
});

describe('canvasTemplateDefinitionSchema', () => {
  it('accepts a valid canvas unchanged', () => {
    expect(canvasTemplateDefinitionSchema.parse(canvas)).toEqual(canvas);
  });

  it.each([
    ['a field in no row', [{ fieldIds: ['f1', 'f2'], weight: 1 }]],
    [
      'a field in two rows',
      [
        { fieldIds: ['f1', 'f2'], weight: 1 },
        { fieldIds: ['f2', 'f3'], weight: 1 },
      ],
    ],
    [
      'rows out of field order',
      [
        { fieldIds: ['f2', 'f1'], weight: 1 },
        { fieldIds: ['f3'], weight: 1 },
      ],
    ],
  ])('rejects %s', (_name, rows) => {
    const result = canvasTemplateDefinitionSchema.safeParse({ ...canvas, rows });
    expect(messages(result)).toEqual(['rows must hold every field exactly once, in field order']);
  });

  it('rejects duplicate field ids', () => {
    const duplicated = { ...canvas.fields[1], id: 'f1' };
    const result = canvasTemplateDefinitionSchema.safeParse({
      ...canvas,
      fields: [canvas.fields[0], duplicated, canvas.fields[2]],
      rows: [
        { fieldIds: ['f1'], weight: 1 },
        { fieldIds: ['f1', 'f3'], weight: 2 },
      ],
    });
    expect(messages(result)).toContain('duplicate id "f1"');
  });

  it.each([
    [
      'a fractional row weight',
      { ...canvas, rows: [{ fieldIds: ['f1', 'f2', 'f3'], weight: 1.5 }] },
    ],
    ['a field without help', { ...canvas, fields: [{ id: 'f1', kind: 'text', label: text('F') }] }],
    ['an unknown field kind', { ...canvas, fields: [{ ...canvas.fields[0], kind: 'video' }] }],
  ])('rejects %s', (_name, value) => {
    expect(canvasTemplateDefinitionSchema.safeParse(value).success).toBe(false);
  });
});

describe('templateDefinitionSchema', () => {
  it('dispatches on kind', () => {
    expect(templateDefinitionSchema.parse(grid).kind).toBe('grid');
    expect(templateDefinitionSchema.parse(canvas).kind).toBe('canvas');
    expect(templateDefinitionSchema.safeParse({ ...canvas, kind: 'grid' }).success).toBe(false);
    expect(templateDefinitionSchema.safeParse({ ...grid, kind: 'list' }).success).toBe(false);
  });

  it('applies the refinements of the chosen kind', () => {
    const result = templateDefinitionSchema.safeParse({
      ...grid,
      lines: [{ id: 'x', label: text('X'), aboveLaneId: 'a', belowLaneId: 'c' }],
    });
    expect(result.success).toBe(false);
  });
});
