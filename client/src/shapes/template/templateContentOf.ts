import {
  findTemplateDefinition,
  layoutTemplateContent,
  type StoredRecord,
  type TemplateContent,
} from '@kohtaamo/shared';
import type { ComputedCache, Editor, TLShape, TLShapeId } from 'tldraw';
import { instanceFromProps, isTemplateShape, type TLTemplateShape } from './templateShapeProps';

const caches = new WeakMap<Editor, ComputedCache<TemplateContent, TLShape>>();

/**
 * The template `template` laid out with its children as this editor holds
 * them (the shared `layoutTemplateContent`: grown cells, and the cell of
 * every child). Cached per template and recomputed when the template or
 * one of its children changes, so drawing, hit-testing and `cellOfShape`
 * share one computation. `undefined` for a template this build cannot draw.
 */
export function templateContentOf(
  editor: Editor,
  template: TLTemplateShape | TLShapeId,
): TemplateContent | undefined {
  let cache = caches.get(editor);
  if (!cache) {
    cache = editor.store.createComputedCache<TemplateContent, TLShape>(
      'kohtaamo.templateContent',
      (shape) => (isTemplateShape(shape) ? computeContent(editor, shape) : undefined),
    );
    caches.set(editor, cache);
  }
  return cache.get(typeof template === 'string' ? template : template.id);
}

function computeContent(editor: Editor, template: TLTemplateShape): TemplateContent | undefined {
  const definition = findTemplateDefinition(template.props.templateId);
  const instance = instanceFromProps(template.props);
  if (!definition || definition.kind !== instance.kind) return undefined;
  if (instance.kind === 'grid' && (instance.stages.length === 0 || instance.lanes.length === 0)) {
    return undefined;
  }
  const children = editor.getSortedChildIdsForParent(template.id).flatMap((id) => {
    const child = editor.getShape(id);
    return child ? [stored(child)] : [];
  });
  return layoutTemplateContent(template.id, instance, definition, children);
}

/** A tldraw record is plain JSON: the shared rules read it as the server stores it. */
export function stored(record: TLShape): StoredRecord {
  return record as unknown as StoredRecord;
}
