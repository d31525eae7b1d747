import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../protocol/docLayout.js';
import { createTemplateInstance, type GridTemplateInstance } from '../schema/templateInstance.js';
import { type ChildBox, childBox } from './childBox.js';
import { conceptCanvas } from './conceptCanvas.js';
import { journeyMap } from './journeyMap.js';
import {
  arrangeCellItems,
  type Box,
  cellMargin,
  type GridLayout,
  layoutTemplate,
  type TemplateCell,
  templateCellKey,
} from './layout.js';
import {
  cellAnchorMetaKey,
  layoutTemplateContent,
  placeInCell,
  templateNoteScale,
} from './templateContent.js';

const templateId = 'shape:journey';
// 1400 × 800: body from (210, 80), 7 stages of 170, 7 lanes of ~102.9.
const instance = createTemplateInstance(journeyMap, { w: 1400, h: 800 }) as GridTemplateInstance;
const stored = layoutTemplate(instance, journeyMap);

function cellBox(layout: GridLayout, laneId: string, stageId?: string): Box {
  const cell = layout.cells.find(
    (candidate) =>
      candidate.laneId === laneId && (candidate.kind === 'lane' || candidate.stageId === stageId),
  );
  if (!cell) throw new Error(`no cell ${laneId}/${stageId}`);
  return cell.box;
}

function note(
  id: string,
  fields: { x?: number; y?: number; rotation?: number; parentId?: string },
  props: { scale?: number; growY?: number } = {},
  anchor?: { cell: string; dx: number; dy: number; template?: string },
): StoredRecord {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: fields.x ?? 0,
    y: fields.y ?? 0,
    rotation: fields.rotation ?? 0,
    parentId: fields.parentId ?? templateId,
    props: { scale: props.scale ?? 1, growY: props.growY ?? 0 },
    meta: anchor ? { [cellAnchorMetaKey]: { template: templateId, ...anchor } } : {},
  };
}

function names(cell: TemplateCell | undefined): string | undefined {
  return cell ? templateCellKey(cell) : undefined;
}

function content(children: readonly StoredRecord[]) {
  return layoutTemplateContent(templateId, instance, journeyMap, children);
}

function overlaps(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function edges(box: ChildBox): Box {
  return { minX: box.x, minY: box.y, maxX: box.x + box.w, maxY: box.y + box.h };
}

function within(inner: Box, outer: Box): boolean {
  return (
    inner.minX >= outer.minX &&
    inner.minY >= outer.minY &&
    inner.maxX <= outer.maxX &&
    inner.maxY <= outer.maxY
  );
}

/** Every header label box and the corner of a grid layout. */
function headerBoxes(layout: GridLayout): Box[] {
  return [
    layout.corner,
    ...layout.stageHeaders.map((header) => header.box),
    ...layout.laneHeaders.map((header) => header.box),
  ];
}

describe('layoutTemplateContent: which cell a child is in', () => {
  const thoughtsPurchase = cellBox(stored, 'thoughts', 'purchase');

  it('places an unanchored note by the centre of its scaled box', () => {
    // At scale 1 its centre is 70 further right and down: in the next stage and lane.
    const x = thoughtsPurchase.minX + 80;
    const y = thoughtsPurchase.minY + 10;
    const small = note('shape:small', { x, y }, { scale: 0.3 });
    expect(names(content([small]).cellOf(small))).toBe('cell/thoughts/purchase');
    const big = note('shape:big', { x, y }, { scale: 1 });
    expect(names(content([big]).cellOf(big))).toBe('cell/feelings/customership');
  });

  it('counts growY (a note grown by its text) and a geo shape resized by w and h', () => {
    const x = thoughtsPurchase.minX + 5;
    const y = thoughtsPurchase.minY + 5;
    const grown = note('shape:grown', { x, y }, { scale: 0.4, growY: 300 });
    // 80 wide, 200 tall: its centre is 100 down, in the lane below.
    expect(names(content([grown]).cellOf(grown))).toBe('cell/feelings/purchase');
    const geo: StoredRecord = {
      id: 'shape:geo',
      typeName: 'shape',
      type: 'geo',
      x,
      y,
      rotation: 0,
      parentId: templateId,
      props: { w: 400, h: 20, growY: 0 },
      meta: {},
    };
    expect(names(content([geo]).cellOf(geo))).toBe('cell/thoughts/customership');
  });

  it('places a rotated note by the centre of its rotated box', () => {
    // A 100 × 100 note turned a quarter clockwise about its corner lies to the left of it.
    const x = thoughtsPurchase.minX + 20;
    const y = thoughtsPurchase.minY + 2;
    const turned = note('shape:turned', { x, y, rotation: Math.PI / 2 }, { scale: 0.5 });
    expect(names(content([turned]).cellOf(turned))).toBe('cell/thoughts/consideration');
    const straight = note('shape:straight', { x, y }, { scale: 0.5 });
    expect(names(content([straight]).cellOf(straight))).toBe('cell/thoughts/purchase');
  });

  it('keeps an anchored child in its anchor cell wherever its position says', () => {
    const anchored = note(
      'shape:anchored',
      { x: 0, y: 0 },
      { scale: 0.5 },
      { cell: 'cell/painPoints/loyalty', dx: 10, dy: 10 },
    );
    const layout = content([anchored]);
    expect(names(layout.cellOf(anchored))).toBe('cell/painPoints/loyalty');
    const target = layout.targetOf(anchored);
    const box = cellBox(layout.layout as GridLayout, 'painPoints', 'loyalty');
    expect(target).toEqual({ x: box.minX + 10, y: box.minY + 10 });
  });

  it("ignores another template's anchor and an anchor to a removed cell", () => {
    const x = thoughtsPurchase.minX + 10;
    const y = thoughtsPurchase.minY + 10;
    const copied = note(
      'shape:copied',
      { x, y },
      { scale: 0.3 },
      {
        template: 'shape:other',
        cell: 'cell/painPoints/loyalty',
        dx: 0,
        dy: 0,
      },
    );
    const gone = note(
      'shape:gone',
      { x, y },
      { scale: 0.3 },
      {
        cell: 'cell/painPoints/removedStage',
        dx: 0,
        dy: 0,
      },
    );
    const layout = content([copied, gone]);
    expect(names(layout.cellOf(copied))).toBe('cell/thoughts/purchase');
    expect(names(layout.cellOf(gone))).toBe('cell/thoughts/purchase');
    expect(layout.targetOf(gone)).toBeUndefined();
    // Neither takes room: the layout is the stored one.
    expect(layout.layout).toEqual(stored);
  });

  it('anchors a child where it is, and the anchor puts it back there', () => {
    const child = note(
      'shape:n',
      { x: thoughtsPurchase.minX + 12, y: thoughtsPurchase.minY + 7 },
      { scale: 0.3 },
    );
    const anchor = content([child]).anchorAt(child);
    expect(anchor).toEqual({ template: templateId, cell: 'cell/thoughts/purchase', dx: 12, dy: 7 });
    const anchored = { ...child, meta: { [cellAnchorMetaKey]: anchor } };
    expect(content([anchored]).targetOf(anchored)).toEqual({ x: child.x, y: child.y });
    expect(content([]).anchorAt(note('shape:out', { x: -500, y: 0 }))).toBeUndefined();
  });

  it('leaves templates on a template out of every cell', () => {
    const nested: StoredRecord = {
      ...note('shape:t', { x: 300, y: 200 }),
      type: 'kohtaamo-template',
    };
    expect(content([nested]).cellOf(nested)).toBeUndefined();
  });
});

describe('layoutTemplateContent: cells grow to hold their notes', () => {
  const scale = templateNoteScale(instance, journeyMap);
  const side = 200 * scale;
  const key = 'cell/thoughts/purchase';
  const a = note('shape:a', {}, { scale }, { cell: key, dx: cellMargin, dy: cellMargin });
  const b = note('shape:b', {}, { scale }, { cell: key, dx: cellMargin, dy: cellMargin });
  const below = note(
    'shape:below',
    {},
    { scale },
    { cell: 'cell/feelings/purchase', dx: 10, dy: 10 },
  );

  it('fits one note of the template scale in the smallest cell without growing', () => {
    expect(content([a]).layout).toEqual(stored);
    const smallest = Math.min(
      ...stored.cells.map(({ box }) => Math.min(box.maxX - box.minX, box.maxY - box.minY)),
    );
    expect(side + 2 * cellMargin).toBeCloseTo(smallest);
  });

  it('grows the row of a cell that got a second note, even while the notes lie on top of each other', () => {
    const layout = content([a, b]).layout as GridLayout;
    const cell = cellBox(layout, 'thoughts', 'purchase');
    // 170 wide fits one 82.9-wide column: two rows.
    expect(cell.maxY - cell.minY).toBeCloseTo(cellMargin + 2 * (side + cellMargin));
    expect(cell.maxX - cell.minX).toBeCloseTo(170);
    // The whole lane grew; the lanes below moved down by the growth, the header row stayed.
    const growth =
      cell.maxY -
      cell.minY -
      (cellBox(stored, 'thoughts', 'purchase').maxY - cellBox(stored, 'thoughts', 'purchase').minY);
    expect(cellBox(layout, 'thoughts', 'impulse').maxY).toBeCloseTo(cell.maxY);
    expect(cellBox(layout, 'feelings', 'purchase').minY).toBeCloseTo(
      cellBox(stored, 'feelings', 'purchase').minY + growth,
    );
    expect(layout.bounds.maxY).toBeCloseTo(stored.bounds.maxY + growth);
    expect(layout.body.minY).toBe(stored.body.minY);
    expect(layout.laneHeaders.find((lane) => lane.laneId === 'thoughts')?.box.maxY).toBeCloseTo(
      cell.maxY,
    );
  });

  it('keeps an anchored child of a lane below in its cell, at its place in the moved cell', () => {
    const layout = content([a, b, below]);
    const target = layout.targetOf(below);
    const cell = cellBox(layout.layout as GridLayout, 'feelings', 'purchase');
    expect(target).toEqual({ x: cell.minX + 10, y: cell.minY + 10 });
    expect(names(layout.cellOf(below))).toBe('cell/feelings/purchase');
  });

  it('grows the same whatever order the notes arrive in (two people adding at once converge)', () => {
    const c = note('shape:c', {}, { scale }, { cell: key, dx: 60, dy: 40 });
    const orders = [
      [a, b, c, below],
      [c, below, b, a],
      [below, a, c, b],
    ];
    const layouts = orders.map((order) => content(order).layout);
    expect(layouts[1]).toEqual(layouts[0]);
    expect(layouts[2]).toEqual(layouts[0]);
  });

  it('widens a column for a note wider than its cell, and grows for a note sticking out', () => {
    const wide = note(
      'shape:wide',
      {},
      { scale: 1 },
      { cell: key, dx: cellMargin, dy: cellMargin },
    );
    const layout = content([wide]).layout as GridLayout;
    const cell = cellBox(layout, 'thoughts', 'purchase');
    expect(cell.maxX - cell.minX).toBeCloseTo(200 + 2 * cellMargin);
    expect(cell.maxY - cell.minY).toBeCloseTo(200 + 2 * cellMargin);
    // Every cell of the column is as wide, and the template grew right by the same.
    expect(cellBox(layout, 'painPoints', 'purchase').maxX).toBeCloseTo(cell.maxX);
    expect(layout.bounds.maxX).toBeCloseTo(stored.bounds.maxX + (200 + 2 * cellMargin - 170));
    const low = note('shape:low', {}, { scale }, { cell: key, dx: 20, dy: 90 });
    const lowCell = cellBox(content([low]).layout as GridLayout, 'thoughts', 'purchase');
    expect(lowCell.maxY - lowCell.minY).toBeCloseTo(90 + side + cellMargin);
  });

  it('grows the spanning persona lane by its notes across the whole body', () => {
    const persona = Array.from({ length: 14 }, (_, index) =>
      note(`shape:p${index}`, {}, { scale }, { cell: 'lane/personaScenario', dx: 10, dy: 10 }),
    );
    const layout = content(persona).layout as GridLayout;
    const lane = cellBox(layout, 'personaScenario');
    // 1190 wide: 12 slots of 82.9 and their margins, so 14 notes take two rows.
    expect(lane.maxY - lane.minY).toBeCloseTo(cellMargin + 2 * (side + cellMargin));
  });

  it('never lets a note held by its cell overlap a header', () => {
    const many = Array.from({ length: 5 }, (_, index) =>
      note(`shape:m${index}`, {}, { scale }, { cell: key, dx: cellMargin, dy: cellMargin }),
    );
    const layout = content([...many, below]);
    const grid = layout.layout as GridLayout;
    const cell = cellBox(grid, 'thoughts', 'purchase');
    const places = arrangeCellItems(
      many.map((child, index) => ({ id: child.id, x: 0, y: index, w: side, h: side })),
      cell.maxX - cell.minX,
    );
    for (const place of places.values()) {
      const box = {
        minX: cell.minX + place.x,
        minY: cell.minY + place.y,
        maxX: cell.minX + place.x + side,
        maxY: cell.minY + place.y + side,
      };
      expect(within(box, cell)).toBe(true);
      for (const header of headerBoxes(grid)) expect(overlaps(box, header)).toBe(false);
    }
  });

  it('does not grow canvas fields', () => {
    const canvas = createTemplateInstance(conceptCanvas);
    const child = { ...note('shape:c', {}, { scale: 1 }, { cell: 'field/name', dx: 0, dy: 0 }) };
    const layout = layoutTemplateContent(templateId, canvas, conceptCanvas, [child]);
    expect(layout.layout).toEqual(layoutTemplate(canvas, conceptCanvas));
    expect(names(layout.cellOf(child))).toBe('field/name');
  });
});

describe('arrangeCellItems (tidy up)', () => {
  it('lines items up in reading order in equal slots, as many per row as fit', () => {
    const items = [
      { id: 'c', x: 5, y: 100, w: 50, h: 40 },
      { id: 'a', x: 80, y: 0, w: 60, h: 30 },
      { id: 'b', x: 0, y: 0, w: 40, h: 40 },
    ];
    // Slots 60 × 40; 150 wide fits two (10 + 2 × 70).
    expect(arrangeCellItems(items, 150)).toEqual(
      new Map([
        ['b', { x: 10, y: 10 }],
        ['a', { x: 80, y: 10 }],
        ['c', { x: 10, y: 60 }],
      ]),
    );
    expect(arrangeCellItems(items, 20).get('c')).toEqual({ x: 10, y: 110 });
  });
});

describe('placeInCell', () => {
  const cell = { minX: 100, minY: 100, maxX: 300, maxY: 250 };

  it('leaves an item that lies inside its cell alone', () => {
    expect(placeInCell(cell, { x: 110, y: 105, w: 100, h: 100 }, [])).toEqual({ x: 110, y: 105 });
  });

  it('moves an item hanging over a header or a neighbour just inside', () => {
    expect(placeInCell(cell, { x: 80, y: 60, w: 100, h: 100 }, [])).toEqual({ x: 110, y: 110 });
    expect(placeInCell(cell, { x: 250, y: 200, w: 100, h: 100 }, [])).toEqual({ x: 190, y: 140 });
    // Too big for the cell: top left.
    expect(placeInCell(cell, { x: 50, y: 50, w: 300, h: 300 }, [])).toEqual({ x: 110, y: 110 });
  });

  it('puts an item that would cover another into the first free slot, below the cell if need be', () => {
    const first = { x: 110, y: 110, w: 100, h: 100 };
    expect(placeInCell(cell, { x: 120, y: 120, w: 100, h: 100 }, [first])).toEqual({
      x: 110,
      y: 220,
    });
    const wide = { minX: 100, minY: 100, maxX: 400, maxY: 250 };
    expect(placeInCell(wide, { x: 120, y: 120, w: 100, h: 100 }, [first])).toEqual({
      x: 220,
      y: 110,
    });
  });
});

describe('childBox of a note placed by placeInCell', () => {
  it('lies inside the cell with the margin', () => {
    const box = childBox(note('shape:x', { x: 0, y: 0 }, { scale: 0.5 }));
    if (!box) throw new Error('no box');
    const at = placeInCell({ minX: 100, minY: 100, maxX: 300, maxY: 250 }, box, []);
    expect(within(edges({ ...box, ...at }), { minX: 110, minY: 110, maxX: 290, maxY: 240 })).toBe(
      true,
    );
  });
});
