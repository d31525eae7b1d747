import { z } from 'zod';
import { localizedTextSchema } from './localizedText.js';

/**
 * The static description of a workshop template: what the menu shows and
 * what a freshly inserted template contains. Definitions are code (see
 * `templates/`); boards store instances (see `templateInstance.ts`) that refer
 * to a definition by id and to its labels by key, so definitions may gain
 * translations without touching stored boards.
 *
 * Two kinds:
 * - `grid`: columns are stages (or the people being mapped), rows are lanes,
 *   every stage × lane is a cell; optional horizontal lines divide lane groups
 *   (the service blueprint's lines of interaction, visibility and internal
 *   interaction).
 * - `canvas`: a fixed set of fields in a fixed arrangement (the Tolvanen
 *   concept canvas).
 */

/** Longest id of a template, stage, lane, line or field. */
export const templateItemIdMaxLength = 64;

/**
 * The id of a template or of one of its items (stage, lane, line, field, cost
 * line). URL- and key-safe characters only, so ids can be used in record keys
 * and DOM ids unescaped.
 */
export const templateItemIdSchema = z
  .string()
  .min(1, 'id must not be empty')
  .max(templateItemIdMaxLength, `id must be at most ${templateItemIdMaxLength} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'id may contain only letters, digits, "-" and "_"');

/** A validated template or item id. */
export type TemplateItemId = z.infer<typeof templateItemIdSchema>;

/** Most stages a grid template may have (definition or instance). */
export const maxTemplateStages = 50;
/** Most lanes a grid template may have (definition or instance). */
export const maxTemplateLanes = 50;
/** Smallest width or height of a template, in board units. */
export const minTemplateSize = 50;
/** Largest width or height of a template, in board units. */
export const maxTemplateSize = 100_000;

/** A template's width and height in board units. */
export const templateSizeSchema = z.strictObject({
  w: z.number().min(minTemplateSize).max(maxTemplateSize),
  h: z.number().min(minTemplateSize).max(maxTemplateSize),
});

/** A validated template size. */
export type TemplateSize = z.infer<typeof templateSizeSchema>;

/**
 * What a lane holds:
 * - `notes`: free content (sticky notes, text, images);
 * - `feelings`: the journey map's emotion curve, a score from −2 to +2 per
 *   participant per stage (see `templates/feelings.ts`);
 * - `header`: one cell spanning all stages (the journey map's "persona &
 *   scenario" lane).
 */
export const laneKindSchema = z.enum(['notes', 'feelings', 'header']);

/** One of the lane kinds. */
export type LaneKind = z.infer<typeof laneKindSchema>;

/** A default column of a grid template. */
export const stageDefinitionSchema = z.strictObject({
  id: templateItemIdSchema,
  label: localizedTextSchema,
  /** Placeholder or tooltip text explaining what goes in the column. */
  help: localizedTextSchema.optional(),
});

/** A validated default stage. */
export type StageDefinition = z.infer<typeof stageDefinitionSchema>;

/** A default row of a grid template. */
export const laneDefinitionSchema = z.strictObject({
  id: templateItemIdSchema,
  kind: laneKindSchema,
  label: localizedTextSchema,
  /** Placeholder or tooltip text explaining what goes in the row. */
  help: localizedTextSchema.optional(),
});

/** A validated default lane. */
export type LaneDefinition = z.infer<typeof laneDefinitionSchema>;

/**
 * A labelled horizontal line between two adjacent lanes, drawn across the
 * whole template (the service blueprint's three lines).
 */
export const blueprintLineDefinitionSchema = z.strictObject({
  id: templateItemIdSchema,
  label: localizedTextSchema,
  /** The lane directly above the line. */
  aboveLaneId: templateItemIdSchema,
  /** The lane directly below the line; must follow `aboveLaneId` in the lane order. */
  belowLaneId: templateItemIdSchema,
});

/** A validated default blueprint line. */
export type BlueprintLineDefinition = z.infer<typeof blueprintLineDefinitionSchema>;

const templateHeaderShape = {
  id: templateItemIdSchema,
  /** Name shown in the template menu and on the inserted template. */
  title: localizedTextSchema,
  /** One or two sentences for the template menu. */
  description: localizedTextSchema,
  /** Size of a freshly inserted template, in board units. */
  defaultSize: templateSizeSchema,
};

/**
 * A grid template: stages × lanes. Ids are unique across stages, lanes and
 * lines together, because instances refer to default labels by id alone.
 */
export const gridTemplateDefinitionSchema = z
  .strictObject({
    kind: z.literal('grid'),
    ...templateHeaderShape,
    stages: z.array(stageDefinitionSchema).min(1).max(maxTemplateStages).readonly(),
    lanes: z.array(laneDefinitionSchema).min(1).max(maxTemplateLanes).readonly(),
    lines: z
      .array(blueprintLineDefinitionSchema)
      .max(maxTemplateLanes - 1)
      .readonly(),
  })
  .superRefine((definition, ctx) => {
    const items = [
      ...definition.stages.map((stage, index) => ({ id: stage.id, path: ['stages', index] })),
      ...definition.lanes.map((lane, index) => ({ id: lane.id, path: ['lanes', index] })),
      ...definition.lines.map((line, index) => ({ id: line.id, path: ['lines', index] })),
    ];
    const seen = new Set<string>();
    for (const { id, path } of items) {
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate id "${id}"`, path: [...path, 'id'] });
      }
      seen.add(id);
    }
    const laneIndex = new Map(definition.lanes.map((lane, index) => [lane.id, index]));
    const linedLanes = new Set<string>();
    definition.lines.forEach((line, index) => {
      const above = laneIndex.get(line.aboveLaneId);
      const below = laneIndex.get(line.belowLaneId);
      if (above === undefined || below === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `line "${line.id}" refers to a lane that does not exist`,
          path: ['lines', index],
        });
        return;
      }
      if (below !== above + 1) {
        ctx.addIssue({
          code: 'custom',
          message: `line "${line.id}" must sit between adjacent lanes, upper lane first`,
          path: ['lines', index],
        });
      }
      if (linedLanes.has(line.aboveLaneId)) {
        ctx.addIssue({
          code: 'custom',
          message: `two lines sit below lane "${line.aboveLaneId}"`,
          path: ['lines', index, 'aboveLaneId'],
        });
      }
      linedLanes.add(line.aboveLaneId);
    });
  });

/** A validated grid template definition. */
export type GridTemplateDefinition = z.infer<typeof gridTemplateDefinitionSchema>;

/**
 * What a concept canvas field holds:
 * - `text`: free text;
 * - `insight`: a video link or an uploaded image or video, presented inspiringly;
 * - `moodboard`: mood images;
 * - `fit`: a value-proposition statement and a fit rating;
 * - `costs`: cost and revenue lines with amounts (see `templates/costs.ts`).
 */
export const canvasFieldKindSchema = z.enum(['text', 'insight', 'moodboard', 'fit', 'costs']);

/** One of the canvas field kinds. */
export type CanvasFieldKind = z.infer<typeof canvasFieldKindSchema>;

/** One field of a canvas template. */
export const canvasFieldDefinitionSchema = z.strictObject({
  id: templateItemIdSchema,
  kind: canvasFieldKindSchema,
  label: localizedTextSchema,
  /** What goes in the field, shown as placeholder or tooltip. */
  help: localizedTextSchema,
});

/** A validated canvas field. */
export type CanvasFieldDefinition = z.infer<typeof canvasFieldDefinitionSchema>;

/** Largest relative height of a canvas row. */
export const maxCanvasRowWeight = 100;

/**
 * One row of a canvas arrangement: its fields left to right, sharing the
 * row's width equally, and its height relative to the other rows. Weights are
 * integers so that their running sums, and so the row borders, are exact.
 */
export const canvasRowSchema = z.strictObject({
  fieldIds: z.array(templateItemIdSchema).min(1).max(4).readonly(),
  weight: z.number().int().min(1).max(maxCanvasRowWeight),
});

/** A validated canvas row. */
export type CanvasRow = z.infer<typeof canvasRowSchema>;

/**
 * A canvas template: fields in reading order plus their arrangement in rows.
 * Every field sits in exactly one row, and reading the rows top to bottom,
 * left to right gives the field order.
 */
export const canvasTemplateDefinitionSchema = z
  .strictObject({
    kind: z.literal('canvas'),
    ...templateHeaderShape,
    fields: z.array(canvasFieldDefinitionSchema).min(1).max(20).readonly(),
    rows: z.array(canvasRowSchema).min(1).max(20).readonly(),
  })
  .superRefine((definition, ctx) => {
    const fieldIds = definition.fields.map((field) => field.id);
    const seen = new Set<string>();
    fieldIds.forEach((id, index) => {
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate id "${id}"`, path: ['fields', index] });
      }
      seen.add(id);
    });
    const readingOrder = definition.rows.flatMap((row) => row.fieldIds);
    if (readingOrder.join('\u0000') !== fieldIds.join('\u0000')) {
      ctx.addIssue({
        code: 'custom',
        message: 'rows must hold every field exactly once, in field order',
        path: ['rows'],
      });
    }
  });

/** A validated canvas template definition. */
export type CanvasTemplateDefinition = z.infer<typeof canvasTemplateDefinitionSchema>;

/** Any template definition, discriminated by `kind`. */
export const templateDefinitionSchema = z.discriminatedUnion('kind', [
  gridTemplateDefinitionSchema,
  canvasTemplateDefinitionSchema,
]);

/** A validated template definition. */
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** The kind of a template: `'grid'` or `'canvas'`. */
export type TemplateKind = TemplateDefinition['kind'];
