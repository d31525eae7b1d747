import {
  type CostTable,
  costTableSchema,
  type FitRating,
  type FitRatings,
  fitRatingMetaKey,
  fitStatementMetaKey,
  fitStatementSchema,
  readFitStatement,
  readParticipantFitRating,
  readTemplateCosts,
  readTemplateFitRatings,
  type StoredRecord,
} from '@kohtaamo/shared';
import type { Editor, JsonObject } from 'tldraw';
import type { TLTemplateShape } from './templateShapeProps';

/**
 * The concept canvas's Costs and Fit data on a template shape's meta:
 * `meta.costs` (the cost table, one value for the team), `meta.fitStatement`
 * (the value proposition, last writer wins) and `meta['fit:<userId>']` (each
 * participant's own rating). Every write is one undo step and is validated
 * first, so the board never holds a value the readers would drop.
 */

// A shape record is plain JSON; the shared readers take it as a stored record.
function asStoredRecord(shape: TLTemplateShape): StoredRecord {
  return shape as unknown as StoredRecord;
}

/** An empty cost table. */
export const emptyCostTable: CostTable = { costs: [], revenues: [] };

/** The cost table of a template shape; empty when absent or invalid. */
export function costTableOfShape(shape: TLTemplateShape): CostTable {
  return readTemplateCosts(asStoredRecord(shape)) ?? emptyCostTable;
}

/** The result of {@link updateCostTable}. */
export type CostTableUpdate = 'saved' | 'unchanged' | 'invalid' | 'missing';

/**
 * Replaces the cost table of a template shape with `update(current)`, where
 * `current` is read at the moment of the call (so a change made by someone
 * else since the panel last rendered is kept). Writes nothing and says
 * `invalid` if the result fails `costTableSchema` (e.g. a total over the
 * limit), `unchanged` if it equals the current table. One undo step.
 */
export function updateCostTable(
  editor: Editor,
  shapeId: TLTemplateShape['id'],
  update: (current: CostTable) => CostTable,
): CostTableUpdate {
  const shape = editor.getShape<TLTemplateShape>(shapeId);
  if (!shape) return 'missing';
  const current = costTableOfShape(shape);
  const parsed = costTableSchema.safeParse(update(current));
  if (!parsed.success) return 'invalid';
  const next = toJson(parsed.data);
  if (JSON.stringify(next) === JSON.stringify(toJson(current))) return 'unchanged';
  editor.markHistoryStoppingPoint('edit costs');
  editor.updateShape<TLTemplateShape>({
    id: shape.id,
    type: shape.type,
    meta: { ...shape.meta, costs: next },
  });
  return 'saved';
}

function toJson(table: CostTable): JsonObject {
  const line = (item: CostTable['costs'][number]): JsonObject => ({
    id: item.id,
    label: item.label,
    amountCents: item.amountCents,
    ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
  });
  return { costs: table.costs.map(line), revenues: table.revenues.map(line) };
}

/** The value-proposition statement of a template shape; `''` when none. */
export function fitStatementOfShape(shape: TLTemplateShape): string {
  return readFitStatement(asStoredRecord(shape)) ?? '';
}

/**
 * Sets the value-proposition statement (trimmed; empty clears it). Returns
 * `false`, writing nothing, if the trimmed text is too long; writes nothing
 * either when it equals the stored statement. One undo step.
 */
export function setFitStatement(
  editor: Editor,
  shapeId: TLTemplateShape['id'],
  text: string,
): boolean {
  const parsed = fitStatementSchema.safeParse(text);
  if (!parsed.success) return false;
  const shape = editor.getShape<TLTemplateShape>(shapeId);
  if (!shape || fitStatementOfShape(shape) === parsed.data) return true;
  editor.markHistoryStoppingPoint('edit value proposition');
  editor.updateShape<TLTemplateShape>({
    id: shape.id,
    type: shape.type,
    meta: { ...shape.meta, [fitStatementMetaKey]: parsed.data },
  });
  return true;
}

/** Everyone's valid fit ratings on a template shape (empty when none). */
export function fitRatingsOfShape(shape: TLTemplateShape): FitRatings {
  return readTemplateFitRatings(asStoredRecord(shape)) ?? {};
}

/** One participant's own fit rating, or `undefined` when they have not rated. */
export function ownFitRatingOfShape(
  shape: TLTemplateShape,
  participantId: string,
): FitRating | undefined {
  return readParticipantFitRating(asStoredRecord(shape), participantId);
}

/**
 * Sets (or, with `undefined`, withdraws) the local user's fit rating. Only
 * the user's own `meta['fit:<id>']` key is written, so people rating at the
 * same time never overwrite each other; a withdrawn rating is stored as
 * `null`, which readers skip. One undo step.
 */
export function setOwnFitRating(
  editor: Editor,
  shapeId: TLTemplateShape['id'],
  rating: FitRating | undefined,
): void {
  const shape = editor.getShape<TLTemplateShape>(shapeId);
  if (!shape) return;
  const key = fitRatingMetaKey(editor.user.getId());
  if ((shape.meta[key] ?? null) === (rating ?? null)) return;
  editor.markHistoryStoppingPoint('rate fit');
  editor.updateShape<TLTemplateShape>({
    id: shape.id,
    type: shape.type,
    meta: { ...shape.meta, [key]: rating ?? null },
  });
}

/** What the drawing of a concept canvas shows in its Costs and Fit fields. */
export interface CanvasFieldData {
  /** The cost table; absent when none was written. */
  readonly costs?: CostTable | undefined;
  /** The value-proposition statement; absent when blank. */
  readonly fitStatement?: string | undefined;
  /** Every valid fit rating by participant id. */
  readonly fitRatings?: FitRatings | undefined;
}

/** The Costs and Fit data of a template shape, for `TemplateDrawing`. */
export function canvasFieldDataOfShape(shape: TLTemplateShape): CanvasFieldData {
  const record = asStoredRecord(shape);
  return {
    costs: readTemplateCosts(record),
    fitStatement: readFitStatement(record),
    fitRatings: readTemplateFitRatings(record),
  };
}
