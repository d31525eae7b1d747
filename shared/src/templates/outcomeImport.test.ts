import { describe, expect, it } from 'vitest';
import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import {
  addLane,
  createTemplateInstance,
  renameLane,
  renameStage,
  type TemplateInstance,
} from '../schema/templateInstance.js';
import { conceptCanvas } from './conceptCanvas.js';
import { fitRatingMetaKey, fitStatementMetaKey } from './fit.js';
import { journeyMap } from './journeyMap.js';
import { type Box, cellAt, layoutTemplate, type Point } from './layout.js';
import { outcomesToJson } from './outcomeFormats.js';
import {
  outcomeToTemplateInstance,
  parseBoardOutcomes,
  plainTextToRichText,
  type RecreatedTemplate,
} from './outcomeImport.js';
import {
  type BoardOutcomes,
  extractBoardOutcomes,
  richTextToPlainText,
  type TemplateOutcome,
} from './outcomes.js';
import { serviceBlueprint } from './serviceBlueprint.js';
import { templateShapeType } from './templateShape.js';

// Synthetic board records, shaped like what readRecords returns.

function templateRecord(
  id: string,
  instance: TemplateInstance,
  index = 'a1',
  meta: JsonObject = {},
): StoredRecord {
  return {
    typeName: 'shape',
    id,
    type: templateShapeType,
    parentId: 'page:main',
    index,
    x: 0,
    y: 0,
    rotation: 0,
    props: JSON.parse(JSON.stringify(instance)),
    meta,
  };
}

function note(
  id: string,
  parentId: string,
  text: string,
  at: Point,
  scale: number,
  meta: JsonObject = {},
): StoredRecord {
  return {
    typeName: 'shape',
    id,
    type: 'note',
    parentId,
    index: 'a1',
    x: at.x,
    y: at.y,
    rotation: 0,
    props: { richText: plainTextToRichText(text), scale, growY: 0 },
    meta,
  };
}

/** A small note (scale 0.2, 40 × 40) centred at `centre`. */
function noteCentredAt(
  id: string,
  parentId: string,
  text: string,
  centre: Point,
  meta: JsonObject = {},
): StoredRecord {
  return note(id, parentId, text, { x: centre.x - 20, y: centre.y - 20 }, 0.2, meta);
}

function middle(box: Box): Point {
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

/** The records a client would create from a recreated template. */
function recreatedRecords(shapeId: string, recreated: RecreatedTemplate): StoredRecord[] {
  return [
    templateRecord(shapeId, recreated.instance, 'a1', recreated.meta),
    ...recreated.items.map(({ item, x, y, scale }, index) => {
      const meta: JsonObject = {};
      if (item.authorId !== undefined) meta.authorId = item.authorId;
      if (item.authorName !== undefined) meta.authorName = item.authorName;
      // Ids in reverse order, so that reading order must come from positions, not id tie-breaks.
      const id = `${shapeId}-item${String(999 - index).padStart(3, '0')}`;
      return note(id, shapeId, item.text, { x, y }, scale, meta);
    }),
  ];
}

/** Cell → texts, plus unplaced texts, for comparing two outcomes of the same template. */
function contentByCell(outcome: TemplateOutcome): Record<string, string[]> {
  const content: Record<string, string[]> = {};
  for (const cell of outcome.cells) {
    const key =
      cell.kind === 'field'
        ? cell.fieldId
        : cell.kind === 'lane'
          ? cell.laneId
          : `${cell.laneId}/${cell.stageId}`;
    content[key] = cell.items.map((item) => `${item.text} by ${item.authorName ?? '-'}`);
  }
  content.unplaced = outcome.unplaced.map((item) => item.text);
  return content;
}

const exportedAt = new Date('2025-05-06T07:08:09.000Z');

const canvasMeta: JsonObject = {
  costs: {
    costs: [{ id: 'rent', label: 'Vuokra', amountCents: 120_000 }],
    revenues: [
      { id: 'sales', label: 'Myynti', amountCents: 1_000, quantity: 200 },
      { id: 'tips', label: '', amountCents: 0 },
    ],
  },
  [fitStatementMetaKey]: 'Apu tulee luoksesi',
  [fitRatingMetaKey('u-alice')]: 4,
  [fitRatingMetaKey('u-bob')]: 2,
};

function sampleBoard(): BoardOutcomes {
  let journey = createTemplateInstance(journeyMap, { w: 1800, h: 1000 });
  journey = renameStage(journey, 'purchase', 'Tilaus');
  journey = renameLane(journey, 'thoughts', 'Mitä asiakas sanoo');
  journey = addLane(journey, 'Omat havainnot', { id: 'ownNotes', at: 2 });
  const journeyLayout = layoutTemplate(journey, journeyMap);
  const box = (laneId: string, stageId?: string) =>
    journeyLayout.cells.find(
      (cell) => cell.laneId === laneId && (cell.kind === 'lane' || cell.stageId === stageId),
    )?.box as Box;
  const impulse = box('customerActions', 'impulse');
  const alice = { authorId: 'u-alice', authorName: 'Alice' };

  const canvas = createTemplateInstance(conceptCanvas);
  const canvasLayout = layoutTemplate(canvas, conceptCanvas);
  const field = (fieldId: string) =>
    canvasLayout.cells.find((cell) => cell.fieldId === fieldId)?.box as Box;

  const records = [
    templateRecord('shape:journey', journey, 'a1'),
    noteCentredAt(
      'shape:j1',
      'shape:journey',
      'Näkee mainoksen',
      {
        x: impulse.minX + 30,
        y: impulse.minY + 30,
      },
      alice,
    ),
    noteCentredAt('shape:j2', 'shape:journey', 'Googlaa\n\nvertailee', {
      x: impulse.minX + 90,
      y: impulse.minY + 30,
    }),
    noteCentredAt('shape:j3', 'shape:journey', 'Kysyy kaverilta', {
      x: impulse.minX + 30,
      y: impulse.minY + 90,
    }),
    noteCentredAt(
      'shape:j4',
      'shape:journey',
      'Liian kallis?',
      middle(box('thoughts', 'purchase')),
    ),
    noteCentredAt('shape:j5', 'shape:journey', 'Maija, 34', middle(box('personaScenario'))),
    noteCentredAt(
      'shape:j6',
      'shape:journey',
      'Oma idea',
      middle(box('ownNotes', 'loyalty')),
      alice,
    ),
    noteCentredAt('shape:j7', 'shape:journey', 'Kulmassa', middle(journeyLayout.corner)),
    templateRecord('shape:canvas', canvas, 'a2', canvasMeta),
    noteCentredAt('shape:c1', 'shape:canvas', 'JonoVapaa', middle(field('name'))),
    noteCentredAt('shape:c2', 'shape:canvas', 'Jonot ärsyttävät', middle(field('insight'))),
    noteCentredAt('shape:c3', 'shape:canvas', 'Sivussa', { x: canvas.w + 100, y: 50 }),
  ];
  return extractBoardOutcomes(records, { locale: 'fi', roomId: 'room-42', exportedAt });
}

describe('parseBoardOutcomes', () => {
  it('accepts its own JSON, as text (with or without a BOM) or as a value', () => {
    const board = sampleBoard();
    const json = outcomesToJson(board);
    for (const input of [json, `\uFEFF${json}`, JSON.parse(json)]) {
      const result = parseBoardOutcomes(input);
      expect(result.success).toBe(true);
      if (result.success) expect(result.board).toEqual(board);
    }
  });

  it('explains text that is not JSON or not an outcomes file', () => {
    expect(parseBoardOutcomes('{oops')).toEqual({
      success: false,
      error: 'the file is not valid JSON',
    });
    const notOurs = parseBoardOutcomes({ format: 'tldraw', records: [] });
    expect(notOurs.success).toBe(false);
    if (!notOurs.success) expect(notOurs.error).toContain('not a Kohtaamo outcomes file');
  });

  it('imports a version 1 file (before reactions and facilitation) as the current version', () => {
    const v1 = { ...JSON.parse(outcomesToJson(sampleBoard())), version: 1 };
    const result = parseBoardOutcomes(JSON.stringify(v1));
    expect(result).toEqual({ success: true, board: { ...sampleBoard(), version: 2 } });
    if (!result.success) return;
    const recreated = result.board.templates.map(outcomeToTemplateInstance);
    expect(recreated.every((template) => template !== undefined)).toBe(true);
  });

  it('refuses a version 1 file with version 2 data in it', () => {
    const v1 = { ...JSON.parse(outcomesToJson(sampleBoard())), version: 1 };
    const withFacilitation = parseBoardOutcomes({
      ...v1,
      facilitation: { agenda: [], voteSessions: [] },
    });
    expect(withFacilitation.success).toBe(false);
    v1.templates[0].unplaced = [
      { shapeId: 'shape:x', type: 'note', text: 'x', reactions: { idea: 1 } },
    ];
    const result = parseBoardOutcomes(v1);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toContain('version 1 items have no reactions');
  });

  it('imports a version 2 file with reactions and facilitation', () => {
    const board: BoardOutcomes = {
      ...sampleBoard(),
      facilitation: {
        agenda: [{ id: 'pilot', title: 'Pilot', spentMs: 60_000, current: true }],
        voteSessions: [
          {
            status: 'notRevealed',
            id: 'v1',
            scope: 'page',
            anonymous: true,
            startedAt: '2025-05-06T07:00:00.000Z',
          },
        ],
      },
    };
    expect(parseBoardOutcomes(outcomesToJson(board))).toEqual({ success: true, board });
  });

  it('says when a file comes from a newer version', () => {
    const result = parseBoardOutcomes({ ...sampleBoard(), version: 3 });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toContain('version 3 is newer');
  });

  it('lists schema problems with their paths', () => {
    const board = JSON.parse(outcomesToJson(sampleBoard()));
    board.templates[0].cells[1].stageId = 'noSuchStage';
    board.templates[1].fields[0].label = '   ';
    const result = parseBoardOutcomes(board);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toContain('cell refers to a stage or lane that is not listed');
    expect(result.error).toContain('templates[0].cells[1]');
    expect(result.error).toContain('label must not be blank');
  });

  it('rejects duplicate stage and field ids', () => {
    const board = JSON.parse(outcomesToJson(sampleBoard()));
    board.templates[0].stages[1].id = board.templates[0].stages[0].id;
    board.templates[1].fields[1].id = board.templates[1].fields[0].id;
    const result = parseBoardOutcomes(board);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toContain('duplicate stage "impulse"');
    expect(result.error).toContain('duplicate field "name"');
  });

  it('rejects cost totals that do not match the table', () => {
    const board = sampleBoard();
    const tampered = {
      ...board,
      templates: [
        {
          ...board.templates[1],
          costs: {
            table: { costs: [{ id: 'a', label: 'A', amountCents: 100 }], revenues: [] },
            totalCostCents: 1,
            totalRevenueCents: 0,
            marginCents: -1,
          },
        },
      ],
    };
    const result = parseBoardOutcomes(tampered);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toContain('cost totals do not match');
  });
});

describe('outcomeToTemplateInstance', () => {
  it('restores default labels, keeps renames with their key, and keeps added lanes', () => {
    const outcome = sampleBoard().templates[0] as TemplateOutcome;
    const recreated = outcomeToTemplateInstance(outcome);
    const instance = recreated?.instance;
    if (instance?.kind !== 'grid') throw new Error('expected a grid instance');
    expect(instance.w).toBe(1800);
    expect(instance.h).toBe(1000);
    expect(instance.stages[0]).toEqual({
      id: 'impulse',
      label: { kind: 'default', key: 'impulse' },
    });
    expect(instance.stages.find((stage) => stage.id === 'purchase')?.label).toEqual({
      kind: 'custom',
      text: 'Tilaus',
      key: 'purchase',
    });
    expect(instance.lanes.find((lane) => lane.id === 'thoughts')?.label).toEqual({
      kind: 'custom',
      text: 'Mitä asiakas sanoo',
      key: 'thoughts',
    });
    expect(instance.lanes[2]).toEqual({
      id: 'ownNotes',
      kind: 'notes',
      label: { kind: 'custom', text: 'Omat havainnot' },
    });
    expect(instance.lanes.find((lane) => lane.id === 'feelings')?.kind).toBe('feelings');
  });

  it('treats a label equal to the default in the other language as the default', () => {
    const outcome = sampleBoard().templates[0];
    if (outcome?.kind !== 'grid') throw new Error('expected a grid outcome');
    const english = {
      ...outcome,
      stages: outcome.stages.map((stage) =>
        stage.id === 'impulse' ? { ...stage, label: 'Impulse' } : stage,
      ),
    };
    const instance = outcomeToTemplateInstance(english)?.instance;
    if (instance?.kind !== 'grid') throw new Error('expected a grid instance');
    expect(instance.stages[0]?.label).toEqual({ kind: 'default', key: 'impulse' });
  });

  it('recreates blueprint lines', () => {
    const board = extractBoardOutcomes(
      [templateRecord('shape:bp', createTemplateInstance(serviceBlueprint))],
      { locale: 'en', exportedAt },
    );
    const instance = outcomeToTemplateInstance(board.templates[0] as TemplateOutcome)?.instance;
    expect(instance).toEqual(createTemplateInstance(serviceBlueprint));
  });

  it('places every item inside its own cell, in reading order, at most note size', () => {
    const outcome = sampleBoard().templates[0] as TemplateOutcome;
    const recreated = outcomeToTemplateInstance(outcome);
    if (recreated?.instance.kind !== 'grid') throw new Error('expected a grid');
    const layout = layoutTemplate(recreated.instance, journeyMap);
    const impulseItems = recreated.items.filter(
      (placed) => placed.cell?.kind === 'cell' && placed.cell.stageId === 'impulse',
    );
    expect(impulseItems.map((placed) => placed.item.text)).toEqual([
      'Näkee mainoksen',
      'Googlaa\n\nvertailee',
      'Kysyy kaverilta',
    ]);
    for (const [index, placed] of recreated.items.entries()) {
      for (const other of recreated.items.slice(index + 1)) {
        const apart =
          placed.x + placed.size <= other.x ||
          other.x + other.size <= placed.x ||
          placed.y + placed.size <= other.y ||
          other.y + other.size <= placed.y;
        expect(apart, `${placed.item.text} / ${other.item.text} overlap`).toBe(true);
      }
      expect(placed.size).toBeLessThanOrEqual(200);
      expect(placed.scale).toBeCloseTo(placed.size / 200);
      const centre = { x: placed.x + placed.size / 2, y: placed.y + placed.size / 2 };
      const cell = cellAt(layout, centre);
      if (placed.cell === undefined) {
        expect(cell).toBeUndefined();
      } else {
        expect(cell).toMatchObject(placed.cell);
        // The whole square stays inside the cell, not just its centre.
        expect(placed.x).toBeGreaterThan(cell?.box.minX ?? Number.NaN);
        expect(placed.x + placed.size).toBeLessThan(cell?.box.maxX ?? Number.NaN);
        expect(placed.y + placed.size).toBeLessThan(cell?.box.maxY ?? Number.NaN);
      }
    }
  });

  it('shrinks items to fit a crowded cell', () => {
    const outcome = sampleBoard().templates[1];
    if (outcome?.kind !== 'canvas') throw new Error('expected a canvas outcome');
    const many = Array.from({ length: 30 }, (_, index) => ({
      shapeId: `shape:m${index}`,
      type: 'note',
      text: `idea ${index}`,
    }));
    const crowded = {
      ...outcome,
      cells: outcome.cells.map((cell) =>
        cell.fieldId === 'name' ? { ...cell, items: many } : cell,
      ),
    };
    const recreated = outcomeToTemplateInstance(crowded);
    const placed = recreated?.items.filter((entry) => entry.cell?.kind === 'field') ?? [];
    const names = placed.filter(
      (entry) => entry.cell?.kind === 'field' && entry.cell.fieldId === 'name',
    );
    expect(names).toHaveLength(30);
    expect(names[0]?.size).toBeLessThan(100);
    const layout = layoutTemplate(createTemplateInstance(conceptCanvas), conceptCanvas);
    for (const entry of names) {
      const centre = { x: entry.x + entry.size / 2, y: entry.y + entry.size / 2 };
      expect(cellAt(layout, centre)).toMatchObject({ fieldId: 'name' });
    }
  });

  it('returns undefined for a template this build does not know', () => {
    const outcome = sampleBoard().templates[1] as TemplateOutcome;
    expect(outcomeToTemplateInstance({ ...outcome, templateId: 'futureCanvas' })).toBeUndefined();
  });
});

describe('outcomeToTemplateInstance meta', () => {
  it('restores the cost table and every fit rating in its own key, and nothing for a bare grid', () => {
    const board = sampleBoard();
    const [journeyOutcome, canvasOutcome] = board.templates;
    if (!journeyOutcome || !canvasOutcome) throw new Error('expected two templates');
    expect(outcomeToTemplateInstance(canvasOutcome)?.meta).toEqual(canvasMeta);
    expect(outcomeToTemplateInstance(journeyOutcome)?.meta).toEqual({});
  });

  it('cannot restore ratings from a summary alone, but keeps the statement', () => {
    const [, canvasOutcome] = sampleBoard().templates;
    if (canvasOutcome?.kind !== 'canvas' || !canvasOutcome.fit) throw new Error('expected fit');
    const summaryOnly = {
      ...canvasOutcome,
      costs: undefined,
      fit: { statement: 'Nopea', rating: canvasOutcome.fit.rating },
    };
    expect(outcomeToTemplateInstance(summaryOnly)?.meta).toEqual({ fitStatement: 'Nopea' });
  });
});

describe('round trip: extract → JSON → parse → recreate → extract', () => {
  it('gives the same texts, authors and labels in the same cells', () => {
    const first = sampleBoard();
    const parsed = parseBoardOutcomes(JSON.parse(outcomesToJson(first)));
    if (!parsed.success) throw new Error(parsed.error);
    const records = parsed.board.templates.flatMap((outcome, index) => {
      const recreated = outcomeToTemplateInstance(outcome);
      if (!recreated) throw new Error(`cannot recreate ${outcome.templateId}`);
      return recreatedRecords(`shape:copy${index}`, recreated);
    });
    const second = extractBoardOutcomes(records, { locale: 'fi', exportedAt });

    expect(second.templates).toHaveLength(first.templates.length);
    first.templates.forEach((original, index) => {
      const copy = second.templates[index] as TemplateOutcome;
      expect(copy.templateId).toBe(original.templateId);
      expect(contentByCell(copy)).toEqual(contentByCell(original));
      if (original.kind === 'grid' && copy.kind === 'grid') {
        expect(copy.stages).toEqual(original.stages);
        expect(copy.lanes).toEqual(original.lanes);
      }
      expect(copy.costs).toEqual(original.costs);
      if (original.kind === 'canvas' && copy.kind === 'canvas') {
        expect(copy.fit).toEqual(original.fit);
      }
    });
    // The cost table and the fit survive, and they were there to survive.
    const canvasCopy = second.templates[1];
    if (canvasCopy?.kind !== 'canvas') throw new Error('expected the canvas second');
    expect(canvasCopy.costs?.marginCents).toBe(80_000);
    expect(canvasCopy.fit).toEqual({
      statement: 'Apu tulee luoksesi',
      rating: { n: 2, mean: 3, min: 2, max: 4 },
      ratings: { 'u-alice': 4, 'u-bob': 2 },
    });
    // Guard against an empty comparison passing trivially.
    expect(contentByCell(first.templates[0] as TemplateOutcome)['customerActions/impulse']).toEqual(
      ['Näkee mainoksen by Alice', 'Googlaa\n\nvertailee by -', 'Kysyy kaverilta by -'],
    );
    expect(first.templates[0]?.unplaced.map((item) => item.text)).toEqual(['Kulmassa']);
    expect(first.templates[1]?.unplaced.map((item) => item.text)).toEqual(['Sivussa']);
  });
});

describe('plainTextToRichText', () => {
  it.each(['one line', 'two\nlines', 'gap\n\nbetween', '', 'trailing\n'])(
    'round-trips %j through richTextToPlainText',
    (text) => {
      expect(richTextToPlainText(plainTextToRichText(text))).toBe(text);
    },
  );
});
