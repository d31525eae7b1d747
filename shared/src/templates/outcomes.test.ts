import { describe, expect, it } from 'vitest';
import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import {
  createTemplateInstance,
  type GridTemplateInstance,
  renameLane,
  renameStage,
  type TemplateInstance,
} from '../schema/templateInstance.js';
import { conceptCanvas } from './conceptCanvas.js';
import { encounterModel } from './encounterModel.js';
import { fitRatingMetaKey } from './fit.js';
import { journeyMap } from './journeyMap.js';
import { type Box, type GridLayout, layoutTemplate, type Point } from './layout.js';
import {
  boardOutcomesSchema,
  childCentre,
  extractBoardOutcomes,
  type GridTemplateOutcome,
  type OutcomeItem,
  richTextToPlainText,
  type TemplateOutcome,
} from './outcomes.js';
import { serviceBlueprint } from './serviceBlueprint.js';
import { cellAnchorMetaKey, layoutTemplateContent } from './templateContent.js';
import { feelingsMetaKey, templateShapeType } from './templateShape.js';

// Synthetic tldraw records, shaped like what readRecords returns for a board.

function templateRecord(
  id: string,
  instance: TemplateInstance | unknown,
  options: { parentId?: string; index?: string; meta?: JsonObject } = {},
): StoredRecord {
  return {
    typeName: 'shape',
    id,
    type: templateShapeType,
    parentId: options.parentId ?? 'page:main',
    index: options.index ?? 'a1',
    x: 500,
    y: 300,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props: JSON.parse(JSON.stringify(instance)),
    meta: options.meta ?? {},
  };
}

function richText(...paragraphs: string[]): JsonObject {
  return {
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

interface NoteOptions {
  author?: { id: string; name: string };
  scale?: number;
  growY?: number;
}

/** A note whose centre is at `centre` (in its parent's space), as tldraw would size it. */
function noteAt(
  id: string,
  parentId: string,
  text: string,
  centre: Point,
  options: NoteOptions = {},
): StoredRecord {
  const scale = options.scale ?? 1;
  const growY = options.growY ?? 0;
  return {
    typeName: 'shape',
    id,
    type: 'note',
    parentId,
    index: 'a1',
    x: centre.x - 100 * scale,
    y: centre.y - ((200 + growY) * scale) / 2,
    rotation: 0,
    props: { richText: richText(text), scale, growY, color: 'yellow', size: 'm' },
    meta: options.author ? { authorId: options.author.id, authorName: options.author.name } : {},
  };
}

function middle(box: Box): Point {
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

function gridLayout(instance: GridTemplateInstance): GridLayout {
  return layoutTemplate(instance, journeyMap);
}

function cellBox(layout: GridLayout, laneId: string, stageId?: string): Box {
  const cell = layout.cells.find(
    (candidate) =>
      candidate.laneId === laneId && (candidate.kind === 'lane' || candidate.stageId === stageId),
  );
  if (!cell) throw new Error(`no cell ${laneId}/${stageId}`);
  return cell.box;
}

function texts(items: readonly OutcomeItem[]): string[] {
  return items.map((item) => item.text);
}

function gridOutcome(outcome: TemplateOutcome | undefined): GridTemplateOutcome {
  if (outcome?.kind !== 'grid') throw new Error('expected a grid outcome');
  return outcome;
}

function cellTexts(outcome: GridTemplateOutcome, laneId: string, stageId?: string): string[] {
  const cell = outcome.cells.find(
    (candidate) =>
      candidate.laneId === laneId && (candidate.kind === 'lane' || candidate.stageId === stageId),
  );
  return texts(cell?.items ?? []);
}

const exportedAt = new Date('2025-03-04T10:20:30.000Z');
const alice = { id: 'user-alice', name: 'Alice Ääliö' };

describe('extractBoardOutcomes on a journey map', () => {
  const instance = createTemplateInstance(journeyMap, { w: 1400, h: 800 });
  const layout = gridLayout(instance);
  const tpl = 'shape:journey';

  it('puts each note in the cell holding its centre, in reading order', () => {
    const box = cellBox(layout, 'customerActions', 'impulse');
    const records = [
      templateRecord(tpl, instance),
      noteAt('shape:n2', tpl, 'second', { x: box.maxX - 5, y: box.minY + 5 }, { scale: 0.2 }),
      noteAt('shape:n3', tpl, 'third', { x: box.minX + 5, y: box.maxY - 5 }, { scale: 0.2 }),
      noteAt('shape:n1', tpl, 'first', { x: box.minX + 5, y: box.minY + 5 }, { scale: 0.2 }),
      noteAt('shape:n4', tpl, 'thought', middle(cellBox(layout, 'thoughts', 'purchase'))),
    ];
    const board = extractBoardOutcomes(records, { locale: 'en', exportedAt });
    const outcome = gridOutcome(board.templates[0]);
    expect(cellTexts(outcome, 'customerActions', 'impulse')).toEqual(['first', 'second', 'third']);
    expect(cellTexts(outcome, 'thoughts', 'purchase')).toEqual(['thought']);
    expect(cellTexts(outcome, 'thoughts', 'impulse')).toEqual([]);
    expect(boardOutcomesSchema.safeParse(board).success).toBe(true);
  });

  it('assigns a centre on a border to the cell right of and below it', () => {
    const purchase = cellBox(layout, 'painPoints', 'purchase');
    const records = [
      templateRecord(tpl, instance),
      // On the border between consideration and purchase: purchase owns its left edge.
      noteAt(
        'shape:a',
        tpl,
        'left edge',
        { x: purchase.minX, y: middle(purchase).y },
        { scale: 0.1 },
      ),
      // On the border between feelings and pain points: pain points owns its top edge.
      noteAt(
        'shape:b',
        tpl,
        'top edge',
        { x: middle(purchase).x, y: purchase.minY },
        { scale: 0.1 },
      ),
      // On the template's outer bottom-right corner: the last cell owns it.
      noteAt('shape:c', tpl, 'outer corner', { x: instance.w, y: instance.h }, { scale: 0.1 }),
    ];
    const outcome = gridOutcome(
      extractBoardOutcomes(records, { locale: 'en', exportedAt }).templates[0],
    );
    expect(cellTexts(outcome, 'painPoints', 'purchase')).toEqual(['top edge', 'left edge']);
    expect(cellTexts(outcome, 'painPoints', 'consideration')).toEqual([]);
    expect(cellTexts(outcome, 'opportunities', 'endOfCustomership')).toEqual(['outer corner']);
    expect(outcome.unplaced).toEqual([]);
  });

  it('lists children on labels, in the corner or outside the template as unplaced', () => {
    const records = [
      templateRecord(tpl, instance),
      noteAt('shape:corner', tpl, 'corner', middle(layout.corner), { scale: 0.1 }),
      noteAt('shape:label', tpl, 'stage label', middle(layout.stageHeaders[2]?.box as Box), {
        scale: 0.1,
      }),
      noteAt('shape:outside', tpl, 'outside', { x: instance.w + 300, y: 10 }),
    ];
    const outcome = gridOutcome(
      extractBoardOutcomes(records, { locale: 'en', exportedAt }).templates[0],
    );
    expect(texts(outcome.unplaced)).toEqual(['outside', 'corner', 'stage label']);
    expect(outcome.cells.every((cell) => cell.items.length === 0)).toBe(true);
  });

  it('has one cell per stage × lane plus one per header lane', () => {
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance)], { locale: 'fi', exportedAt })
        .templates[0],
    );
    const headerLanes = journeyMap.lanes.filter((lane) => lane.kind === 'header').length;
    const otherLanes = journeyMap.lanes.length - headerLanes;
    expect(outcome.cells).toHaveLength(otherLanes * journeyMap.stages.length + headerLanes);
    expect(outcome.cells[0]).toEqual({ kind: 'lane', laneId: 'personaScenario', items: [] });
    expect(outcome.title).toBe('Asiakaspolku');
    expect(outcome.stages[0]).toEqual({ id: 'impulse', label: 'Impulssi' });
    expect(outcome.lanes[1]).toEqual({
      id: 'customerActions',
      kind: 'notes',
      label: 'Asiakkaan toiminta',
    });
  });

  it('shows renamed labels as the user typed them, in any locale', () => {
    let renamed = renameStage(instance, 'purchase', 'Tilaus verkossa');
    renamed = renameLane(renamed, 'thoughts', 'What they say');
    const board = extractBoardOutcomes([templateRecord(tpl, renamed)], {
      locale: 'en',
      exportedAt,
    });
    const outcome = gridOutcome(board.templates[0]);
    expect(outcome.stages.map((stage) => stage.label)).toContain('Tilaus verkossa');
    expect(outcome.stages[0]?.label).toBe('Impulse');
    expect(outcome.lanes.find((lane) => lane.id === 'thoughts')?.label).toBe('What they say');
  });

  it('keeps authors, and reads headers, lane cells and multi-line notes', () => {
    const scenario = cellBox(layout, 'personaScenario');
    const note = noteAt('shape:persona', tpl, '', middle(scenario), { author: alice, scale: 0.3 });
    note.props = { ...(note.props as JsonObject), richText: richText('Maija, 34', 'busy parent') };
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance), note], { locale: 'en', exportedAt })
        .templates[0],
    );
    expect(outcome.cells[0]?.items).toEqual([
      {
        shapeId: 'shape:persona',
        type: 'note',
        text: 'Maija, 34\nbusy parent',
        authorId: 'user-alice',
        authorName: 'Alice Ääliö',
      },
    ]);
  });

  it('ignores grandchildren: content inside a frame on the template stays with the frame', () => {
    const box = cellBox(layout, 'touchpoints', 'loyalty');
    const frame: StoredRecord = {
      typeName: 'shape',
      id: 'shape:frame',
      type: 'frame',
      parentId: tpl,
      index: 'a2',
      x: box.minX + 2,
      y: box.minY + 2,
      rotation: 0,
      props: { w: 40, h: 40, name: 'Loyalty ideas' },
      meta: {},
    };
    const inner = noteAt('shape:inner', 'shape:frame', 'hidden', { x: 10, y: 10 }, { scale: 0.1 });
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance), frame, inner], {
        locale: 'en',
        exportedAt,
      }).templates[0],
    );
    expect(cellTexts(outcome, 'touchpoints', 'loyalty')).toEqual(['Loyalty ideas']);
    const all = outcome.cells.flatMap((cell) => texts(cell.items));
    expect(all).not.toContain('hidden');
  });

  it('summarizes feelings per stage, with empty stages counted as 0', () => {
    const meta = { feelings: { alice: { impulse: 2, purchase: -1 }, bob: { impulse: 1 } } };
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance, { meta })], { locale: 'en', exportedAt })
        .templates[0],
    );
    expect(outcome.feelings?.laneId).toBe('feelings');
    expect(outcome.feelings?.stages).toHaveLength(journeyMap.stages.length);
    expect(outcome.feelings?.stages[0]).toEqual({
      stageId: 'impulse',
      mean: 1.5,
      min: 1,
      max: 2,
      count: 2,
    });
    expect(outcome.feelings?.stages[1]).toEqual({ stageId: 'needRecognition', count: 0 });
  });

  it('summarizes feelings written to each participant’s own meta key', () => {
    const meta = {
      [feelingsMetaKey('alice')]: { impulse: 2 },
      [feelingsMetaKey('bob')]: { impulse: -2, purchase: 1 },
      [feelingsMetaKey('carol')]: { impulse: 5 },
    };
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance, { meta })], { locale: 'en', exportedAt })
        .templates[0],
    );
    expect(outcome.feelings?.stages[0]).toEqual({
      stageId: 'impulse',
      mean: 0,
      min: -2,
      max: 2,
      count: 2,
    });
    expect(outcome.feelings?.stages.find((stage) => stage.stageId === 'purchase')).toEqual({
      stageId: 'purchase',
      mean: 1,
      min: 1,
      max: 1,
      count: 1,
    });
  });

  it('gives every stage count 0 when the feelings meta is absent or invalid', () => {
    for (const meta of [{}, { feelings: { alice: { impulse: 9 } } }]) {
      const outcome = gridOutcome(
        extractBoardOutcomes([templateRecord(tpl, instance, { meta })], {
          locale: 'en',
          exportedAt,
        }).templates[0],
      );
      expect(outcome.feelings?.stages.every((stage) => stage.count === 0)).toBe(true);
    }
  });

  it('has no feelings section for a template without a feelings lane', () => {
    const encounter = createTemplateInstance(encounterModel);
    const meta = { feelings: { alice: { noticing: 2 } } };
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord('shape:enc', encounter, { meta })], {
        locale: 'en',
        exportedAt,
      }).templates[0],
    );
    expect(outcome.feelings).toBeUndefined();
  });
});

describe('extractBoardOutcomes across the board', () => {
  const journey = createTemplateInstance(journeyMap);

  it('skips unknown template ids and invalid props without throwing', () => {
    const records = [
      templateRecord('shape:future', { ...journey, templateId: 'futureTemplate' }),
      templateRecord('shape:broken', { ...journey, stages: [] }),
      templateRecord('shape:ok', journey, { index: 'a5' }),
    ];
    const board = extractBoardOutcomes(records, { locale: 'en', exportedAt });
    expect(board.templates.map((template) => template.shapeId)).toEqual(['shape:ok']);
  });

  it('orders templates by parent, then index, and includes templates inside frames', () => {
    const records = [
      templateRecord('shape:third', journey, { parentId: 'shape:frame', index: 'a1' }),
      templateRecord('shape:second', createTemplateInstance(conceptCanvas), { index: 'a2' }),
      templateRecord('shape:first', journey, { index: 'a1V' }),
    ];
    // Fractional indexes compare by code unit: 'a1V' < 'a2', and 'page:' < 'shape:'.
    const board = extractBoardOutcomes(records, { locale: 'en', exportedAt });
    expect(board.templates.map((template) => template.shapeId)).toEqual([
      'shape:first',
      'shape:second',
      'shape:third',
    ]);
  });

  it('records the format, locale, room and export time', () => {
    const board = extractBoardOutcomes([], { locale: 'fi', roomId: 'room-123', exportedAt });
    expect(board).toEqual({
      format: 'kohtaamo-outcomes',
      version: 2,
      locale: 'fi',
      roomId: 'room-123',
      exportedAt: '2025-03-04T10:20:30.000Z',
      templates: [],
    });
  });

  it('never lists a template placed on a template as an item of it', () => {
    const outer = 'shape:outer';
    const inner = templateRecord(
      'shape:inner',
      createTemplateInstance(conceptCanvas, { w: 100, h: 100 }),
      {
        parentId: outer,
      },
    );
    inner.x = 400;
    inner.y = 400;
    const board = extractBoardOutcomes([templateRecord(outer, journey), inner], {
      locale: 'en',
      exportedAt,
    });
    expect(board.templates.map((template) => template.shapeId)).toEqual([outer, 'shape:inner']);
    const outerOutcome = gridOutcome(board.templates[0]);
    expect(outerOutcome.cells.flatMap((cell) => cell.items)).toEqual([]);
  });

  it('reads a concept canvas: fields in order, images and links, and costs', () => {
    const canvas = createTemplateInstance(conceptCanvas);
    const layout = layoutTemplate(canvas, conceptCanvas);
    const fieldBox = (fieldId: string) =>
      layout.cells.find((cell) => cell.fieldId === fieldId)?.box as Box;
    const insight = middle(fieldBox('insight'));
    const visuals = fieldBox('visuals');
    const costs = {
      costs: [{ id: 'staff', label: 'Staff', amountCents: 150_000, quantity: 2 }],
      revenues: [{ id: 'sales', label: 'Sales', amountCents: 400_000 }],
    };
    const tpl = 'shape:canvas';
    const records: StoredRecord[] = [
      templateRecord(tpl, canvas, { meta: { costs } }),
      {
        typeName: 'shape',
        id: 'shape:image',
        type: 'image',
        parentId: tpl,
        index: 'a1',
        x: insight.x - 50,
        y: insight.y - 40,
        rotation: 0,
        props: { w: 100, h: 80, assetId: 'asset:photo', altText: '' },
        meta: { authorId: 'u2', authorName: 'Bob' },
      },
      {
        typeName: 'asset',
        id: 'asset:photo',
        type: 'image',
        props: {
          src: 'https://files.example/photo.jpg',
          name: 'queue.jpg',
          mimeType: 'image/jpeg',
        },
        meta: {},
      },
      {
        typeName: 'shape',
        id: 'shape:video',
        type: 'video',
        parentId: tpl,
        index: 'a2',
        x: visuals.minX + 10,
        y: visuals.minY + 10,
        rotation: 0,
        props: { w: 160, h: 90, assetId: 'asset:clip' },
        meta: {},
      },
      {
        typeName: 'asset',
        id: 'asset:clip',
        type: 'video',
        props: { src: 'data:video/mp4;base64,AAAA', name: 'clip.mp4', mimeType: 'video/mp4' },
        meta: {},
      },
      {
        typeName: 'shape',
        id: 'shape:link',
        type: 'bookmark',
        parentId: tpl,
        index: 'a3',
        x: visuals.minX + 10,
        y: visuals.maxY - 100,
        rotation: 0,
        props: { w: 300, h: 80, url: 'https://example.fi/idea', assetId: null },
        meta: {},
      },
    ];
    const board = extractBoardOutcomes(records, { locale: 'fi', exportedAt });
    const outcome = board.templates[0];
    if (outcome?.kind !== 'canvas') throw new Error('expected a canvas');
    expect(outcome.fields.map((field) => field.id)).toEqual(
      conceptCanvas.fields.map((field) => field.id),
    );
    expect(outcome.fields[4]).toEqual({
      id: 'visuals',
      kind: 'moodboard',
      label: 'Visuaalinen toteutus',
    });
    expect(outcome.cells.find((cell) => cell.fieldId === 'insight')?.items).toEqual([
      {
        shapeId: 'shape:image',
        type: 'image',
        text: 'queue.jpg',
        authorId: 'u2',
        authorName: 'Bob',
        url: 'https://files.example/photo.jpg',
      },
    ]);
    // The data URL is a whole file, not a link: it is left out.
    expect(outcome.cells.find((cell) => cell.fieldId === 'visuals')?.items).toEqual([
      { shapeId: 'shape:video', type: 'video', text: 'clip.mp4' },
      { shapeId: 'shape:link', type: 'bookmark', text: '', url: 'https://example.fi/idea' },
    ]);
    expect(outcome.costs).toEqual({
      table: costs,
      totalCostCents: 300_000,
      totalRevenueCents: 400_000,
      marginCents: 100_000,
      marginPercent: 25,
    });
    expect(boardOutcomesSchema.safeParse(board).success).toBe(true);
  });

  it('reads the fit statement, every valid rating and their summary on a canvas', () => {
    const meta = {
      fitStatement: '  Help that comes to you  ',
      [fitRatingMetaKey('aino')]: 4,
      [fitRatingMetaKey('bertta')]: 2,
      [fitRatingMetaKey('withdrawn')]: null,
      [fitRatingMetaKey('broken')]: 6,
    };
    const board = extractBoardOutcomes(
      [templateRecord('shape:c', createTemplateInstance(conceptCanvas), { meta })],
      { locale: 'en', exportedAt },
    );
    const outcome = board.templates[0];
    if (outcome?.kind !== 'canvas') throw new Error('expected a canvas');
    expect(outcome.fit).toEqual({
      statement: 'Help that comes to you',
      rating: { n: 2, mean: 3, min: 2, max: 4 },
      ratings: { aino: 4, bertta: 2 },
    });
    expect(boardOutcomesSchema.safeParse(board).success).toBe(true);
  });

  it('reads a canvas stored as the board stores it, with empty stage, lane and line lists', () => {
    // Regression: the canvas instance schema refused these props, so board exports left every
    // concept canvas out.
    const props = { ...createTemplateInstance(conceptCanvas), stages: [], lanes: [], lines: [] };
    const meta = { costs: { costs: [], revenues: [] }, [fitRatingMetaKey('aino')]: 5 };
    const board = extractBoardOutcomes([templateRecord('shape:c', props, { meta })], {
      locale: 'en',
      exportedAt,
    });
    expect(board.templates.map((template) => template.templateId)).toEqual(['conceptCanvas']);
    const outcome = board.templates[0];
    if (outcome?.kind !== 'canvas') throw new Error('expected a canvas');
    expect(outcome.fit?.rating).toEqual({ n: 1, mean: 5, min: 5, max: 5 });
    // Non-empty lists on a canvas are still invalid props.
    const broken = { ...props, stages: [{ id: 'x', label: { kind: 'custom', text: 'X' } }] };
    expect(
      extractBoardOutcomes([templateRecord('shape:c', broken)], { locale: 'en', exportedAt })
        .templates,
    ).toEqual([]);
  });

  it('has no fit section when nobody wrote a statement or rated', () => {
    const meta = { fitStatement: '  ', [fitRatingMetaKey('aino')]: null };
    const board = extractBoardOutcomes(
      [templateRecord('shape:c', createTemplateInstance(conceptCanvas), { meta })],
      { locale: 'en', exportedAt },
    );
    const outcome = board.templates[0];
    if (outcome?.kind !== 'canvas') throw new Error('expected a canvas');
    expect(outcome.fit).toBeUndefined();
    expect('fit' in outcome).toBe(false);
  });

  it('rejects a fit summary that does not match the listed ratings', () => {
    const board = extractBoardOutcomes(
      [
        templateRecord('shape:c', createTemplateInstance(conceptCanvas), {
          meta: { [fitRatingMetaKey('aino')]: 4, [fitRatingMetaKey('bertta')]: 2 },
        }),
      ],
      { locale: 'en', exportedAt },
    );
    const [outcome] = board.templates;
    if (outcome?.kind !== 'canvas' || !outcome.fit) throw new Error('expected a fit section');
    const tampered = (fit: object) => ({ ...board, templates: [{ ...outcome, fit }] });
    expect(
      boardOutcomesSchema.safeParse(
        tampered({ ...outcome.fit, rating: { n: 2, mean: 4, min: 4, max: 4 } }),
      ).success,
    ).toBe(false);
    expect(boardOutcomesSchema.safeParse(tampered({ ratings: outcome.fit.ratings })).success).toBe(
      false,
    );
    expect(
      boardOutcomesSchema.safeParse(tampered({ ratings: {}, rating: outcome.fit.rating })).success,
    ).toBe(false);
    // A summary alone (the ratings left out) is accepted.
    expect(boardOutcomesSchema.safeParse(tampered({ rating: outcome.fit.rating })).success).toBe(
      true,
    );
    expect(boardOutcomesSchema.safeParse(tampered({ statement: '  ' })).success).toBe(false);
  });

  it('leaves costs out when meta.costs is invalid', () => {
    const meta = { costs: { costs: [{ id: 'x', label: 'x', amountCents: -1 }], revenues: [] } };
    const board = extractBoardOutcomes(
      [templateRecord('shape:c', createTemplateInstance(conceptCanvas), { meta })],
      { locale: 'en', exportedAt },
    );
    expect(board.templates[0]?.costs).toBeUndefined();
  });

  it('lists the drawn blueprint lines with their labels', () => {
    const blueprint = createTemplateInstance(serviceBlueprint);
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord('shape:bp', blueprint)], { locale: 'en', exportedAt })
        .templates[0],
    );
    expect(outcome.lines.map((line) => line.aboveLaneId)).toEqual(
      serviceBlueprint.lines.map((line) => line.aboveLaneId),
    );
    expect(outcome.lines[0]?.label).toBe(serviceBlueprint.lines[0]?.label.en);
  });
});

describe('extractBoardOutcomes puts every item in the cell the board shows', () => {
  // Regression (issue 13): the export sized notes at 200 × 200 and ignored rotation, so a small
  // or turned note near a border was exported in a different cell than the board drew it in.
  const instance = createTemplateInstance(journeyMap, { w: 1400, h: 800 });
  const tpl = 'shape:journey';
  const layout = gridLayout(instance);
  const thoughts = cellBox(layout, 'thoughts', 'purchase');
  const base = { typeName: 'shape', parentId: tpl, index: 'a1', meta: {} };
  const children: StoredRecord[] = [
    // Scaled: at 200 × 200 its centre would be in the next stage and lane.
    {
      ...base,
      id: 'shape:scaled',
      type: 'note',
      x: thoughts.minX + 80,
      y: thoughts.minY + 10,
      rotation: 0,
      props: { scale: 0.3, richText: richText('scaled') },
    },
    // Turned a quarter clockwise about its corner: it lies in the stage to the left.
    {
      ...base,
      id: 'shape:turned',
      type: 'note',
      x: thoughts.minX + 20,
      y: thoughts.minY + 2,
      rotation: Math.PI / 2,
      props: { scale: 0.5, richText: richText('turned') },
    },
    // Grown by its text: 80 × 200, reaching down into the lane below.
    {
      ...base,
      id: 'shape:grown',
      type: 'note',
      x: thoughts.minX + 5,
      y: thoughts.minY + 5,
      rotation: 0,
      props: { scale: 0.4, growY: 300, richText: richText('grown') },
    },
    // A resized rectangle reaching into the next stage.
    {
      ...base,
      id: 'shape:geo',
      type: 'geo',
      x: thoughts.minX + 5,
      y: thoughts.minY + 5,
      rotation: 0,
      props: { w: 400, h: 20, growY: 0, richText: richText('geo') },
    },
  ];
  const records = [templateRecord(tpl, instance), ...children];

  it('matches layoutTemplateContent for scaled, rotated and resized items', () => {
    const outcome = gridOutcome(
      extractBoardOutcomes(records, { locale: 'en', exportedAt }).templates[0],
    );
    const content = layoutTemplateContent(tpl, instance, journeyMap, children);
    for (const child of children) {
      const cell = content.cellOf(child);
      if (cell?.kind !== 'cell') throw new Error(`${child.id} is in no cell`);
      expect(cellTexts(outcome, cell.laneId, cell.stageId), child.id).toContain(
        child.id.slice('shape:'.length),
      );
    }
    expect(cellTexts(outcome, 'thoughts', 'purchase')).toEqual(['scaled']);
    expect(cellTexts(outcome, 'thoughts', 'consideration')).toEqual(['turned']);
    expect(cellTexts(outcome, 'feelings', 'purchase')).toEqual(['grown']);
    expect(cellTexts(outcome, 'thoughts', 'customership')).toEqual(['geo']);
  });

  it('follows cell anchors and the grown layout, like the board', () => {
    const scale = 0.4;
    const anchored = (id: string, cell: string, dy: number): StoredRecord => ({
      ...base,
      id,
      type: 'note',
      x: 0,
      y: 0,
      rotation: 0,
      props: { scale, richText: richText(id) },
      meta: { [cellAnchorMetaKey]: { template: tpl, cell, dx: 10, dy } },
    });
    // Three notes in Thoughts × Purchase make the lane grow; the note in the lane below sits at
    // its anchor in the moved cell, which the stored layout would call Thoughts.
    const notes = [
      anchored('shape:t1', 'cell/thoughts/purchase', 10),
      anchored('shape:t2', 'cell/thoughts/purchase', 100),
      anchored('shape:t3', 'cell/thoughts/purchase', 190),
      anchored('shape:f1', 'cell/feelings/purchase', 10),
    ];
    const content = layoutTemplateContent(tpl, instance, journeyMap, notes);
    const placed = notes.map((note) => ({ ...note, ...content.targetOf(note) }));
    const outcome = gridOutcome(
      extractBoardOutcomes([templateRecord(tpl, instance), ...placed], { locale: 'en', exportedAt })
        .templates[0],
    );
    expect(cellTexts(outcome, 'thoughts', 'purchase')).toEqual([
      'shape:t1',
      'shape:t2',
      'shape:t3',
    ]);
    expect(cellTexts(outcome, 'feelings', 'purchase')).toEqual(['shape:f1']);
    const f1 = placed[3] as StoredRecord;
    expect(f1.y).toBeGreaterThan(cellBox(layout, 'feelings', 'purchase').maxY);
    expect(outcome.w).toBe(1400);
  });
});

describe('childCentre', () => {
  const base = { typeName: 'shape', id: 'shape:x', parentId: 'shape:t', index: 'a1', rotation: 0 };

  it('sizes notes by scale and growY like tldraw', () => {
    expect(childCentre({ ...base, type: 'note', x: 0, y: 0, props: {} })).toEqual({
      x: 100,
      y: 100,
    });
    expect(
      childCentre({ ...base, type: 'note', x: 10, y: 20, props: { scale: 0.5, growY: 40 } }),
    ).toEqual({ x: 60, y: 20 + 60 });
  });

  it('uses w × h for geo (plus growY), images and embeds', () => {
    expect(
      childCentre({ ...base, type: 'geo', x: 0, y: 0, props: { w: 100, h: 50, growY: 10 } }),
    ).toEqual({ x: 50, y: 30 });
    expect(childCentre({ ...base, type: 'image', x: 5, y: 5, props: { w: 10, h: 20 } })).toEqual({
      x: 10,
      y: 15,
    });
  });

  it('estimates a text shape from its lines and font size', () => {
    const props = { w: 200, scale: 2, size: 's', richText: richText('one', 'two') };
    const centre = childCentre({ ...base, type: 'text', x: 0, y: 0, props });
    expect(centre?.x).toBe(200);
    expect(centre?.y).toBeCloseTo((2 * 18 * 1.35 * 2) / 2);
  });

  it('centres a rotated shape on its rotated box', () => {
    const turned = { ...base, type: 'geo', x: 500, y: 300, rotation: Math.PI / 2 };
    const centre = childCentre({ ...turned, props: { w: 200, h: 100 } });
    expect(centre?.x).toBeCloseTo(450);
    expect(centre?.y).toBeCloseTo(400);
  });

  it('treats unknown or broken sizes as a point and rejects broken positions', () => {
    expect(childCentre({ ...base, type: 'draw', x: 7, y: 8, props: { w: 'wide' } })).toEqual({
      x: 7,
      y: 8,
    });
    expect(childCentre({ ...base, type: 'note', x: Number.NaN, y: 0, props: {} })).toBeUndefined();
    expect(childCentre({ ...base, type: 'note', x: '1', y: 0, props: {} })).toBeUndefined();
  });
});

describe('richTextToPlainText', () => {
  it('joins paragraphs with newlines and keeps empty paragraphs', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'one' }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'three' }] },
      ],
    };
    expect(richTextToPlainText(doc)).toBe('one\n\nthree');
  });

  it('turns hard breaks into newlines and drops marks', () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
            { type: 'hardBreak' },
            { type: 'text', text: ' and plain' },
          ],
        },
      ],
    };
    expect(richTextToPlainText(doc)).toBe('bold\n and plain');
  });

  it('collects text inside unknown and list nodes', () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }],
            },
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }],
            },
          ],
        },
        { type: 'futureWidget', content: [{ type: 'mention', text: '@maija' }] },
      ],
    };
    expect(richTextToPlainText(doc)).toBe('a\nb\n@maija');
  });

  it.each([
    [null, ''],
    [42, ''],
    [[1, 2], ''],
    ['legacy plain text', 'legacy plain text'],
    [{ type: 'doc', content: 'not a list' }, ''],
    [{ type: 'doc', content: [null, 5, { type: 'paragraph', content: [{ text: 'ok' }] }] }, 'ok'],
  ])('copes with odd input %#', (input, expected) => {
    expect(richTextToPlainText(input)).toBe(expected);
  });

  it('stops at absurd nesting instead of overflowing the stack', () => {
    let node: JsonObject = { type: 'text', text: 'deep' };
    for (let depth = 0; depth < 10_000; depth++) node = { type: 'x', content: [node] };
    expect(() => richTextToPlainText(node)).not.toThrow();
    expect(richTextToPlainText(node)).toBe('');
  });
});
