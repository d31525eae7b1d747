import { z } from 'zod';
import { type Locale, type LocalizedText, localize } from './localizedText.js';
import { TemplateEditError } from './TemplateEditError.js';
import {
  type CanvasTemplateDefinition,
  type GridTemplateDefinition,
  type LaneKind,
  laneKindSchema,
  maxTemplateLanes,
  maxTemplateSize,
  maxTemplateStages,
  minTemplateSize,
  type TemplateDefinition,
  templateItemIdSchema,
  templateSizeSchema,
} from './templateDefinition.js';

/**
 * What a board stores for one inserted template: the props of its tldraw
 * shape. Plain JSON, versioned, and self-contained enough to draw without
 * guessing: lanes carry their kind, lines carry their anchor lane.
 *
 * Labels either point at the definition (`{ kind: 'default', key }`, shown in
 * the viewer's UI language) or hold a user's text verbatim (`custom`). A
 * custom label keeps the key of the default it replaced, so clearing a
 * rename restores the default.
 *
 * Structure edits are pure: they return a new instance and never change the
 * one passed in. A refused edit throws a {@link TemplateEditError}.
 *
 * Blueprint lines divide the lanes into zones (customer, frontstage,
 * backstage, support). A line is stored by the id of the lane directly above
 * it, so edits that do not touch that lane leave the line where it is. The
 * rules, chosen so that a line only moves when the lanes around it do:
 * - an added lane joins the zone of the lane directly above it (the top zone
 *   at index 0);
 * - a moved lane joins the zone of the last lane it passed: moving within a
 *   zone never crosses a line, moving past a lane on the far side of a line
 *   does;
 * - a removed lane hands its line to the lane above it, so the line stays on
 *   the same boundary. If that empties a zone, the two lines around it would
 *   meet: the lower one is kept (removing the frontstage lane keeps the line
 *   of visibility between customer and backstage actions). A line that would
 *   end up on the template's top or bottom edge is removed.
 * Stages, lanes and lines are separate props that merge independently, so
 * readers must tolerate a line whose lane is gone: {@link normalizeLines}
 * drops what cannot be drawn, and every lane edit applies it.
 */

/** The current instance format; bump it (and add a migration) when the shape of the data changes. */
export const templateInstanceVersion = 1;

/** Longest label a user may type for a stage, lane or line. */
export const maxCustomLabelLength = 200;

/** A label that follows the definition: its localized label with this key (the item id in the definition). */
export const defaultTemplateLabelSchema = z.strictObject({
  kind: z.literal('default'),
  key: templateItemIdSchema,
});

/**
 * A label the user typed, kept verbatim (not translated, not trimmed). `key`
 * remembers the default it replaced, if any, so the default can be restored.
 */
export const customTemplateLabelSchema = z.strictObject({
  kind: z.literal('custom'),
  text: z
    .string()
    .max(maxCustomLabelLength, `label must be at most ${maxCustomLabelLength} characters`)
    .refine((text) => text.trim() !== '', 'label must not be blank'),
  key: templateItemIdSchema.optional(),
});

/** The label of a stage, lane or line: the definition's default or a user's text. */
export const templateLabelSchema = z.discriminatedUnion('kind', [
  defaultTemplateLabelSchema,
  customTemplateLabelSchema,
]);

/** A validated item label. */
export type TemplateLabel = z.infer<typeof templateLabelSchema>;

/** A column of an inserted grid template. */
export const templateStageSchema = z.strictObject({
  id: templateItemIdSchema,
  label: templateLabelSchema,
});

/** A validated instance stage. */
export type TemplateStage = z.infer<typeof templateStageSchema>;

/** A row of an inserted grid template. */
export const templateLaneSchema = z.strictObject({
  id: templateItemIdSchema,
  kind: laneKindSchema,
  label: templateLabelSchema,
});

/** A validated instance lane. */
export type TemplateLane = z.infer<typeof templateLaneSchema>;

/** A blueprint line of an inserted grid template, drawn directly below the lane `aboveLaneId`. */
export const templateLineSchema = z.strictObject({
  id: templateItemIdSchema,
  label: templateLabelSchema,
  aboveLaneId: templateItemIdSchema,
});

/** A validated instance line. */
export type TemplateLine = z.infer<typeof templateLineSchema>;

const instanceHeaderShape = {
  version: z.literal(templateInstanceVersion),
  /** The id of the definition this instance was created from. */
  templateId: templateItemIdSchema,
  w: templateSizeSchema.shape.w,
  h: templateSizeSchema.shape.h,
};

function addDuplicateIdIssues(
  ctx: z.RefinementCtx,
  listName: string,
  items: readonly { id: string }[],
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate id "${item.id}"`,
        path: [listName, index, 'id'],
      });
    }
    seen.add(item.id);
  });
}

/**
 * An inserted grid template. Ids are unique within stages, lanes and lines.
 * Lines may refer to lanes that no longer exist (see the module comment).
 */
export const gridTemplateInstanceSchema = z
  .strictObject({
    ...instanceHeaderShape,
    kind: z.literal('grid'),
    stages: z.array(templateStageSchema).min(1).max(maxTemplateStages),
    lanes: z.array(templateLaneSchema).min(1).max(maxTemplateLanes),
    lines: z.array(templateLineSchema).max(maxTemplateLanes),
  })
  .superRefine((instance, ctx) => {
    addDuplicateIdIssues(ctx, 'stages', instance.stages);
    addDuplicateIdIssues(ctx, 'lanes', instance.lanes);
    addDuplicateIdIssues(ctx, 'lines', instance.lines);
  });

/** A validated grid template instance. */
export type GridTemplateInstance = z.infer<typeof gridTemplateInstanceSchema>;

/** An inserted canvas template; its fields are fixed by the definition. */
export const canvasTemplateInstanceSchema = z.strictObject({
  ...instanceHeaderShape,
  kind: z.literal('canvas'),
});

/** A validated canvas template instance. */
export type CanvasTemplateInstance = z.infer<typeof canvasTemplateInstanceSchema>;

/** Any inserted template, discriminated by `kind` like its definition. */
export const templateInstanceSchema = z.discriminatedUnion('kind', [
  gridTemplateInstanceSchema,
  canvasTemplateInstanceSchema,
]);

/** A validated template instance. */
export type TemplateInstance = z.infer<typeof templateInstanceSchema>;

/** Optional size of a new instance; missing values come from the definition's default size. */
export interface TemplateInstanceOptions {
  w?: number;
  h?: number;
}

/**
 * A freshly inserted template: the definition's default stages, lanes and
 * lines with default labels, at the default size unless given.
 * @throws {TemplateEditError} `invalidSize` if a size is outside
 *   [{@link minTemplateSize}, {@link maxTemplateSize}].
 */
export function createTemplateInstance(
  definition: GridTemplateDefinition,
  options?: TemplateInstanceOptions,
): GridTemplateInstance;
export function createTemplateInstance(
  definition: CanvasTemplateDefinition,
  options?: TemplateInstanceOptions,
): CanvasTemplateInstance;
export function createTemplateInstance(
  definition: TemplateDefinition,
  options?: TemplateInstanceOptions,
): TemplateInstance;
export function createTemplateInstance(
  definition: TemplateDefinition,
  options: TemplateInstanceOptions = {},
): TemplateInstance {
  const w = options.w ?? definition.defaultSize.w;
  const h = options.h ?? definition.defaultSize.h;
  if (!templateSizeSchema.safeParse({ w, h }).success) {
    throw new TemplateEditError(
      'invalidSize',
      `template size must be between ${minTemplateSize} and ${maxTemplateSize}, got ${w}×${h}`,
    );
  }
  const header = { version: templateInstanceVersion, templateId: definition.id, w, h } as const;
  if (definition.kind === 'canvas') return { ...header, kind: 'canvas' };
  return {
    ...header,
    kind: 'grid',
    stages: definition.stages.map((stage) => ({ id: stage.id, label: defaultLabel(stage.id) })),
    lanes: definition.lanes.map((lane) => ({
      id: lane.id,
      kind: lane.kind,
      label: defaultLabel(lane.id),
    })),
    lines: definition.lines.map((line) => ({
      id: line.id,
      label: defaultLabel(line.id),
      aboveLaneId: line.aboveLaneId,
    })),
  };
}

/**
 * A new random item id (10 base64url characters, 60 bits), for stages and
 * lanes added by users and for cost lines. Random rather than sequential so
 * that a removed stage's id is never reused: data keyed by stage id (feelings
 * scores) must not reattach to a different stage.
 */
export function createTemplateItemId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 10);
}

/** Where to add a stage, and optionally its id (a new random id by default). */
export interface AddStageOptions {
  /** Index the new stage will have; defaults to the end. */
  at?: number;
  /** Id for the new stage; must be unused. */
  id?: string;
}

/** Where to add a lane, its id and what it holds. */
export interface AddLaneOptions extends AddStageOptions {
  /** What the lane holds; defaults to `notes`. */
  kind?: LaneKind;
}

/**
 * Adds a stage named `text` (kept verbatim).
 * @throws {TemplateEditError} on a blank or too long name, a used or invalid
 *   id, an index outside 0…stages.length, or more than {@link maxTemplateStages} stages.
 */
export function addStage(
  instance: GridTemplateInstance,
  text: string,
  options: AddStageOptions = {},
): GridTemplateInstance {
  const stage: TemplateStage = {
    id: newItemId(instance.stages, options.id, maxTemplateStages, 'stage'),
    label: customLabel(text, undefined),
  };
  const at = insertionIndex(instance.stages, options.at);
  return { ...instance, stages: insertAt(instance.stages, at, stage) };
}

/**
 * Adds a lane named `text` (kept verbatim). It joins the blueprint zone of
 * the lane directly above it (the top zone at index 0).
 * @throws {TemplateEditError} on a blank or too long name, a used or invalid
 *   id, an index outside 0…lanes.length, or more than {@link maxTemplateLanes} lanes.
 */
export function addLane(
  instance: GridTemplateInstance,
  text: string,
  options: AddLaneOptions = {},
): GridTemplateInstance {
  const lane: TemplateLane = {
    id: newItemId(instance.lanes, options.id, maxTemplateLanes, 'lane'),
    kind: options.kind ?? 'notes',
    label: customLabel(text, undefined),
  };
  const at = insertionIndex(instance.lanes, options.at);
  const lines = normalizeLines(instance.lanes, instance.lines);
  return {
    ...instance,
    lanes: insertAt(instance.lanes, at, lane),
    lines: linesAfterInsertion(instance.lanes, lines, at, lane.id, 'joinAbove'),
  };
}

/**
 * Renames a stage. Any non-blank text becomes a custom label kept verbatim,
 * even if it equals the default; blank text restores the default label.
 * @throws {TemplateEditError} `blankLabel` if the text is blank and the stage
 *   has no default (it was added by a user); `labelTooLong`; `unknownItem`.
 */
export function renameStage(
  instance: GridTemplateInstance,
  stageId: string,
  text: string,
): GridTemplateInstance {
  const index = indexOfItem(instance.stages, stageId, 'stage');
  return { ...instance, stages: replaceLabel(instance.stages, index, text) };
}

/**
 * Renames a lane; the same rules as {@link renameStage}.
 * @throws {TemplateEditError} `blankLabel`, `labelTooLong` or `unknownItem`.
 */
export function renameLane(
  instance: GridTemplateInstance,
  laneId: string,
  text: string,
): GridTemplateInstance {
  const index = indexOfItem(instance.lanes, laneId, 'lane');
  return { ...instance, lanes: replaceLabel(instance.lanes, index, text) };
}

/**
 * Moves a stage so that it ends up at index `toIndex`.
 * @throws {TemplateEditError} `unknownItem`, or `indexOutOfRange` unless
 *   0 ≤ toIndex < stages.length.
 */
export function moveStage(
  instance: GridTemplateInstance,
  stageId: string,
  toIndex: number,
): GridTemplateInstance {
  const from = indexOfItem(instance.stages, stageId, 'stage');
  checkIndex(toIndex, instance.stages.length - 1);
  return { ...instance, stages: moveItem(instance.stages, from, toIndex) };
}

/**
 * Moves a lane so that it ends up at index `toIndex`. It joins the blueprint
 * zone of the last lane it passed; lines follow the rules in the module comment.
 * @throws {TemplateEditError} `unknownItem`, or `indexOutOfRange` unless
 *   0 ≤ toIndex < lanes.length.
 */
export function moveLane(
  instance: GridTemplateInstance,
  laneId: string,
  toIndex: number,
): GridTemplateInstance {
  const from = indexOfItem(instance.lanes, laneId, 'lane');
  checkIndex(toIndex, instance.lanes.length - 1);
  const lines = normalizeLines(instance.lanes, instance.lines);
  // Removing and re-inserting in place would merge the lines around a lone lane.
  if (from === toIndex) return { ...instance, lines };
  const remaining = instance.lanes.filter((_, index) => index !== from);
  const afterRemoval = linesAfterRemoval(instance.lanes, lines, from);
  const side = toIndex > from ? 'joinAbove' : 'joinBelow';
  return {
    ...instance,
    lanes: moveItem(instance.lanes, from, toIndex),
    lines: linesAfterInsertion(remaining, afterRemoval, toIndex, laneId, side),
  };
}

/**
 * Removes a stage. Data keyed by its id elsewhere (feelings scores) is left
 * alone and ignored from then on.
 * @throws {TemplateEditError} `lastItem` for the only stage, `unknownItem`.
 */
export function removeStage(instance: GridTemplateInstance, stageId: string): GridTemplateInstance {
  const index = indexOfItem(instance.stages, stageId, 'stage');
  if (instance.stages.length === 1) {
    throw new TemplateEditError('lastItem', 'a template needs at least one stage');
  }
  return { ...instance, stages: instance.stages.filter((_, i) => i !== index) };
}

/**
 * Removes a lane. A line below it moves up to the lane above it; see the
 * module comment for the lines that are removed with it.
 * @throws {TemplateEditError} `lastItem` for the only lane, `unknownItem`.
 */
export function removeLane(instance: GridTemplateInstance, laneId: string): GridTemplateInstance {
  const index = indexOfItem(instance.lanes, laneId, 'lane');
  if (instance.lanes.length === 1) {
    throw new TemplateEditError('lastItem', 'a template needs at least one lane');
  }
  const lines = normalizeLines(instance.lanes, instance.lines);
  return {
    ...instance,
    lanes: instance.lanes.filter((_, i) => i !== index),
    lines: linesAfterRemoval(instance.lanes, lines, index),
  };
}

/**
 * The lines that can be drawn, in their stored order: those directly below
 * an existing lane other than the last, at most one per lane (the first).
 * Edits keep lines in this form; stored data may drift from it when
 * concurrent edits of lanes and lines merge.
 */
export function normalizeLines(
  lanes: readonly TemplateLane[],
  lines: readonly TemplateLine[],
): TemplateLine[] {
  const anchors = new Set(lanes.slice(0, -1).map((lane) => lane.id));
  const used = new Set<string>();
  return lines.filter((line) => {
    if (!anchors.has(line.aboveLaneId) || used.has(line.aboveLaneId)) return false;
    used.add(line.aboveLaneId);
    return true;
  });
}

/**
 * The text to show for a stage, lane, line or field label: a custom label
 * verbatim, a default one in `locale`. A default key the definition does not
 * know (a board from a newer build) shows as the key itself rather than
 * failing to render.
 */
export function resolveLabel(
  item: { readonly label: TemplateLabel },
  definition: TemplateDefinition,
  locale: Locale,
): string {
  const { label } = item;
  if (label.kind === 'custom') return label.text;
  const text = findDefaultLabel(definition, label.key);
  return text ? localize(text, locale) : label.key;
}

function findDefaultLabel(definition: TemplateDefinition, key: string): LocalizedText | undefined {
  const items: readonly { id: string; label: LocalizedText }[] =
    definition.kind === 'grid'
      ? [...definition.stages, ...definition.lanes, ...definition.lines]
      : definition.fields;
  return items.find((item) => item.id === key)?.label;
}

function defaultLabel(key: string): TemplateLabel {
  return { kind: 'default', key };
}

function customLabel(text: string, key: string | undefined): TemplateLabel {
  if (text.trim() === '') throw new TemplateEditError('blankLabel', 'a label must not be blank');
  if (text.length > maxCustomLabelLength) {
    throw new TemplateEditError(
      'labelTooLong',
      `a label must be at most ${maxCustomLabelLength} characters`,
    );
  }
  return key === undefined ? { kind: 'custom', text } : { kind: 'custom', text, key };
}

function replaceLabel<T extends { label: TemplateLabel }>(
  items: readonly T[],
  index: number,
  text: string,
): T[] {
  const item = items[index] as T;
  const key = item.label.key;
  const label =
    text.trim() === '' && key !== undefined ? defaultLabel(key) : customLabel(text, key);
  return items.map((other, i) => (i === index ? { ...other, label } : other));
}

function indexOfItem(items: readonly { id: string }[], id: string, noun: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw new TemplateEditError('unknownItem', `no ${noun} with id "${id}"`);
  return index;
}

function newItemId(
  items: readonly { id: string }[],
  requested: string | undefined,
  max: number,
  noun: string,
): string {
  if (items.length >= max) {
    throw new TemplateEditError('tooManyItems', `a template may have at most ${max} ${noun}s`);
  }
  const used = new Set(items.map((item) => item.id));
  if (requested === undefined) {
    let id = createTemplateItemId();
    while (used.has(id)) id = createTemplateItemId();
    return id;
  }
  if (!templateItemIdSchema.safeParse(requested).success) {
    throw new TemplateEditError('invalidId', `"${requested}" is not a valid ${noun} id`);
  }
  if (used.has(requested)) {
    throw new TemplateEditError('duplicateId', `a ${noun} with id "${requested}" exists`);
  }
  return requested;
}

function checkIndex(index: number, max: number): void {
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new TemplateEditError('indexOutOfRange', `index ${index} is outside 0…${max}`);
  }
}

function insertionIndex(items: readonly unknown[], at: number | undefined): number {
  if (at === undefined) return items.length;
  checkIndex(at, items.length);
  return at;
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const rest = items.filter((_, index) => index !== from);
  return insertAt(rest, to, items[from] as T);
}

/**
 * Lines after inserting a lane at `index` into `lanes` (the list without it).
 * `joinAbove`: the lane joins the zone of the lane before it, so a line below
 * that lane moves down to the new one. `joinBelow`: it joins the zone of the
 * lane after it, and since lines hang below their lane, nothing moves.
 */
function linesAfterInsertion(
  lanes: readonly TemplateLane[],
  lines: readonly TemplateLine[],
  index: number,
  insertedId: string,
  side: 'joinAbove' | 'joinBelow',
): TemplateLine[] {
  const laneAbove = lanes[index - 1];
  if (side === 'joinBelow' || !laneAbove || index === lanes.length) return [...lines];
  return lines.map((line) =>
    line.aboveLaneId === laneAbove.id ? { ...line, aboveLaneId: insertedId } : line,
  );
}

/** Lines after removing the lane at `index` from `lanes`; `lines` must be normalized. */
function linesAfterRemoval(
  lanes: readonly TemplateLane[],
  lines: readonly TemplateLine[],
  index: number,
): TemplateLine[] {
  const removedId = (lanes[index] as TemplateLane).id;
  const laneAbove = lanes[index - 1];
  const handsUp = laneAbove !== undefined && lines.some((line) => line.aboveLaneId === removedId);
  const result = lines.flatMap((line) => {
    if (line.aboveLaneId === removedId) {
      return laneAbove ? [{ ...line, aboveLaneId: laneAbove.id }] : [];
    }
    // The removed lane was alone in its zone: the line above it would meet
    // the one handed up from below it, and the lower one stays.
    if (handsUp && line.aboveLaneId === laneAbove?.id) return [];
    return [line];
  });
  return normalizeLines(
    lanes.filter((_, i) => i !== index),
    result,
  );
}
