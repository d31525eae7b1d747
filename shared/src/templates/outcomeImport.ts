import { z } from 'zod';
import { isJsonObject, type JsonObject } from '../protocol/docLayout.js';
import { locales } from '../schema/localizedText.js';
import type { TemplateDefinition } from '../schema/templateDefinition.js';
import {
  maxCustomLabelLength,
  normalizeLines,
  type TemplateInstance,
  type TemplateLabel,
  templateInstanceSchema,
  templateInstanceVersion,
} from '../schema/templateInstance.js';
import type { CostLine } from './costs.js';
import { fitRatingMetaKey, fitStatementMetaKey } from './fit.js';
import { type Box, layoutTemplate, type TemplateLayout } from './layout.js';
import {
  type BoardOutcomes,
  boardOutcomesFormat,
  boardOutcomesSchema,
  boardOutcomesV1Schema,
  boardOutcomesVersion,
  type OutcomeCell,
  type OutcomeItem,
  type TemplateOutcome,
} from './outcomes.js';
import { findTemplateDefinition } from './registry.js';

/**
 * Importing exported outcomes (`outcomes.ts`): validate a file, then turn
 * each template outcome back into a template instance plus the positions of
 * its items, so a client can recreate the template with its content. Labels
 * that equal a definition default (in any UI language) become default labels
 * again, so they follow the viewer's language; anything else stays the
 * user's text.
 */

/** The result of {@link parseBoardOutcomes}. */
export type ParseBoardOutcomesResult =
  | { readonly success: true; readonly board: BoardOutcomes }
  | { readonly success: false; readonly error: string };

/**
 * Validates an outcomes file: either its parsed JSON value or its text.
 * Version 1 files (before reactions and facilitation) are read and returned
 * as the current version.
 * Errors are meant for the person importing: a file that is not JSON, not an
 * outcomes export, or from a newer version says so; otherwise the zod issues
 * are listed with their paths.
 */
export function parseBoardOutcomes(json: unknown): ParseBoardOutcomesResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json.replace(/^\uFEFF/, ''));
    } catch {
      return { success: false, error: 'the file is not valid JSON' };
    }
  }
  if (!isJsonObject(value) || value.format !== boardOutcomesFormat) {
    return {
      success: false,
      error: `not a Kohtaamo outcomes file (format "${boardOutcomesFormat}")`,
    };
  }
  if (typeof value.version === 'number' && value.version > boardOutcomesVersion) {
    return {
      success: false,
      error: `outcomes version ${value.version} is newer than this app reads (${boardOutcomesVersion})`,
    };
  }
  if (value.version === 1) {
    // Version 1 is version 2 without reactions and facilitation: upgrading is relabelling.
    const old = boardOutcomesV1Schema.safeParse(value);
    if (!old.success) return { success: false, error: z.prettifyError(old.error) };
    return { success: true, board: { ...old.data, version: boardOutcomesVersion } };
  }
  const parsed = boardOutcomesSchema.safeParse(value);
  if (!parsed.success) return { success: false, error: z.prettifyError(parsed.error) };
  return { success: true, board: parsed.data };
}

/** Where a recreated item goes: a box in the template's coordinate space. */
export interface RecreatedItem {
  readonly item: OutcomeItem;
  /** The cell it came from; `undefined` for unplaced items. */
  readonly cell: OutcomeCellRef | undefined;
  /** Top-left corner, in the template's coordinate space. */
  readonly x: number;
  readonly y: number;
  /** Side length of the square the item was laid out in. */
  readonly size: number;
  /** `size` as a note scale (a note at scale 1 is 200 wide). */
  readonly scale: number;
}

/** Which cell an item belongs to, as in {@link OutcomeCell} without its items. */
export type OutcomeCellRef =
  | { readonly kind: 'cell'; readonly stageId: string; readonly laneId: string }
  | { readonly kind: 'lane'; readonly laneId: string }
  | { readonly kind: 'field'; readonly fieldId: string };

/** A template ready to be put back on a board. */
export interface RecreatedTemplate {
  readonly definition: TemplateDefinition;
  /** Valid shape props for a template shape. */
  readonly instance: TemplateInstance;
  /** Every item of the outcome, cell by cell in reading order, then the unplaced ones. */
  readonly items: readonly RecreatedItem[];
  /**
   * Meta for the template shape that restores what the template held besides
   * its items: the cost table (`costs`) and, on a canvas, the fit statement
   * and every participant's own fit rating key (see `fit.ts`). Empty when
   * the outcome has none. Feelings are exported as summaries only and cannot
   * be restored.
   */
  readonly meta: JsonObject;
}

/** Side of a note at scale 1, the largest an item is laid out. */
const noteSize = 200;
/** Gap between items and padding inside a cell, as a share of the item size. */
const gapRatio = 0.1;

/**
 * Recreates the template of an outcome: its instance (same stages, lanes,
 * lines and size) and a position for every item. Items fill their cell in a
 * row-major grid of equal squares, as big as fits (at most a scale-1 note),
 * so reading order survives a new extraction. Unplaced items go to the
 * grid's top-left corner, or to the right of a canvas, so they stay out of
 * every cell. `undefined` if this build does not know the template.
 */
export function outcomeToTemplateInstance(outcome: TemplateOutcome): RecreatedTemplate | undefined {
  const definition = findTemplateDefinition(outcome.templateId);
  if (!definition || definition.kind !== outcome.kind) return undefined;
  const instance = recreateInstance(outcome, definition);
  const layout: TemplateLayout = layoutTemplate(instance, definition);
  const items: RecreatedItem[] = [];
  for (const cell of outcome.cells as readonly OutcomeCell[]) {
    const box = findCellBox(layout, cell);
    if (!box) continue;
    const ref = cellRef(cell);
    items.push(...flow(cell.items, box, ref));
  }
  const unplacedBox: Box =
    layout.kind === 'grid'
      ? layout.corner
      : {
          minX: layout.bounds.maxX,
          minY: 0,
          maxX: layout.bounds.maxX + noteSize * 2,
          maxY: layout.bounds.maxY,
        };
  items.push(...flow(outcome.unplaced, unplacedBox, undefined));
  return { definition, instance, items, meta: recreateMeta(outcome) };
}

function recreateMeta(outcome: TemplateOutcome): JsonObject {
  const meta: JsonObject = {};
  if (outcome.costs) {
    meta.costs = {
      costs: outcome.costs.table.costs.map(costLineToJson),
      revenues: outcome.costs.table.revenues.map(costLineToJson),
    };
  }
  if (outcome.kind === 'canvas' && outcome.fit) {
    if (outcome.fit.statement !== undefined) meta[fitStatementMetaKey] = outcome.fit.statement;
    for (const [participantId, rating] of Object.entries(outcome.fit.ratings ?? {})) {
      meta[fitRatingMetaKey(participantId)] = rating;
    }
  }
  return meta;
}

function costLineToJson(line: CostLine): JsonObject {
  const json: JsonObject = { id: line.id, label: line.label, amountCents: line.amountCents };
  if (line.quantity !== undefined) json.quantity = line.quantity;
  return json;
}

/**
 * A TipTap document with one paragraph per line of `text`, for recreating
 * notes and text shapes from {@link OutcomeItem.text}. Empty lines become
 * empty paragraphs, so `richTextToPlainText` gives the text back unchanged.
 */
export function plainTextToRichText(text: string): JsonObject {
  return {
    type: 'doc',
    content: text
      .split('\n')
      .map((line) =>
        line === ''
          ? { type: 'paragraph' }
          : { type: 'paragraph', content: [{ type: 'text', text: line }] },
      ),
  };
}

function recreateInstance(
  outcome: TemplateOutcome,
  definition: TemplateDefinition,
): TemplateInstance {
  const header = {
    version: templateInstanceVersion,
    templateId: outcome.templateId,
    w: outcome.w,
    h: outcome.h,
  } as const;
  if (outcome.kind === 'canvas' || definition.kind === 'canvas') {
    return templateInstanceSchema.parse({ ...header, kind: 'canvas' });
  }
  const defaults = new Map(
    [...definition.stages, ...definition.lanes, ...definition.lines].map((item) => [
      item.id,
      item.label,
    ]),
  );
  const label = (id: string, text: string): TemplateLabel => {
    const localized = defaults.get(id);
    if (localized && locales.some((locale) => localized[locale] === text)) {
      return { kind: 'default', key: id };
    }
    const custom = text.slice(0, maxCustomLabelLength);
    return localized ? { kind: 'custom', text: custom, key: id } : { kind: 'custom', text: custom };
  };
  const lanes = outcome.lanes.map((lane) => ({
    id: lane.id,
    kind: lane.kind,
    label: label(lane.id, lane.label),
  }));
  const lines = outcome.lines.map((line) => ({
    id: line.id,
    label: label(line.id, line.label),
    aboveLaneId: line.aboveLaneId,
  }));
  // The outcome schema checks ids and references, so this parse only fails on a bug here.
  return templateInstanceSchema.parse({
    ...header,
    kind: 'grid',
    stages: outcome.stages.map((stage) => ({ id: stage.id, label: label(stage.id, stage.label) })),
    lanes,
    lines: normalizeLines(lanes, lines),
  });
}

function cellRef(cell: OutcomeCell): OutcomeCellRef {
  if (cell.kind === 'field') return { kind: 'field', fieldId: cell.fieldId };
  if (cell.kind === 'lane') return { kind: 'lane', laneId: cell.laneId };
  return { kind: 'cell', stageId: cell.stageId, laneId: cell.laneId };
}

function findCellBox(layout: TemplateLayout, cell: OutcomeCell): Box | undefined {
  if (layout.kind === 'canvas') {
    return cell.kind === 'field'
      ? layout.cells.find((candidate) => candidate.fieldId === cell.fieldId)?.box
      : undefined;
  }
  return layout.cells.find((candidate) => {
    if (cell.kind === 'lane') return candidate.kind === 'lane' && candidate.laneId === cell.laneId;
    if (cell.kind === 'cell') {
      return (
        candidate.kind === 'cell' &&
        candidate.laneId === cell.laneId &&
        candidate.stageId === cell.stageId
      );
    }
    return false;
  })?.box;
}

/**
 * Lays `items` out row by row in equal squares inside `box`, choosing the
 * column count that gives the biggest squares. Every square, padding
 * included, stays strictly inside the box, so each item's centre falls in it.
 */
function flow(
  items: readonly OutcomeItem[],
  box: Box,
  cell: OutcomeCellRef | undefined,
): RecreatedItem[] {
  if (items.length === 0) return [];
  const width = box.maxX - box.minX;
  const height = box.maxY - box.minY;
  let best = { columns: 1, size: 0 };
  for (let columns = 1; columns <= items.length; columns++) {
    const rows = Math.ceil(items.length / columns);
    // n squares plus n + 1 gaps (padding on both sides) per row and column.
    const size = Math.min(
      noteSize,
      width / (columns + (columns + 1) * gapRatio),
      height / (rows + (rows + 1) * gapRatio),
    );
    if (size > best.size) best = { columns, size };
  }
  const { columns, size } = best;
  const gap = size * gapRatio;
  return items.map((item, index) => ({
    item,
    cell,
    x: box.minX + gap + (index % columns) * (size + gap),
    y: box.minY + gap + Math.floor(index / columns) * (size + gap),
    size,
    scale: size / noteSize,
  }));
}
