import { findTemplateDefinition, layoutTemplate } from '@kohtaamo/shared';
import { createShapeId, type Editor, type TLShapeId, toRichText } from 'tldraw';
import { instanceFromProps, isTemplateShape } from './templateShapeProps';

/** For tests: puts a 200 × 200 note by Aino centred in the grid cell `stageId` × `laneId` of a template. */
export function addNoteInCell(
  target: Editor,
  templateId: TLShapeId,
  stageId: string,
  laneId: string,
  text: string,
): TLShapeId {
  const template = target.getShape(templateId);
  if (!isTemplateShape(template)) throw new Error('not a template');
  const definition = findTemplateDefinition(template.props.templateId);
  if (!definition) throw new Error('unknown template');
  const layout = layoutTemplate(instanceFromProps(template.props), definition);
  const cell = layout.cells.find(
    (candidate) =>
      candidate.kind === 'cell' && candidate.stageId === stageId && candidate.laneId === laneId,
  );
  if (!cell) throw new Error(`no cell ${stageId} × ${laneId}`);
  const id = createShapeId();
  target.createShape({
    id,
    type: 'note',
    parentId: templateId,
    x: (cell.box.minX + cell.box.maxX) / 2 - 100,
    y: (cell.box.minY + cell.box.maxY) / 2 - 100,
    props: { richText: toRichText(text) },
    meta: { authorId: 'user-aino', authorName: 'Aino' },
  });
  return id;
}
