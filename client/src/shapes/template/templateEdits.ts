import type { GridTemplateInstance } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import {
  instanceFromProps,
  propsFromInstance,
  type TemplateShapeProps,
  type TLTemplateShape,
} from './templateShapeProps';

/** A pure structure edit from `@kohtaamo/shared` (renameStage, addLane, …) with its arguments bound. */
export type GridTemplateEdit = (instance: GridTemplateInstance) => GridTemplateInstance;

const structureProps = ['stages', 'lanes', 'lines'] as const;

/**
 * Applies `edit` to a grid template shape as one undo step, writing only the
 * lists that changed so that a peer's concurrent edit of another list
 * survives the merge. Throws the edit's `TemplateEditError` unchanged.
 */
export function applyGridTemplateEdit(
  editor: Editor,
  shape: TLTemplateShape,
  edit: GridTemplateEdit,
): void {
  const instance = instanceFromProps(shape.props);
  if (instance.kind !== 'grid') throw new Error(`template ${shape.id} is not a grid`);
  const next = propsFromInstance(edit(instance));
  const changed: Partial<TemplateShapeProps> = {};
  for (const key of structureProps) {
    if (JSON.stringify(next[key]) !== JSON.stringify(shape.props[key])) {
      Object.assign(changed, { [key]: next[key] });
    }
  }
  if (Object.keys(changed).length === 0) return;
  editor.markHistoryStoppingPoint('edit template structure');
  editor.updateShape({ id: shape.id, type: shape.type, props: changed });
}
