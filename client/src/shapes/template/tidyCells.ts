import {
  arrangeCellItems,
  cellAnchorMetaKey,
  childBox,
  type TemplateCell,
  templateCellKey,
} from '@kohtaamo/shared';
import type { Editor, TLShape, TLShapePartial } from 'tldraw';
import { fittedTypes, mayChangeShape } from './templateCellEffects';
import { stored, templateContentOf } from './templateContentOf';
import type { TLTemplateShape } from './templateShapeProps';

/** What {@link tidyCells} did. */
export interface TidyResult {
  /** Items moved into their place. */
  readonly moved: number;
  /** Items the role rules keep this user from moving (others' notes for a guest, locked ones). */
  readonly kept: number;
}

/**
 * "Tidy up": lines up the notes (and other items) of the given cells of
 * `template` in the shared tidy grid (`arrangeCellItems`: reading order,
 * equal slots, as many per row as the cell is wide), anchored in their
 * places, as one undo step. Only items the role rules let this user move
 * are moved; the cells have room for all of them (cells grow to hold their
 * items' grid), so nothing ends up over a header.
 */
export function tidyCells(
  editor: Editor,
  template: TLTemplateShape,
  cellKeys: readonly string[],
): TidyResult {
  const content = templateContentOf(editor, template);
  if (!content) return { moved: 0, kept: 0 };
  const children = editor.getSortedChildIdsForParent(template.id).flatMap((id) => {
    const child = editor.getShape(id);
    return child && fittedTypes.has(child.type) ? [child] : [];
  });
  const updates: TLShapePartial[] = [];
  let kept = 0;
  for (const key of new Set(cellKeys)) {
    const cell = content.cellByKey(key);
    if (!cell) continue;
    const items = children.flatMap((child) => {
      const box = childBox(stored(child));
      return box && content.cellOf(stored(child)) === cell ? [{ child, box }] : [];
    });
    const places = arrangeCellItems(
      items.map(({ child, box }) => ({
        id: child.id,
        x: box.x - cell.box.minX,
        y: box.y - cell.box.minY,
        w: box.w,
        h: box.h,
      })),
      cell.box.maxX - cell.box.minX,
    );
    for (const { child, box } of items) {
      const place = places.get(child.id);
      const anchor = child.meta[cellAnchorMetaKey] as { dx?: unknown; dy?: unknown } | undefined;
      const placed =
        place &&
        Math.abs(box.x - cell.box.minX - place.x) < 0.01 &&
        Math.abs(box.y - cell.box.minY - place.y) < 0.01 &&
        anchor?.dx === place.x &&
        anchor.dy === place.y;
      if (!place || placed) continue;
      const next: TLShape = {
        ...child,
        x: child.x + cell.box.minX + place.x - box.x,
        y: child.y + cell.box.minY + place.y - box.y,
        meta: {
          ...child.meta,
          [cellAnchorMetaKey]: { template: template.id, cell: key, dx: place.x, dy: place.y },
        },
      };
      if (!mayChangeShape(editor, child, next)) {
        kept++;
        continue;
      }
      updates.push({ id: next.id, type: next.type, x: next.x, y: next.y, meta: next.meta });
    }
  }
  if (updates.length > 0) {
    editor.markHistoryStoppingPoint('tidy up template cells');
    editor.run(() => editor.updateShapes(updates));
  }
  return { moved: updates.length, kept };
}

/** The keys of every cell of `template` that holds something. */
export function occupiedCellKeys(editor: Editor, template: TLTemplateShape): string[] {
  const content = templateContentOf(editor, template);
  if (!content) return [];
  const keys = new Set<string>();
  for (const id of editor.getSortedChildIdsForParent(template.id)) {
    const child = editor.getShape(id);
    const cell: TemplateCell | undefined = child && content.cellOf(stored(child));
    if (cell && child && fittedTypes.has(child.type)) keys.add(templateCellKey(cell));
  }
  return [...keys];
}
