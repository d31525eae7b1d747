import type { TemplateCell } from '@kohtaamo/shared';
import { Box, type Editor, type TLShapeId } from 'tldraw';
import { cellOfChild } from './cellOfChild';
import { isTemplateShape } from './templateShapeProps';

/**
 * The template cell of a shape on the board: its parent must be a template,
 * and the cell is the one under the centre of its bounds in the template's
 * space. `undefined` when the shape is not inside a template.
 */
export function cellOfShape(editor: Editor, shapeId: TLShapeId): TemplateCell | undefined {
  const shape = editor.getShape(shapeId);
  const parent = shape ? editor.getShape(shape.parentId as TLShapeId) : undefined;
  if (!shape || !isTemplateShape(parent)) return undefined;
  const pageBounds = editor.getShapePageBounds(shape);
  if (!pageBounds) return undefined;
  const corners = pageBounds.corners.map((corner) => editor.getPointInShapeSpace(parent, corner));
  const bounds = Box.FromPoints(corners);
  return cellOfChild(parent, { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h });
}
