import { findTemplateDefinition, layoutTemplateContent, type TemplateCell } from '@kohtaamo/shared';
import type { TLShape } from 'tldraw';
import { stored } from './templateContentOf';
import { instanceFromProps, type TLTemplateShape } from './templateShapeProps';

/**
 * The cell (or canvas field) a child of `template` belongs to, decided by
 * the shared `layoutTemplateContent` from the template and all its
 * `children` (the child among them or not): the child's cell anchor, or the
 * cell under the centre of its box (rotation, note scale and growth
 * included). The exports decide with the same function, so they agree.
 * `undefined` for header areas, points outside the template and templates
 * this build does not know.
 */
export function cellOfChild(
  template: TLTemplateShape,
  child: TLShape,
  children: readonly TLShape[] = [child],
): TemplateCell | undefined {
  const definition = findTemplateDefinition(template.props.templateId);
  if (!definition) return undefined;
  const instance = instanceFromProps(template.props);
  if (instance.kind !== definition.kind) return undefined;
  if (instance.kind === 'grid' && (instance.stages.length === 0 || instance.lanes.length === 0)) {
    return undefined;
  }
  const content = layoutTemplateContent(template.id, instance, definition, children.map(stored));
  return content.cellOf(stored(child));
}
