import { createTemplateInstance, type TemplateDefinition } from '@kohtaamo/shared';
import { createShapeId, type Editor, type TLShapeId } from 'tldraw';
import { propsFromInstance, templateShapeType } from './templateShapeProps';

/**
 * Inserts a fresh instance of `definition` centred in the viewport, selects
 * it and zooms out if it does not fit, as one undo step. Returns its id.
 */
export function insertTemplate(editor: Editor, definition: TemplateDefinition): TLShapeId {
  const instance = createTemplateInstance(definition);
  const centre = editor.getViewportPageBounds().center;
  const id = createShapeId();
  editor.markHistoryStoppingPoint(`insert template ${definition.id}`);
  editor.run(() => {
    editor.createShape({
      id,
      type: templateShapeType,
      parentId: editor.getCurrentPageId(),
      x: centre.x - instance.w / 2,
      y: centre.y - instance.h / 2,
      props: propsFromInstance(instance),
    });
    editor.select(id);
  });
  const viewport = editor.getViewportPageBounds();
  if (instance.w > viewport.w || instance.h > viewport.h) {
    const bounds = editor.getShapePageBounds(id);
    if (bounds) editor.zoomToBounds(bounds, { inset: 32 });
  }
  return id;
}
