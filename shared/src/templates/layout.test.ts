import { describe, expect, it } from 'vitest';
import {
  addStage,
  createTemplateInstance,
  type GridTemplateInstance,
  removeLane,
} from '../schema/templateInstance.js';
import { conceptCanvas } from './conceptCanvas.js';
import { journeyMap } from './journeyMap.js';
import {
  type Box,
  cellAt,
  type GridLayout,
  gridHeaderColumnFraction,
  gridHeaderRowFraction,
  layoutTemplate,
  type Point,
  type TemplateLayout,
} from './layout.js';
import { serviceBlueprint } from './serviceBlueprint.js';

function area(box: Box): number {
  return (box.maxX - box.minX) * (box.maxY - box.minY);
}

function overlaps(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function within(inner: Box, outer: Box): boolean {
  return (
    inner.minX >= outer.minX &&
    inner.maxX <= outer.maxX &&
    inner.minY >= outer.minY &&
    inner.maxY <= outer.maxY
  );
}

/** Cells inside `area`, pairwise disjoint, with areas adding up to it: a tiling. */
function expectTiling(boxes: readonly Box[], whole: Box): void {
  for (const [index, box] of boxes.entries()) {
    expect(within(box, whole), `box ${index} inside`).toBe(true);
    expect(area(box), `box ${index} not empty`).toBeGreaterThan(0);
    for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false);
  }
  const total = boxes.reduce((sum, box) => sum + area(box), 0);
  expect(total).toBeCloseTo(area(whole), 6);
}

function name(layout: TemplateLayout, point: Point): string | undefined {
  const cell = cellAt(layout, point);
  if (!cell) return undefined;
  if (cell.kind === 'field') return cell.fieldId;
  if (cell.kind === 'lane') return `*/${cell.laneId}`;
  return `${cell.stageId}/${cell.laneId}`;
}

function scaled(layout: GridLayout, factor: number): unknown {
  return JSON.parse(JSON.stringify(layout), (key, value) =>
    typeof value === 'number' && key !== '' ? value * factor : value,
  );
}

// An awkward size, so that borders are not round numbers.
const journey = createTemplateInstance(journeyMap, { w: 1001.3, h: 777.7 });
const journeyLayout = layoutTemplate(journey, journeyMap);

describe('layoutTemplate for grids', () => {
  it('puts the stage labels on top, the lane labels on the left and cells in the body', () => {
    const { bounds, body, corner, stageHeaders, laneHeaders } = journeyLayout;
    expect(bounds).toEqual({ minX: 0, minY: 0, maxX: 1001.3, maxY: 777.7 });
    expect(body).toEqual({
      minX: 1001.3 * gridHeaderColumnFraction,
      minY: 777.7 * gridHeaderRowFraction,
      maxX: 1001.3,
      maxY: 777.7,
    });
    expect(corner).toEqual({ minX: 0, minY: 0, maxX: body.minX, maxY: body.minY });
    expect(stageHeaders.map((header) => header.stageId)).toEqual(journey.stages.map((s) => s.id));
    expect(laneHeaders.map((header) => header.laneId)).toEqual(journey.lanes.map((l) => l.id));
    expectTiling(
      [corner, ...stageHeaders.map((h) => h.box), ...laneHeaders.map((h) => h.box), body],
      bounds,
    );
  });

  it('gives a header lane one cell across all stages and other lanes one cell per stage', () => {
    const { cells, body } = journeyLayout;
    expect(cells).toHaveLength(1 + 6 * 7);
    expect(cells[0]).toMatchObject({ kind: 'lane', laneId: 'personaScenario' });
    expect(cells[0]?.box.minX).toBe(body.minX);
    expect(cells[0]?.box.maxX).toBe(body.maxX);
    expect(cells[1]).toMatchObject({ kind: 'cell', stageId: 'impulse', laneId: 'customerActions' });
    expectTiling(
      cells.map((cell) => cell.box),
      body,
    );
  });

  it('makes neighbouring cells share bit-identical borders', () => {
    const { stageHeaders, laneHeaders, cells } = journeyLayout;
    const xs = stageHeaders.map((header) => header.box.minX);
    const ys = laneHeaders.map((header) => header.box.minY);
    for (const [index, header] of stageHeaders.slice(0, -1).entries()) {
      expect(header.box.maxX).toBe(xs[index + 1]);
    }
    for (const cell of cells) {
      if (cell.kind !== 'cell') continue;
      const stageIndex = journey.stages.findIndex((stage) => stage.id === cell.stageId);
      const laneIndex = journey.lanes.findIndex((lane) => lane.id === cell.laneId);
      expect(cell.box.minX).toBe(xs[stageIndex]);
      expect(cell.box.minY).toBe(ys[laneIndex]);
      expect(cell.box.maxX).toBe(xs[stageIndex + 1] ?? 1001.3);
      expect(cell.box.maxY).toBe(ys[laneIndex + 1] ?? 777.7);
    }
  });

  it('scales with the size', () => {
    const double = createTemplateInstance(journeyMap, { w: 2002.6, h: 1555.4 });
    expect(layoutTemplate(double, journeyMap)).toEqual(scaled(journeyLayout, 2));
    const wide = layoutTemplate({ ...journey, w: journey.w * 3 }, journeyMap);
    for (const [index, cell] of wide.cells.entries()) {
      const original = journeyLayout.cells[index]?.box;
      expect(cell.box.minX).toBeCloseTo((original?.minX ?? Number.NaN) * 3, 9);
      expect(cell.box.maxY).toBe(original?.maxY);
    }
  });

  it('follows structure edits', () => {
    const wider = addStage(journey, 'Extra', { id: 'extra' });
    const layout = layoutTemplate(wider, journeyMap);
    expect(layout.stageHeaders.at(-1)?.stageId).toBe('extra');
    expect(layout.cells).toHaveLength(1 + 6 * 8);
    expectTiling(
      layout.cells.map((cell) => cell.box),
      layout.body,
    );
  });

  it('refuses a definition the instance was not made from', () => {
    expect(() => layoutTemplate(journey, serviceBlueprint)).toThrow(/cannot be laid out/);
    const canvas = createTemplateInstance(conceptCanvas);
    expect(() => layoutTemplate(canvas, { ...journeyMap, id: 'conceptCanvas' })).toThrow(
      /cannot be laid out/,
    );
  });
});

describe('blueprint lines', () => {
  const blueprint = createTemplateInstance(serviceBlueprint);
  const layout = layoutTemplate(blueprint, serviceBlueprint);
  const laneBox = (l: GridLayout, id: string) =>
    l.laneHeaders.find((header) => header.laneId === id)?.box;

  it('sit on the border between their lanes, across the full width', () => {
    expect(layout.lines.map((line) => [line.lineId, line.aboveLaneId, line.belowLaneId])).toEqual([
      ['lineOfInteraction', 'customerActions', 'frontstage'],
      ['lineOfVisibility', 'frontstage', 'backstage'],
      ['lineOfInternalInteraction', 'backstage', 'support'],
    ]);
    for (const line of layout.lines) {
      expect(line.y).toBe(laneBox(layout, line.aboveLaneId)?.maxY);
      expect(line.y).toBe(laneBox(layout, line.belowLaneId)?.minY);
      expect([line.minX, line.maxX]).toEqual([0, blueprint.w]);
      expect(line.labelAnchor).toEqual({ x: layout.body.minX, y: line.y });
    }
  });

  it('follow lane removal', () => {
    const after = layoutTemplate(removeLane(blueprint, 'frontstage'), serviceBlueprint);
    const visibility = after.lines.find((line) => line.lineId === 'lineOfVisibility');
    expect(visibility).toMatchObject({ aboveLaneId: 'customerActions', belowLaneId: 'backstage' });
    expect(visibility?.y).toBe(laneBox(after, 'backstage')?.minY);
    expect(after.lines).toHaveLength(2);
  });

  it('are drawn top to bottom, skipping lines whose lane is gone', () => {
    const [interaction, visibility, internal] = blueprint.lines;
    const stored: GridTemplateInstance = {
      ...blueprint,
      lines: [internal, interaction, visibility].flatMap((line) => (line ? [line] : [])),
      lanes: blueprint.lanes.filter((lane) => lane.id !== 'frontstage'),
    };
    const drawn = layoutTemplate(stored, serviceBlueprint).lines;
    expect(drawn.map((line) => line.lineId)).toEqual([
      'lineOfInteraction',
      'lineOfInternalInteraction',
    ]);
  });
});

describe('cellAt on grids', () => {
  const { body, stageHeaders, laneHeaders } = journeyLayout;
  const border = stageHeaders[1]?.box.minX as number;
  const customerActionsTop = laneHeaders[1]?.box.minY as number;
  const inCustomerActions = (customerActionsTop + (laneHeaders[1]?.box.maxY as number)) / 2;

  it('finds the cell under a point', () => {
    expect(name(journeyLayout, { x: border - 1, y: inCustomerActions })).toBe(
      'impulse/customerActions',
    );
    expect(name(journeyLayout, { x: border + 1, y: inCustomerActions })).toBe(
      'needRecognition/customerActions',
    );
    expect(name(journeyLayout, { x: border, y: body.minY + 1 })).toBe('*/personaScenario');
  });

  it('gives a border to the cell right of or below it', () => {
    expect(name(journeyLayout, { x: border, y: inCustomerActions })).toBe(
      'needRecognition/customerActions',
    );
    expect(name(journeyLayout, { x: border, y: customerActionsTop })).toBe(
      'needRecognition/customerActions',
    );
    expect(name(journeyLayout, { x: body.minX, y: customerActionsTop })).toBe(
      'impulse/customerActions',
    );
  });

  it('gives the outer right and bottom edges to the last cells', () => {
    expect(name(journeyLayout, { x: body.maxX, y: body.maxY })).toBe(
      'endOfCustomership/opportunities',
    );
    expect(name(journeyLayout, { x: body.maxX, y: inCustomerActions })).toBe(
      'endOfCustomership/customerActions',
    );
  });

  it('finds nothing in the headers, outside or at non-finite points', () => {
    const misses: Point[] = [
      { x: body.minX - 1e-9, y: inCustomerActions },
      { x: border, y: body.minY - 1e-9 },
      { x: 1, y: 1 },
      { x: -1, y: inCustomerActions },
      { x: body.maxX + 1e-9, y: inCustomerActions },
      { x: border, y: body.maxY + 1e-9 },
      { x: Number.NaN, y: inCustomerActions },
      { x: border, y: Number.POSITIVE_INFINITY },
    ];
    for (const point of misses)
      expect(cellAt(journeyLayout, point), JSON.stringify(point)).toBe(undefined);
  });

  it('finds exactly the owning cell at every border crossing', () => {
    const xs = [...stageHeaders.map((h) => h.box.minX), body.maxX];
    const ys = [...laneHeaders.map((h) => h.box.minY), body.maxY];
    for (const x of xs) {
      for (const y of ys) {
        const cell = cellAt(journeyLayout, { x, y });
        expect(cell).toBeDefined();
        const box = cell?.box as Box;
        const ownsX = x >= box.minX && (x < box.maxX || x === body.maxX);
        const ownsY = y >= box.minY && (y < box.maxY || y === body.maxY);
        expect(ownsX && ownsY).toBe(true);
      }
    }
  });
});

describe('layoutTemplate and cellAt for the concept canvas', () => {
  const canvas = createTemplateInstance(conceptCanvas, { w: 1000, h: 1000 });
  const layout = layoutTemplate(canvas, conceptCanvas);

  it('puts the name across the top and the other fields in pairs', () => {
    const boxes = Object.fromEntries(layout.cells.map((cell) => [cell.fieldId, cell.box]));
    expect(layout.cells.map((cell) => cell.fieldId)).toEqual(conceptCanvas.fields.map((f) => f.id));
    expect(boxes.name).toEqual({ minX: 0, minY: 0, maxX: 1000, maxY: 100 });
    expect(boxes.insight).toEqual({ minX: 0, minY: 100, maxX: 500, maxY: 400 });
    expect(boxes.solution).toEqual({ minX: 500, minY: 100, maxX: 1000, maxY: 400 });
    expect(boxes.rationale).toEqual({ minX: 0, minY: 400, maxX: 500, maxY: 700 });
    expect(boxes.visuals).toEqual({ minX: 500, minY: 400, maxX: 1000, maxY: 700 });
    expect(boxes.fit).toEqual({ minX: 0, minY: 700, maxX: 500, maxY: 1000 });
    expect(boxes.costs).toEqual({ minX: 500, minY: 700, maxX: 1000, maxY: 1000 });
  });

  it('tiles the whole template at any size', () => {
    const odd = layoutTemplate({ ...canvas, w: 333.3, h: 777.7 }, conceptCanvas);
    expectTiling(
      odd.cells.map((cell) => cell.box),
      odd.bounds,
    );
  });

  it('finds fields, with borders going right and down', () => {
    expect(name(layout, { x: 10, y: 10 })).toBe('name');
    expect(name(layout, { x: 499.999, y: 100 })).toBe('insight');
    expect(name(layout, { x: 500, y: 100 })).toBe('solution');
    expect(name(layout, { x: 500, y: 99.999 })).toBe('name');
    expect(name(layout, { x: 0, y: 700 })).toBe('fit');
    expect(name(layout, { x: 1000, y: 1000 })).toBe('costs');
    expect(name(layout, { x: 1000.001, y: 1000 })).toBeUndefined();
    expect(name(layout, { x: 0, y: -0.001 })).toBeUndefined();
  });
});
