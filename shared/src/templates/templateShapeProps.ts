import { z } from 'zod';
import {
  maxTemplateLanes,
  maxTemplateSize,
  maxTemplateStages,
  minTemplateSize,
  templateItemIdSchema,
} from '../schema/templateDefinition.js';
import {
  templateInstanceVersion,
  templateLaneSchema,
  templateLineSchema,
  templateStageSchema,
} from '../schema/templateInstance.js';

function uniqueIds<Item extends { id: string }>(schema: z.ZodType<Item>, max: number) {
  return z
    .array(schema)
    .max(max)
    .refine((items) => new Set(items.map((item) => item.id)).size === items.length, {
      message: 'ids must be unique',
    });
}

const templateSizeSchema = z
  .number()
  .min(minTemplateSize, `size must be at least ${minTemplateSize}`)
  .max(maxTemplateSize, `size must be at most ${maxTemplateSize}`);

/**
 * The props of a template shape (`templateShapeType`), one schema per prop:
 * the client's tldraw shape util and the server's record check both
 * validate with these, so they accept exactly the same shapes. A canvas
 * template stores empty stage, lane and line lists.
 */
export const templateShapePropSchemas = {
  w: templateSizeSchema,
  h: templateSizeSchema,
  version: z.literal(templateInstanceVersion),
  templateId: templateItemIdSchema,
  kind: z.enum(['grid', 'canvas']),
  stages: uniqueIds(templateStageSchema, maxTemplateStages),
  lanes: uniqueIds(templateLaneSchema, maxTemplateLanes),
  lines: uniqueIds(templateLineSchema, maxTemplateLanes),
};
