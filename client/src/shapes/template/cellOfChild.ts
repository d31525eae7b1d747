import {
  cellAt,
  findTemplateDefinition,
  layoutTemplate,
  type TemplateCell,
} from '@kohtaamo/shared';
import { instanceFromProps, type TLTemplateShape } from './templateShapeProps';

/** A child's bounds in its template's space (the child's `x`/`y` when it is a direct child). */
export interface ChildBounds {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The cell (or canvas field) a child belongs to: the one containing the
 * centre of its bounds, in the template's own coordinates. `undefined` for
 * header areas, points outside the template and templates this build does
 * not know.
 */
export function cellOfChild(
  template: TLTemplateShape,
  child: ChildBounds,
): TemplateCell | undefined {
  const definition = findTemplateDefinition(template.props.templateId);
  if (!definition) return undefined;
  const instance = instanceFromProps(template.props);
  if (instance.kind !== definition.kind) return undefined;
  if (instance.kind === 'grid' && (instance.stages.length === 0 || instance.lanes.length === 0)) {
    return undefined;
  }
  const layout = layoutTemplate(instance, definition);
  return cellAt(layout, { x: child.x + child.w / 2, y: child.y + child.h / 2 });
}
