import { z } from 'zod';
import { isJsonObject, type JsonObject, type StoredRecord } from '../protocol/docLayout.js';
import { type Locale, localeSchema, localizedTextMaxLength } from '../schema/localizedText.js';
import { type RoomLanguage, roomLanguageSchema, roomTitleMaxLength } from '../schema/roomAccess.js';
import { roomIdSchema } from '../schema/roomId.js';
import {
  canvasFieldKindSchema,
  laneKindSchema,
  templateItemIdSchema,
  templateSizeSchema,
} from '../schema/templateDefinition.js';
import { normalizeLines, resolveLabel } from '../schema/templateInstance.js';
import { childBox } from './childBox.js';
import { calculateCosts, costTableSchema } from './costs.js';
import { maxFeelingScore, minFeelingScore, summarizeFeelings } from './feelings.js';
import {
  fitRatingsSchema,
  fitStatementSchema,
  fitSummarySchema,
  readFitStatement,
  readTemplateFitRatings,
  summarizeFitRatings,
} from './fit.js';
import { type Point, templateCellKey } from './layout.js';
import {
  extractFacilitationOutcome,
  type FacilitationInput,
  facilitationOutcomeSchema,
  outcomeReactionsSchema,
  readOutcomeReactions,
} from './outcomeFacilitation.js';
import { richTextToPlainText } from './richText.js';
import { layoutTemplateContent } from './templateContent.js';
import {
  parseTemplateShape,
  readTemplateCosts,
  readTemplateFeelings,
  type TemplateShape,
  templateShapeType,
} from './templateShape.js';

/**
 * Template outcomes: what a workshop produced on its templates, as plain,
 * versioned data that can be saved, converted to CSV or Markdown
 * (`outcomeFormats.ts`) and imported again (`outcomeImport.ts`).
 *
 * Extraction reads the board's records (see `readRecords` in
 * `protocol/docLayout.ts`) and assigns every direct child of a template to
 * its cell as the board does (`layoutTemplateContent`: the child's cell
 * anchor, else the cell under the centre of its `childBox`, rotation and
 * scale included), so the cell a person sees is the cell in the export.
 * Deliberate approximations:
 * - only direct children count. Content inside a group or frame that sits on
 *   a template belongs to that group or frame, and is left out (the group or
 *   frame itself is listed, with its name as text);
 * - text shapes have no stored height, so theirs is estimated from the
 *   number of lines and the font size (the board uses the same estimate).
 * Templates placed on a template are listed as templates, never as items.
 */

/** The format name in {@link BoardOutcomes.format}. */
export const boardOutcomesFormat = 'kohtaamo-outcomes';

/**
 * The current outcomes format version; bump it (and teach the importer the
 * old one) when the data changes shape. Version 2 added item reactions and
 * the facilitation part; version 1 files still import.
 */
export const boardOutcomesVersion = 2;

/** Longest item text kept; longer texts are cut (a note is never this long in practice). */
export const maxOutcomeTextLength = 100_000;
/** Longest author id or name kept. */
export const maxOutcomeAuthorLength = 200;
/** Longest link kept; longer ones (inline data URLs) are left out. */
export const maxOutcomeUrlLength = 4_000;
/** Longest shape id or shape type accepted. */
export const maxOutcomeShapeIdLength = 200;
/** Most items in one cell (or unplaced on one template). */
export const maxOutcomeItemsPerCell = 5_000;
/** Most templates in one export. */
export const maxOutcomeTemplates = 1_000;

const shapeIdSchema = z.string().min(1).max(maxOutcomeShapeIdLength);

const labelTextSchema = z
  .string()
  .max(localizedTextMaxLength, `label must be at most ${localizedTextMaxLength} characters`)
  .refine((text) => text.trim() !== '', 'label must not be blank');

/** One piece of content on a template: a note, text, image, link… */
export const outcomeItemSchema = z.strictObject({
  /** The id of the content's shape record. */
  shapeId: shapeIdSchema,
  /** The tldraw shape type: `note`, `text`, `geo`, `image`, `video`, `bookmark`, `embed`, … */
  type: z.string().min(1).max(maxOutcomeShapeIdLength),
  /** Plain text: paragraphs joined by `\n`; an image's alt text or file name; may be empty. */
  text: z.string().max(maxOutcomeTextLength),
  authorId: z.string().max(maxOutcomeAuthorLength).optional(),
  authorName: z.string().max(maxOutcomeAuthorLength).optional(),
  /** A link (bookmark, embed) or the source of an image or video; never an inline data URL. */
  url: z.string().max(maxOutcomeUrlLength).optional(),
  /** How many people gave each kind of reaction; only kinds with a count, absent when none (version 2). */
  reactions: outcomeReactionsSchema.optional(),
});

/** A validated outcome item. */
export type OutcomeItem = z.infer<typeof outcomeItemSchema>;

const itemsSchema = z.array(outcomeItemSchema).max(maxOutcomeItemsPerCell);

/** A stage of a grid template with its label as shown. */
export const outcomeStageSchema = z.strictObject({
  id: templateItemIdSchema,
  label: labelTextSchema,
});

/** A validated outcome stage. */
export type OutcomeStage = z.infer<typeof outcomeStageSchema>;

/** A lane of a grid template with its kind and its label as shown. */
export const outcomeLaneSchema = z.strictObject({
  id: templateItemIdSchema,
  kind: laneKindSchema,
  label: labelTextSchema,
});

/** A validated outcome lane. */
export type OutcomeLane = z.infer<typeof outcomeLaneSchema>;

/** A drawn blueprint line of a grid template, below the lane `aboveLaneId`. */
export const outcomeLineSchema = z.strictObject({
  id: templateItemIdSchema,
  label: labelTextSchema,
  aboveLaneId: templateItemIdSchema,
});

/** A validated outcome line. */
export type OutcomeLine = z.infer<typeof outcomeLineSchema>;

/** A field of a canvas template with its kind and its label as shown. */
export const outcomeFieldSchema = z.strictObject({
  id: templateItemIdSchema,
  kind: canvasFieldKindSchema,
  label: labelTextSchema,
});

/** A validated outcome field. */
export type OutcomeField = z.infer<typeof outcomeFieldSchema>;

/** The content of one stage × lane cell. */
export const outcomeStageLaneCellSchema = z.strictObject({
  kind: z.literal('cell'),
  stageId: templateItemIdSchema,
  laneId: templateItemIdSchema,
  items: itemsSchema,
});

/** The content of the single cell of a `header` lane. */
export const outcomeLaneCellSchema = z.strictObject({
  kind: z.literal('lane'),
  laneId: templateItemIdSchema,
  items: itemsSchema,
});

/** The content of one canvas field. */
export const outcomeFieldCellSchema = z.strictObject({
  kind: z.literal('field'),
  fieldId: templateItemIdSchema,
  items: itemsSchema,
});

/** The content of any cell, discriminated by `kind` like the layout's cells. */
export const outcomeCellSchema = z.discriminatedUnion('kind', [
  outcomeStageLaneCellSchema,
  outcomeLaneCellSchema,
  outcomeFieldCellSchema,
]);

/** A validated outcome cell. */
export type OutcomeCell = z.infer<typeof outcomeCellSchema>;

const feelingSummaryValue = z.number().min(minFeelingScore).max(maxFeelingScore);

/** The emotion curve of one stage (see `summarizeFeelings`); values are absent when nobody scored. */
export const outcomeStageFeelingsSchema = z.strictObject({
  stageId: templateItemIdSchema,
  mean: feelingSummaryValue.optional(),
  min: feelingSummaryValue.optional(),
  max: feelingSummaryValue.optional(),
  count: z.number().int().min(0),
});

/** A validated stage feelings summary. */
export type OutcomeStageFeelings = z.infer<typeof outcomeStageFeelingsSchema>;

/** The summary of a feelings lane: one entry per stage, in stage order. */
export const outcomeFeelingsSchema = z.strictObject({
  laneId: templateItemIdSchema,
  stages: z.array(outcomeStageFeelingsSchema),
});

/** A validated feelings summary. */
export type OutcomeFeelings = z.infer<typeof outcomeFeelingsSchema>;

/** A cost table with its totals; the totals must be those of the table. */
export const outcomeCostsSchema = z
  .strictObject({
    table: costTableSchema,
    totalCostCents: z.number().int(),
    totalRevenueCents: z.number().int(),
    marginCents: z.number().int(),
    marginPercent: z.number().optional(),
  })
  .superRefine((costs, ctx) => {
    // The table already passed costTableSchema, so calculateCosts cannot throw.
    const summary = calculateCosts(costs.table);
    if (
      summary.totalCostCents !== costs.totalCostCents ||
      summary.totalRevenueCents !== costs.totalRevenueCents ||
      summary.marginCents !== costs.marginCents ||
      summary.marginPercent !== costs.marginPercent
    ) {
      ctx.addIssue({ code: 'custom', message: 'cost totals do not match the cost table' });
    }
  });

/** A validated cost section. */
export type OutcomeCosts = z.infer<typeof outcomeCostsSchema>;

/**
 * The Fit field of a canvas (see `fit.ts`): the value-proposition statement,
 * the summary of the ratings and every participant's rating. Each part is
 * absent when there is nothing to say; when the ratings are listed, the
 * summary must be theirs.
 */
export const outcomeFitSchema = z
  .strictObject({
    statement: fitStatementSchema.min(1).optional(),
    rating: fitSummarySchema.optional(),
    ratings: fitRatingsSchema.optional(),
  })
  .superRefine((fit, ctx) => {
    if (fit.ratings === undefined) return;
    const expected = summarizeFitRatings(fit.ratings);
    const matches =
      expected === undefined || fit.rating === undefined
        ? expected === fit.rating
        : expected.n === fit.rating.n &&
          expected.mean === fit.rating.mean &&
          expected.min === fit.rating.min &&
          expected.max === fit.rating.max;
    if (!matches) {
      ctx.addIssue({
        code: 'custom',
        message: 'fit rating summary does not match the ratings',
        path: ['rating'],
      });
    }
  });

/** A validated fit section. */
export type OutcomeFit = z.infer<typeof outcomeFitSchema>;

const templateOutcomeHeaderShape = {
  /** The id of the template's shape record. */
  shapeId: shapeIdSchema,
  templateId: templateItemIdSchema,
  /** The definition's title in the export's locale. */
  title: labelTextSchema,
  w: templateSizeSchema.shape.w,
  h: templateSizeSchema.shape.h,
  /** Children whose centre is in no cell: on a label, in the corner, or hanging outside the template. */
  unplaced: itemsSchema,
  costs: outcomeCostsSchema.optional(),
};

function addDuplicateIssues(
  ctx: z.RefinementCtx,
  path: string,
  ids: readonly string[],
  noun: string,
): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) {
      ctx.addIssue({ code: 'custom', message: `duplicate ${noun} "${id}"`, path: [path, index] });
    }
    seen.add(id);
  });
}

/** The outcome of a grid template. Cells refer to its stages and lanes. */
export const gridTemplateOutcomeSchema = z
  .strictObject({
    kind: z.literal('grid'),
    ...templateOutcomeHeaderShape,
    stages: z.array(outcomeStageSchema).min(1),
    lanes: z.array(outcomeLaneSchema).min(1),
    lines: z.array(outcomeLineSchema),
    cells: z.array(
      z.discriminatedUnion('kind', [outcomeStageLaneCellSchema, outcomeLaneCellSchema]),
    ),
    feelings: outcomeFeelingsSchema.optional(),
  })
  .superRefine((outcome, ctx) => {
    const stageIds = new Set(outcome.stages.map((stage) => stage.id));
    const laneIds = new Set(outcome.lanes.map((lane) => lane.id));
    addDuplicateIssues(
      ctx,
      'stages',
      outcome.stages.map((stage) => stage.id),
      'stage',
    );
    addDuplicateIssues(
      ctx,
      'lanes',
      outcome.lanes.map((lane) => lane.id),
      'lane',
    );
    const cellKeys = outcome.cells.map((cell) =>
      cell.kind === 'lane' ? `${cell.laneId}` : `${cell.laneId}/${cell.stageId}`,
    );
    addDuplicateIssues(ctx, 'cells', cellKeys, 'cell');
    outcome.cells.forEach((cell, index) => {
      const known =
        laneIds.has(cell.laneId) && (cell.kind === 'lane' || stageIds.has(cell.stageId));
      if (!known) {
        ctx.addIssue({
          code: 'custom',
          message: `cell refers to a stage or lane that is not listed`,
          path: ['cells', index],
        });
      }
    });
    outcome.lines.forEach((line, index) => {
      if (!laneIds.has(line.aboveLaneId)) {
        ctx.addIssue({
          code: 'custom',
          message: `line "${line.id}" refers to a lane that is not listed`,
          path: ['lines', index, 'aboveLaneId'],
        });
      }
    });
    if (outcome.feelings && !laneIds.has(outcome.feelings.laneId)) {
      ctx.addIssue({
        code: 'custom',
        message: 'feelings refer to a lane that is not listed',
        path: ['feelings', 'laneId'],
      });
    }
  });

/** A validated grid template outcome. */
export type GridTemplateOutcome = z.infer<typeof gridTemplateOutcomeSchema>;

/** The outcome of a canvas template. Cells refer to its fields. */
export const canvasTemplateOutcomeSchema = z
  .strictObject({
    kind: z.literal('canvas'),
    ...templateOutcomeHeaderShape,
    fields: z.array(outcomeFieldSchema).min(1),
    cells: z.array(outcomeFieldCellSchema),
    fit: outcomeFitSchema.optional(),
  })
  .superRefine((outcome, ctx) => {
    const fieldIds = new Set(outcome.fields.map((field) => field.id));
    addDuplicateIssues(
      ctx,
      'fields',
      outcome.fields.map((field) => field.id),
      'field',
    );
    addDuplicateIssues(
      ctx,
      'cells',
      outcome.cells.map((cell) => cell.fieldId),
      'cell',
    );
    outcome.cells.forEach((cell, index) => {
      if (!fieldIds.has(cell.fieldId)) {
        ctx.addIssue({
          code: 'custom',
          message: `cell refers to field "${cell.fieldId}" that is not listed`,
          path: ['cells', index, 'fieldId'],
        });
      }
    });
  });

/** A validated canvas template outcome. */
export type CanvasTemplateOutcome = z.infer<typeof canvasTemplateOutcomeSchema>;

/** The outcome of any template, discriminated by `kind`. */
export const templateOutcomeSchema = z.discriminatedUnion('kind', [
  gridTemplateOutcomeSchema,
  canvasTemplateOutcomeSchema,
]);

/** A validated template outcome. */
export type TemplateOutcome = z.infer<typeof templateOutcomeSchema>;

const boardOutcomesShape = {
  format: z.literal(boardOutcomesFormat),
  /** The language labels and titles were resolved in. */
  locale: localeSchema,
  roomId: roomIdSchema.optional(),
  /** The board's title, when the exporter knows it (the room directory's). */
  title: z.string().max(roomTitleMaxLength).optional(),
  /** The board's own language, which `locale` follows unless the export asked for another. */
  language: roomLanguageSchema.optional(),
  /** When the export was made, ISO 8601. */
  exportedAt: z.iso.datetime({ offset: true }),
  /** In page order. */
  templates: z.array(templateOutcomeSchema).max(maxOutcomeTemplates),
};

/** Every template outcome of a board, and the workshop's facilitation: the exported file. */
export const boardOutcomesSchema = z.strictObject({
  ...boardOutcomesShape,
  version: z.literal(boardOutcomesVersion),
  /** Agenda and vote sessions; present when the exporter read the facilitation state. */
  facilitation: facilitationOutcomeSchema.optional(),
});

/**
 * A version 1 file: templates only, items without reactions. The importer
 * reads it and upgrades it to the current version.
 */
export const boardOutcomesV1Schema = z.strictObject({
  ...boardOutcomesShape,
  version: z.literal(1),
  templates: z
    .array(templateOutcomeSchema)
    .max(maxOutcomeTemplates)
    .refine((templates) => !templates.some(hasReactions), 'version 1 items have no reactions'),
});

function hasReactions(template: TemplateOutcome): boolean {
  const cells: readonly { items: readonly OutcomeItem[] }[] = template.cells;
  return [...cells.map((cell) => cell.items), template.unplaced].some((items) =>
    items.some((item) => item.reactions !== undefined),
  );
}

/** A validated board export. */
export type BoardOutcomes = z.infer<typeof boardOutcomesSchema>;

/** Options of {@link extractBoardOutcomes}. */
export interface ExtractOutcomesOptions {
  /** Language for titles and default labels. */
  locale: Locale;
  /** The room the board belongs to, recorded in the export. */
  roomId?: string;
  /** The board's title and language, recorded in the export. */
  title?: string | undefined;
  language?: RoomLanguage | undefined;
  /** The export time; defaults to now. */
  exportedAt?: Date;
  /**
   * The board's facilitation state: the `facilitation` map's entries or the
   * state read from them. When given, the export carries the agenda and the
   * vote sessions (`facilitation`); when absent, it has no `facilitation`.
   */
  facilitation?: FacilitationInput | undefined;
}

/**
 * The centre of a child shape in its parent's coordinate space (the centre
 * of its {@link childBox}, rotation included), or `undefined` if its
 * position is not a pair of finite numbers.
 */
export function childCentre(record: StoredRecord): Point | undefined {
  const box = childBox(record);
  return box ? { x: box.x + box.w / 2, y: box.y + box.h / 2 } : undefined;
}

export { richTextToPlainText };

/**
 * Reads the outcomes of every template on a board. Templates come in page
 * order (by parent, then by their fractional index), including templates
 * inside frames; template shapes with invalid props or a template id this
 * build does not know are skipped. Never throws on stored data.
 */
export function extractBoardOutcomes(
  records: Iterable<StoredRecord>,
  options: ExtractOutcomesOptions,
): BoardOutcomes {
  const all = [...records];
  const byId = new Map(all.map((record) => [record.id, record]));
  const childrenOf = new Map<string, StoredRecord[]>();
  const templates: { record: StoredRecord; shape: TemplateShape }[] = [];
  for (const record of all) {
    if (record.typeName !== 'shape') continue;
    const shape = parseTemplateShape(record);
    if (shape) templates.push({ record, shape });
    if (typeof record.parentId === 'string') {
      const siblings = childrenOf.get(record.parentId) ?? [];
      siblings.push(record);
      childrenOf.set(record.parentId, siblings);
    }
  }
  templates.sort((a, b) => comparePageOrder(a.record, b.record));
  const exportedAt = options.exportedAt ?? new Date();
  const board: BoardOutcomes = {
    format: boardOutcomesFormat,
    version: boardOutcomesVersion,
    locale: options.locale,
    exportedAt: exportedAt.toISOString(),
    templates: templates
      .slice(0, maxOutcomeTemplates)
      .map(({ record, shape }) =>
        extractTemplate(record, shape, childrenOf.get(record.id) ?? [], byId, options.locale),
      ),
  };
  if (options.roomId !== undefined && roomIdSchema.safeParse(options.roomId).success) {
    board.roomId = options.roomId;
  }
  if (options.title !== undefined) board.title = options.title.slice(0, roomTitleMaxLength);
  if (options.language !== undefined) board.language = options.language;
  if (options.facilitation !== undefined) {
    const describe = (shapeId: string) => {
      const record = byId.get(shapeId);
      if (record?.typeName !== 'shape' || typeof record.type !== 'string') return undefined;
      const item = toItem(record, byId);
      // A voted shape without text (an image without alt text, a shape) is named by its type.
      return { type: item.type, text: item.text.trim() !== '' ? item.text : item.type };
    };
    board.facilitation = extractFacilitationOutcome(
      options.facilitation,
      describe,
      options.locale,
      exportedAt,
    );
  }
  return board;
}

function comparePageOrder(a: StoredRecord, b: StoredRecord): number {
  return (
    compareStrings(stringOr(a.parentId, ''), stringOr(b.parentId, '')) ||
    compareStrings(stringOr(a.index, ''), stringOr(b.index, '')) ||
    compareStrings(a.id, b.id)
  );
}

/** Code-unit order, which is the order of tldraw's fractional indexes (not `localeCompare`). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface PlacedItem {
  readonly item: OutcomeItem;
  readonly top: number;
  readonly left: number;
}

function extractTemplate(
  record: StoredRecord,
  shape: TemplateShape,
  children: readonly StoredRecord[],
  byId: ReadonlyMap<string, StoredRecord>,
  locale: Locale,
): TemplateOutcome {
  const { instance, definition } = shape;
  const content = layoutTemplateContent(record.id, instance, definition, children);
  const { layout } = content;
  const byCell = new Map<string, PlacedItem[]>();
  const unplaced: PlacedItem[] = [];
  for (const child of children) {
    if (child.type === templateShapeType || typeof child.type !== 'string') continue;
    const box = childBox(child);
    const placed: PlacedItem = {
      item: toItem(child, byId),
      top: box?.y ?? 0,
      left: box?.x ?? 0,
    };
    const cell = content.cellOf(child);
    const list = cell ? (byCell.get(templateCellKey(cell)) ?? []) : unplaced;
    list.push(placed);
    if (cell) byCell.set(templateCellKey(cell), list);
  }
  const itemsOf = (key: string) => readingOrder(byCell.get(key) ?? []);
  const costTable = readTemplateCosts(record);
  const header = {
    shapeId: shape.shapeId,
    templateId: instance.templateId,
    title: definition.title[locale],
    w: instance.w,
    h: instance.h,
    unplaced: readingOrder(unplaced),
    ...(costTable ? { costs: { table: costTable, ...calculateCosts(costTable) } } : {}),
  };
  if (instance.kind === 'canvas' && definition.kind === 'canvas' && layout.kind === 'canvas') {
    const fit = readFitOutcome(record);
    return {
      kind: 'canvas',
      ...header,
      fields: definition.fields.map((field) => ({
        id: field.id,
        kind: field.kind,
        label: resolveLabel({ label: { kind: 'default', key: field.id } }, definition, locale),
      })),
      cells: layout.cells.map((cell) => ({
        kind: 'field',
        fieldId: cell.fieldId,
        items: itemsOf(templateCellKey(cell)),
      })),
      ...(fit ? { fit } : {}),
    };
  }
  if (instance.kind !== 'grid' || layout.kind !== 'grid') {
    // parseTemplateShape only returns instances whose kind matches the definition.
    throw new Error(`template "${instance.templateId}" has mismatched kinds`);
  }
  const outcome: GridTemplateOutcome = {
    kind: 'grid',
    ...header,
    stages: instance.stages.map((stage) => ({
      id: stage.id,
      label: resolveLabel(stage, definition, locale),
    })),
    lanes: instance.lanes.map((lane) => ({
      id: lane.id,
      kind: lane.kind,
      label: resolveLabel(lane, definition, locale),
    })),
    lines: normalizeLines(instance.lanes, instance.lines).map((line) => ({
      id: line.id,
      label: resolveLabel(line, definition, locale),
      aboveLaneId: line.aboveLaneId,
    })),
    cells: layout.cells.map((cell) =>
      cell.kind === 'lane'
        ? { kind: 'lane', laneId: cell.laneId, items: itemsOf(templateCellKey(cell)) }
        : {
            kind: 'cell',
            stageId: cell.stageId,
            laneId: cell.laneId,
            items: itemsOf(templateCellKey(cell)),
          },
    ),
  };
  const feelingsLane = instance.lanes.find((lane) => lane.kind === 'feelings');
  if (feelingsLane) {
    const stageIds = instance.stages.map((stage) => stage.id);
    outcome.feelings = {
      laneId: feelingsLane.id,
      stages: summarizeFeelings(readTemplateFeelings(record) ?? {}, stageIds).map((summary) => ({
        stageId: summary.stageId,
        ...(summary.count > 0 ? { mean: summary.mean, min: summary.min, max: summary.max } : {}),
        count: summary.count,
      })),
    };
  }
  return outcome;
}

/** The fit section of a template shape, or `undefined` when nobody wrote a statement or rated. */
function readFitOutcome(record: StoredRecord): OutcomeFit | undefined {
  const statement = readFitStatement(record);
  const ratings = readTemplateFitRatings(record);
  const rating = ratings ? summarizeFitRatings(ratings) : undefined;
  if (statement === undefined && ratings === undefined) return undefined;
  return {
    ...(statement !== undefined ? { statement } : {}),
    ...(rating ? { rating } : {}),
    ...(ratings ? { ratings } : {}),
  };
}

function readingOrder(items: readonly PlacedItem[]): OutcomeItem[] {
  return [...items]
    .sort(
      (a, b) => a.top - b.top || a.left - b.left || compareStrings(a.item.shapeId, b.item.shapeId),
    )
    .slice(0, maxOutcomeItemsPerCell)
    .map((placed) => placed.item);
}

function toItem(record: StoredRecord, byId: ReadonlyMap<string, StoredRecord>): OutcomeItem {
  const props = isJsonObject(record.props) ? record.props : {};
  const meta = isJsonObject(record.meta) ? record.meta : {};
  const type = String(record.type).slice(0, maxOutcomeShapeIdLength);
  const asset = typeof props.assetId === 'string' ? byId.get(props.assetId) : undefined;
  const assetProps = asset && isJsonObject(asset.props) ? asset.props : {};
  const item: OutcomeItem = {
    shapeId: record.id.slice(0, maxOutcomeShapeIdLength),
    type,
    text: itemText(type, props, assetProps).slice(0, maxOutcomeTextLength),
  };
  const authorId = meta.authorId;
  const authorName = meta.authorName;
  if (typeof authorId === 'string' && authorId !== '') {
    item.authorId = authorId.slice(0, maxOutcomeAuthorLength);
  }
  if (typeof authorName === 'string' && authorName.trim() !== '') {
    item.authorName = authorName.slice(0, maxOutcomeAuthorLength);
  }
  const url = itemUrl(type, props, assetProps);
  if (url !== undefined) item.url = url;
  const reactions = readOutcomeReactions(meta);
  if (reactions !== undefined) item.reactions = reactions;
  return item;
}

function itemText(type: string, props: JsonObject, assetProps: JsonObject): string {
  if (props.richText !== undefined) return richTextToPlainText(props.richText);
  if (typeof props.text === 'string') return props.text;
  if (type === 'image' || type === 'video') {
    const alt = stringOr(props.altText, '');
    return alt.trim() !== '' ? alt : stringOr(assetProps.name, '');
  }
  if (type === 'bookmark') return stringOr(assetProps.title, '');
  if (type === 'frame') return stringOr(props.name, '');
  return '';
}

function itemUrl(type: string, props: JsonObject, assetProps: JsonObject): string | undefined {
  const candidate =
    type === 'image' || type === 'video'
      ? assetProps.src
      : type === 'bookmark' || type === 'embed'
        ? props.url
        : undefined;
  if (typeof candidate !== 'string' || candidate === '') return undefined;
  // Inline data URLs are whole files: useless as a link and too big for a report.
  if (candidate.startsWith('data:') || candidate.length > maxOutcomeUrlLength) return undefined;
  return candidate;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
