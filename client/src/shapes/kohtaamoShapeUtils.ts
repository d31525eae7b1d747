import { defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw';
import { TemplateShapeUtil } from './template/TemplateShapeUtil';

/**
 * Our own shape utils. The store schema and `<Tldraw shapeUtils>` must both
 * use this list, so every client builds the same schema.
 */
export const kohtaamoShapeUtils: readonly TLAnyShapeUtilConstructor[] = [TemplateShapeUtil];

/** tldraw's default shapes plus ours: the store's shape schema. */
export const boardShapeUtils: readonly TLAnyShapeUtilConstructor[] = [
  ...defaultShapeUtils,
  ...kohtaamoShapeUtils,
];
