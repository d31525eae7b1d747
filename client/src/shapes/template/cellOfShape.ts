import type { TemplateCell } from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';
import { stored, templateContentOf } from './templateContentOf';
import { isTemplateShape } from './templateShapeProps';

/**
 * The template cell of a shape on the board: its parent must be a template,
 * and the cell is the one the shared `layoutTemplateContent` gives it (its
 * cell anchor, else the cell under the centre of its box). `undefined` when
 * the shape is not inside a template.
 */
export function cellOfShape(editor: Editor, shapeId: TLShapeId): TemplateCell | undefined {
  const shape = editor.getShape(shapeId);
  const parent = shape ? editor.getShape(shape.parentId as TLShapeId) : undefined;
  if (!shape || !isTemplateShape(parent)) return undefined;
  return templateContentOf(editor, parent)?.cellOf(stored(shape));
}
