import { z } from 'zod';
import { isJsonObject, type StoredRecord } from '../protocol/docLayout.js';
import type { TemplateDefinition } from '../schema/templateDefinition.js';
import type { TemplateInstance } from '../schema/templateInstance.js';
import { type ChildBox, childBox, noteSize } from './childBox.js';
import {
  type Box,
  type CellItemBox,
  cellAt,
  cellMargin,
  layoutTemplate,
  type Point,
  type TemplateCell,
  type TemplateLayout,
  templateCellKey,
} from './layout.js';
import { templateShapeType } from './templateShape.js';

/**
 * Where a template's content is, and how big its cells are: the one place
 * that decides it, for the board (drawing, `cellOfShape`) and for every
 * export alike.
 *
 * Cells grow to hold their items (see `CellContents`), so a row that grows
 * pushes the rows below it down, and their items must move with them. A
 * child's position alone cannot say which cell it belongs to once the grid
 * has moved under it, so each child carries a **cell anchor** in its meta
 * ({@link cellAnchorMetaKey}): the template, the cell, and the child's offset
 * from that cell's top-left corner. The layout is computed from the anchors
 * and the children's sizes, never from their positions, which makes it:
 * - deterministic: everyone with the same records draws the same grid, and
 *   the same cell for every child, whatever order changes arrived in;
 * - free of fights: two people adding notes to one cell each write only
 *   their own note (and its anchor); the growth follows from both notes and
 *   nobody writes it;
 * - possible for everyone: nothing is stored on the template, so a guest may
 *   add a note to a template the facilitator locked, which the role rules
 *   forbid them to change.
 * A child's position follows from its anchor (`targetOf`). Whoever places a
 * child writes its anchor together with its position; when the grid moves
 * under other children, any client allowed to move them puts them back at
 * their anchors, and all such clients compute the same positions, so their
 * writes agree. A child without a valid anchor (older boards, another
 * template's anchor on a copy, a removed stage or lane) is placed by the
 * centre of its box and takes no room until someone anchors it.
 */

/** The meta key of a template child's {@link CellAnchor}. */
export const cellAnchorMetaKey = 'cellAnchor';

/** Longest template shape id or cell key an anchor may hold. */
const maxAnchorIdLength = 200;

/**
 * Which cell of which template a child belongs to, and where in it: the
 * top-left corner of its box ({@link childBox}) at `(dx, dy)` from the
 * cell's top-left corner.
 */
export const cellAnchorSchema = z.strictObject({
  /** The template shape's record id. */
  template: z.string().min(1).max(maxAnchorIdLength),
  /** The cell's `templateCellKey`. */
  cell: z.string().min(1).max(maxAnchorIdLength),
  dx: z.number(),
  dy: z.number(),
});

/** A validated cell anchor. */
export type CellAnchor = z.infer<typeof cellAnchorSchema>;

/** The valid anchor of `record` to the template `templateShapeId`, if any. */
export function readCellAnchor(
  record: StoredRecord,
  templateShapeId: string,
): CellAnchor | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const parsed = cellAnchorSchema.safeParse(record.meta[cellAnchorMetaKey]);
  return parsed.success && parsed.data.template === templateShapeId ? parsed.data : undefined;
}

/**
 * Shape types that belong to a cell but take no room in it: connectors and
 * strokes, whose stored props have no size. They are anchored and move with
 * their cell all the same.
 */
const roomlessTypes: ReadonlySet<string> = new Set(['arrow', 'line', 'draw', 'highlight']);

/** A template laid out with its children: see the module comment. */
export interface TemplateContent {
  /** The template's geometry with its cells grown to hold their items. */
  readonly layout: TemplateLayout;
  /**
   * The cell a child of the template belongs to: its anchor's cell, or for a
   * child without a valid anchor the cell under the centre of its box.
   * `undefined` on a header, outside the template, and for templates.
   */
  cellOf(child: StoredRecord): TemplateCell | undefined;
  /** The cell with this `templateCellKey`, if the template has it. */
  cellByKey(key: string): TemplateCell | undefined;
  /**
   * Where the top-left corner of an anchored child's box belongs (its
   * anchor's place in the grown cell), or `undefined` for a child without a
   * valid anchor.
   */
  targetOf(child: StoredRecord): Point | undefined;
  /** The anchor that keeps `child` where it is now, in the cell under its centre; none outside every cell. */
  anchorAt(child: StoredRecord): CellAnchor | undefined;
}

/**
 * Lays out the template `templateShapeId` (its instance and definition)
 * with its direct `children` (other records are ignored): see the module
 * comment. Never throws on stored data.
 */
export function layoutTemplateContent(
  templateShapeId: string,
  instance: TemplateInstance,
  definition: TemplateDefinition,
  children: Iterable<StoredRecord>,
): TemplateContent {
  const stored = layoutTemplate(instance, definition);
  const storedKeys = new Set(stored.cells.map((cell) => templateCellKey(cell)));
  const validAnchor = (child: StoredRecord): CellAnchor | undefined => {
    if (child.type === templateShapeType) return undefined;
    const anchor = readCellAnchor(child, templateShapeId);
    return anchor && storedKeys.has(anchor.cell) ? anchor : undefined;
  };

  const contents = new Map<string, CellItemBox[]>();
  for (const child of children) {
    if (child.typeName !== 'shape' || child.parentId !== templateShapeId) continue;
    if (typeof child.type !== 'string' || roomlessTypes.has(child.type)) continue;
    const anchor = validAnchor(child);
    const box = anchor && childBox(child);
    if (!anchor || !box || box.w <= 0 || box.h <= 0) continue;
    const items = contents.get(anchor.cell) ?? [];
    items.push({ x: anchor.dx, y: anchor.dy, w: box.w, h: box.h });
    contents.set(anchor.cell, items);
  }
  const layout = contents.size > 0 ? layoutTemplate(instance, definition, contents) : stored;
  const cells: readonly TemplateCell[] = layout.cells;
  const byKey = new Map(cells.map((cell) => [templateCellKey(cell), cell]));
  const centreOf = (box: ChildBox): Point => ({ x: box.x + box.w / 2, y: box.y + box.h / 2 });

  return {
    layout,
    cellOf(child) {
      if (child.type === templateShapeType) return undefined;
      const anchor = validAnchor(child);
      if (anchor) return byKey.get(anchor.cell);
      const box = childBox(child);
      return box ? cellAt(layout, centreOf(box)) : undefined;
    },
    cellByKey: (key) => byKey.get(key),
    targetOf(child) {
      const anchor = validAnchor(child);
      const cell = anchor && byKey.get(anchor.cell);
      return anchor && cell
        ? { x: cell.box.minX + anchor.dx, y: cell.box.minY + anchor.dy }
        : undefined;
    },
    anchorAt(child) {
      if (child.type === templateShapeType) return undefined;
      const box = childBox(child);
      const cell = box && cellAt(layout, centreOf(box));
      if (!box || !cell) return undefined;
      return {
        template: templateShapeId,
        cell: templateCellKey(cell),
        dx: box.x - cell.box.minX,
        dy: box.y - cell.box.minY,
      };
    },
  };
}

/**
 * The note scale of a template (tldraw's note `props.scale`): a note this
 * size fits the smallest cell of the template at its stored size with
 * {@link cellMargin} all round. Never above 1, the size of a note on the
 * open board.
 */
export function templateNoteScale(
  instance: TemplateInstance,
  definition: TemplateDefinition,
): number {
  const layout = layoutTemplate(instance, definition);
  const cells: readonly TemplateCell[] = layout.cells;
  const room = Math.min(
    ...cells.map(({ box }) => Math.min(box.maxX - box.minX, box.maxY - box.minY)),
  );
  const scale = (room - 2 * cellMargin) / noteSize;
  return Number.isFinite(scale) && scale > 0 ? Math.min(1, scale) : 1;
}

/**
 * Where an item newly placed in `cell` (both in the template's space) goes
 * so that it fits: where it is if it lies inside the cell, else moved just
 * inside it ({@link cellMargin} from the border, top and left first when the
 * cell is too small); and if it would then cover one of the cell's `others`,
 * into the first free slot of the cell's tidy grid (see `arrangeCellItems`),
 * which may lie below the cell's current bottom: the cell then grows to hold
 * it. Returns the new top-left corner of the item's box.
 */
export function placeInCell(cell: Box, item: ChildBox, others: readonly ChildBox[]): Point {
  const inside =
    item.x >= cell.minX &&
    item.y >= cell.minY &&
    item.x + item.w <= cell.maxX &&
    item.y + item.h <= cell.maxY;
  const clamp = (value: number, min: number, max: number) =>
    max < min ? min : Math.min(Math.max(value, min), max);
  const place = inside
    ? { x: item.x, y: item.y }
    : {
        x: clamp(item.x, cell.minX + cellMargin, cell.maxX - cellMargin - item.w),
        y: clamp(item.y, cell.minY + cellMargin, cell.maxY - cellMargin - item.h),
      };
  const covers = (at: Point) =>
    others.some(
      (other) =>
        at.x < other.x + other.w &&
        other.x < at.x + item.w &&
        at.y < other.y + other.h &&
        other.y < at.y + item.h,
    );
  if (!covers(place)) return place;
  const slotW = Math.max(item.w, ...others.map((other) => other.w));
  const slotH = Math.max(item.h, ...others.map((other) => other.h));
  const width = cell.maxX - cell.minX;
  const columns = Math.max(1, Math.floor((width - cellMargin) / (slotW + cellMargin)));
  const slots = others.length + 1 + columns;
  for (let index = 0; index < slots; index++) {
    const slot = {
      x: cell.minX + cellMargin + (index % columns) * (slotW + cellMargin),
      y: cell.minY + cellMargin + Math.floor(index / columns) * (slotH + cellMargin),
    };
    if (!covers(slot)) return slot;
  }
  const bottom = Math.max(...others.map((other) => other.y + other.h));
  return { x: cell.minX + cellMargin, y: bottom + cellMargin };
}
