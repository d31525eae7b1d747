import type { CanvasTemplateDefinition, TemplateDefinition } from '../schema/templateDefinition.js';
import {
  type CanvasTemplateInstance,
  type GridTemplateInstance,
  normalizeLines,
  type TemplateInstance,
} from '../schema/templateInstance.js';

/**
 * Pure geometry of an inserted template, in its own coordinate space: origin
 * at the top-left corner, size `w × h`. Everything scales with the size.
 *
 * Grid templates: a header row of stage labels across the top
 * ({@link gridHeaderRowFraction} of the height), a header column of lane
 * labels down the left ({@link gridHeaderColumnFraction} of the width), and
 * the body split evenly into one column per stage and one row per lane. A
 * lane of kind `header` is one cell spanning every stage. Blueprint lines run
 * across the full width on the border between two lanes.
 *
 * Canvas templates: the definition's rows top to bottom, with heights in
 * proportion to their weights, each row's fields side by side in equal
 * widths, covering the whole template (the concept canvas: name across the
 * top, then insight + solution, rationale + visuals, fit + costs).
 *
 * Grid cells grow to hold their content (see {@link CellContents}): a
 * column is as wide as the widest need of its cells, a row as tall as the
 * tallest, so the grid stays a grid and the template grows right and down
 * from its stored size. The stored `w × h` is the size before growth; the
 * header row and column keep their size. Canvas fields never grow.
 *
 * Boxes are given by their edges rather than origin and size, and every
 * border is computed once and shared by the boxes on both sides, so
 * neighbours meet bit-exactly. A box owns its top and left edges; its bottom
 * and right edges belong to the neighbour, except on the template's outer
 * bottom and right edges, which the last box owns.
 */

/** A point in the template's coordinate space. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned rectangle given by its edges. */
export interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Share of a grid template's width taken by the lane label column. */
export const gridHeaderColumnFraction = 0.15;

/** Share of a grid template's height taken by the stage label row. */
export const gridHeaderRowFraction = 0.1;

/**
 * Space kept between a cell's border and the items in it, and between the
 * items {@link arrangeCellItems} lines up, in template units.
 */
export const cellMargin = 10;

/** An item in a cell: its size and its top-left corner relative to the cell's top-left corner. */
export interface CellItemBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * What the cells of a grid template hold, by {@link templateCellKey}: the
 * boxes of their items relative to each cell's top-left corner. A cell grows
 * to contain every item where it is, plus {@link cellMargin}, and to have
 * room for all its items side by side in {@link arrangeCellItems}' grid,
 * so a cell that got a second note is big enough for both even while they
 * lie on top of each other. Growth depends on the items only, never on the
 * order they are listed in, so everyone who has the same items computes the
 * same layout.
 */
export type CellContents = ReadonlyMap<string, readonly CellItemBox[]>;

/** The label area of one stage, in the header row. */
export interface StageHeaderLayout {
  readonly stageId: string;
  readonly box: Box;
}

/** The label area of one lane, in the header column. */
export interface LaneHeaderLayout {
  readonly laneId: string;
  readonly box: Box;
}

/** The cell of one stage in one lane. */
export interface StageLaneCell {
  readonly kind: 'cell';
  readonly stageId: string;
  readonly laneId: string;
  readonly box: Box;
}

/** The single cell of a `header` lane, spanning every stage. */
export interface LaneCell {
  readonly kind: 'lane';
  readonly laneId: string;
  readonly box: Box;
}

/** One field of a canvas template. */
export interface FieldCell {
  readonly kind: 'field';
  readonly fieldId: string;
  readonly box: Box;
}

/** Any place content can go: a grid cell, a spanning lane cell or a canvas field. */
export type TemplateCell = StageLaneCell | LaneCell | FieldCell;

/** A blueprint line: a horizontal segment at `y` and where its label goes. */
export interface LineLayout {
  readonly lineId: string;
  readonly aboveLaneId: string;
  readonly belowLaneId: string;
  readonly y: number;
  readonly minX: number;
  readonly maxX: number;
  /**
   * Where the label starts: on the line, at the left edge of the body (just
   * right of the lane labels). Draw the label left-aligned and vertically
   * centred on this point.
   */
  readonly labelAnchor: Point;
}

/** The geometry of a grid template. */
export interface GridLayout {
  readonly kind: 'grid';
  /** The whole template: (0, 0) to (w, h). */
  readonly bounds: Box;
  /** The area of the cells: everything right of the lane labels and below the stage labels. */
  readonly body: Box;
  /** The empty top-left corner where the header row and column meet. */
  readonly corner: Box;
  /** In stage order. */
  readonly stageHeaders: readonly StageHeaderLayout[];
  /** In lane order. */
  readonly laneHeaders: readonly LaneHeaderLayout[];
  /** Lane by lane, each lane's cells in stage order. */
  readonly cells: readonly (StageLaneCell | LaneCell)[];
  /** The drawable lines (see `normalizeLines`), top to bottom. */
  readonly lines: readonly LineLayout[];
}

/** The geometry of a canvas template. */
export interface CanvasLayout {
  readonly kind: 'canvas';
  /** The whole template: (0, 0) to (w, h). */
  readonly bounds: Box;
  /** In field order. */
  readonly cells: readonly FieldCell[];
}

/** The geometry of any template. */
export type TemplateLayout = GridLayout | CanvasLayout;

/**
 * The geometry of an instance drawn with its definition, its grid cells
 * grown to hold `contents` (none: the stored size).
 * @throws if the instance was not created from this definition.
 */
export function layoutTemplate(
  instance: GridTemplateInstance,
  definition: TemplateDefinition,
  contents?: CellContents,
): GridLayout;
export function layoutTemplate(
  instance: CanvasTemplateInstance,
  definition: TemplateDefinition,
  contents?: CellContents,
): CanvasLayout;
export function layoutTemplate(
  instance: TemplateInstance,
  definition: TemplateDefinition,
  contents?: CellContents,
): TemplateLayout;
export function layoutTemplate(
  instance: TemplateInstance,
  definition: TemplateDefinition,
  contents?: CellContents,
): TemplateLayout {
  if (instance.templateId === definition.id) {
    if (instance.kind === 'grid' && definition.kind === 'grid') {
      return layoutGrid(instance, contents);
    }
    if (instance.kind === 'canvas' && definition.kind === 'canvas') {
      return layoutCanvas(instance, definition);
    }
  }
  throw new Error(
    `instance of template "${instance.templateId}" (${instance.kind}) cannot be laid out with definition "${definition.id}" (${definition.kind})`,
  );
}

/**
 * The cell or field containing `point`, or `undefined` for header areas,
 * points outside the template and non-finite coordinates. Borders follow the
 * ownership rule in the module comment, so every point of the body has
 * exactly one cell.
 */
export function cellAt<L extends TemplateLayout>(
  layout: L,
  point: Point,
): L['cells'][number] | undefined {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return undefined;
  const { bounds } = layout;
  const cells: readonly L['cells'][number][] = layout.cells;
  return cells.find(
    (cell) =>
      owns(cell.box.minX, cell.box.maxX, bounds.maxX, point.x) &&
      owns(cell.box.minY, cell.box.maxY, bounds.maxY, point.y),
  );
}

function owns(min: number, max: number, outerMax: number, value: number): boolean {
  return value >= min && (value < max || (value === max && max === outerMax));
}

function layoutGrid(instance: GridTemplateInstance, contents?: CellContents): GridLayout {
  const { w, h } = instance;
  const storedBody = box(w * gridHeaderColumnFraction, h * gridHeaderRowFraction, w, h);
  const storedXs = splitEdges(
    storedBody.minX,
    storedBody.maxX,
    instance.stages.map(() => 1),
  );
  const storedYs = splitEdges(
    storedBody.minY,
    storedBody.maxY,
    instance.lanes.map(() => 1),
  );
  const { xs, ys } = contents?.size
    ? grownEdges(instance, storedXs, storedYs, contents)
    : { xs: storedXs, ys: storedYs };
  const maxX = xs[xs.length - 1] as number;
  const maxY = ys[ys.length - 1] as number;
  const bounds = box(0, 0, maxX, maxY);
  const body = box(storedBody.minX, storedBody.minY, maxX, maxY);
  const column = (index: number) => [xs[index] as number, xs[index + 1] as number] as const;
  const row = (index: number) => [ys[index] as number, ys[index + 1] as number] as const;

  const stageHeaders = instance.stages.map((stage, index) => {
    const [minX, maxX] = column(index);
    return { stageId: stage.id, box: box(minX, 0, maxX, body.minY) };
  });
  const laneHeaders = instance.lanes.map((lane, index) => {
    const [minY, maxY] = row(index);
    return { laneId: lane.id, box: box(0, minY, body.minX, maxY) };
  });
  const cells = instance.lanes.flatMap((lane, laneIndex): (StageLaneCell | LaneCell)[] => {
    const [minY, maxY] = row(laneIndex);
    if (lane.kind === 'header') {
      return [{ kind: 'lane', laneId: lane.id, box: box(body.minX, minY, body.maxX, maxY) }];
    }
    return instance.stages.map((stage, stageIndex) => {
      const [minX, maxX] = column(stageIndex);
      return { kind: 'cell', stageId: stage.id, laneId: lane.id, box: box(minX, minY, maxX, maxY) };
    });
  });

  const laneIndex = new Map(instance.lanes.map((lane, index) => [lane.id, index]));
  const lines = normalizeLines(instance.lanes, instance.lines)
    .map((line): LineLayout => {
      const index = laneIndex.get(line.aboveLaneId) as number;
      const y = ys[index + 1] as number;
      return {
        lineId: line.id,
        aboveLaneId: line.aboveLaneId,
        belowLaneId: (instance.lanes[index + 1] as { id: string }).id,
        y,
        minX: bounds.minX,
        maxX: bounds.maxX,
        labelAnchor: { x: body.minX, y },
      };
    })
    .sort((a, b) => a.y - b.y);

  return {
    kind: 'grid',
    bounds,
    body,
    corner: box(0, 0, body.minX, body.minY),
    stageHeaders,
    laneHeaders,
    cells,
    lines,
  };
}

/**
 * The column and row edges once every cell holds its items. Columns grow
 * first (to the widest item and its margins), then rows, given the grown
 * column widths: a cell's grid of items wraps at its final width, so
 * {@link arrangeCellItems} in the grown cell never needs more room than was
 * given. A stored edge moves only by the growth before it, so a template
 * without growth keeps its exact edges.
 */
function grownEdges(
  instance: GridTemplateInstance,
  storedXs: readonly number[],
  storedYs: readonly number[],
  contents: CellContents,
): { xs: number[]; ys: number[] } {
  const widths = instance.stages.map((_, index) => size(storedXs, index));
  const heights = instance.lanes.map((_, index) => size(storedYs, index));
  for (const lane of instance.lanes) {
    if (lane.kind === 'header') continue;
    instance.stages.forEach((stage, stageIndex) => {
      const items = contents.get(
        templateCellKey({ kind: 'cell', laneId: lane.id, stageId: stage.id }),
      );
      if (items?.length) {
        widths[stageIndex] = Math.max(widths[stageIndex] as number, neededWidth(items));
      }
    });
  }
  const bodyWidth = widths.reduce((sum, width) => sum + width, 0);
  instance.lanes.forEach((lane, laneIndex) => {
    const needs =
      lane.kind === 'header'
        ? [
            neededHeight(
              contents.get(templateCellKey({ kind: 'lane', laneId: lane.id })),
              bodyWidth,
            ),
          ]
        : instance.stages.map((stage, stageIndex) =>
            neededHeight(
              contents.get(templateCellKey({ kind: 'cell', laneId: lane.id, stageId: stage.id })),
              widths[stageIndex] as number,
            ),
          );
    heights[laneIndex] = Math.max(heights[laneIndex] as number, ...needs);
  });
  return { xs: grow(storedXs, widths), ys: grow(storedYs, heights) };
}

function size(edges: readonly number[], index: number): number {
  return (edges[index + 1] as number) - (edges[index] as number);
}

/** Edges with the parts grown to `sizes`: each edge moves by the growth of the parts before it. */
function grow(edges: readonly number[], sizes: readonly number[]): number[] {
  let growth = 0;
  return edges.map((edge, index) => {
    if (index > 0) growth += Math.max(0, (sizes[index - 1] as number) - size(edges, index - 1));
    return edge + growth;
  });
}

/** The width a cell needs for its items: each where it is, and the widest in a column of its own. */
function neededWidth(items: readonly CellItemBox[]): number {
  let width = 0;
  for (const item of items) {
    width = Math.max(width, item.x + item.w + cellMargin, item.w + 2 * cellMargin);
  }
  return width;
}

/** The height a cell of `width` needs: each item where it is, and all in the grid of {@link arrangeCellItems}. */
function neededHeight(items: readonly CellItemBox[] | undefined, width: number): number {
  if (!items?.length) return 0;
  let height = cellItemGrid(items, width).h;
  for (const item of items) height = Math.max(height, item.y + item.h + cellMargin);
  return height;
}

/** The tidy grid of a cell: equal slots as big as its largest item, as many per row as fit. */
interface CellItemGrid {
  readonly columns: number;
  readonly slotW: number;
  readonly slotH: number;
  /** The size the grid takes, margins included. */
  readonly w: number;
  readonly h: number;
}

function cellItemGrid(items: readonly { w: number; h: number }[], width: number): CellItemGrid {
  const slotW = Math.max(0, ...items.map((item) => item.w));
  const slotH = Math.max(0, ...items.map((item) => item.h));
  const fit = Math.floor((width - cellMargin) / (slotW + cellMargin));
  const columns = Math.max(1, Math.min(items.length, Number.isFinite(fit) ? fit : 1));
  const rows = Math.ceil(items.length / columns);
  return {
    columns,
    slotW,
    slotH,
    w: cellMargin + columns * (slotW + cellMargin),
    h: cellMargin + rows * (slotH + cellMargin),
  };
}

/** An item to arrange, with its current place relative to its cell (for the reading order). */
export interface ArrangeableItem extends CellItemBox {
  readonly id: string;
}

/**
 * "Tidy up": the places of a cell's items in a grid of equal slots (as big
 * as the largest item), left to right and top to bottom in reading order,
 * starting {@link cellMargin} from the cell's top-left corner. Reading
 * order: items whose tops lie within half a slot of the topmost remaining
 * item's top form a row, read left to right (ties by id). As many slots per
 * row as fit `width`, at least one. Positions are relative to the cell; a
 * grown cell always has room for them (see {@link CellContents}).
 */
export function arrangeCellItems(
  items: readonly ArrangeableItem[],
  width: number,
): Map<string, Point> {
  const grid = cellItemGrid(items, width);
  const byId = (a: ArrangeableItem, b: ArrangeableItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const remaining = [...items].sort((a, b) => a.y - b.y || a.x - b.x || byId(a, b));
  const ordered: ArrangeableItem[] = [];
  while (remaining.length > 0) {
    const top = (remaining[0] as ArrangeableItem).y;
    const row = remaining.filter((item) => item.y < top + grid.slotH / 2);
    ordered.push(...row.sort((a, b) => a.x - b.x || byId(a, b)));
    remaining.splice(0, remaining.length, ...remaining.filter((item) => !row.includes(item)));
  }
  return new Map(
    ordered.map((item, index) => [
      item.id,
      {
        x: cellMargin + (index % grid.columns) * (grid.slotW + cellMargin),
        y: cellMargin + Math.floor(index / grid.columns) * (grid.slotH + cellMargin),
      },
    ]),
  );
}

/**
 * The key naming a cell in {@link CellContents}, cell anchors and exports:
 * `cell/<laneId>/<stageId>`, `lane/<laneId>` or `field/<fieldId>`. Item ids
 * cannot contain `/`, so keys never collide.
 */
export function templateCellKey(
  cell:
    | Pick<StageLaneCell, 'kind' | 'laneId' | 'stageId'>
    | Pick<LaneCell, 'kind' | 'laneId'>
    | Pick<FieldCell, 'kind' | 'fieldId'>,
): string {
  if (cell.kind === 'field') return `field/${cell.fieldId}`;
  if (cell.kind === 'lane') return `lane/${cell.laneId}`;
  return `cell/${cell.laneId}/${cell.stageId}`;
}

function layoutCanvas(
  instance: CanvasTemplateInstance,
  definition: CanvasTemplateDefinition,
): CanvasLayout {
  const { w, h } = instance;
  const ys = splitEdges(
    0,
    h,
    definition.rows.map((row) => row.weight),
  );
  const boxes = new Map<string, Box>();
  definition.rows.forEach((row, rowIndex) => {
    const xs = splitEdges(
      0,
      w,
      row.fieldIds.map(() => 1),
    );
    row.fieldIds.forEach((fieldId, index) => {
      boxes.set(
        fieldId,
        box(
          xs[index] as number,
          ys[rowIndex] as number,
          xs[index + 1] as number,
          ys[rowIndex + 1] as number,
        ),
      );
    });
  });
  const cells = definition.fields.map((field): FieldCell => {
    const fieldBox = boxes.get(field.id);
    // The definition schema guarantees every field sits in a row.
    if (!fieldBox) throw new Error(`field "${field.id}" is in no row of "${definition.id}"`);
    return { kind: 'field', fieldId: field.id, box: fieldBox };
  });
  return { kind: 'canvas', bounds: box(0, 0, w, h), cells };
}

function box(minX: number, minY: number, maxX: number, maxY: number): Box {
  return { minX, minY, maxX, maxY };
}

/**
 * Borders splitting [start, end] into parts proportional to integer weights.
 * Each border is computed from the running weight sum on its own (no
 * accumulated rounding), and the last is exactly `end`.
 */
function splitEdges(start: number, end: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const edges = [start];
  let running = 0;
  for (const weight of weights.slice(0, -1)) {
    running += weight;
    edges.push(start + ((end - start) * running) / total);
  }
  edges.push(end);
  return edges;
}
