import type { StoredRecord } from '../protocol/docLayout.js';
import { isJsonObject } from '../protocol/docLayout.js';
import type { TemplateDefinition } from '../schema/templateDefinition.js';
import { type TemplateInstance, templateInstanceSchema } from '../schema/templateInstance.js';
import { type CostTable, costTableSchema } from './costs.js';
import {
  type FeelingScores,
  type ParticipantFeelingScores,
  participantFeelingsSchema,
  participantIdSchema,
} from './feelings.js';
import { findTemplateDefinition } from './registry.js';

/**
 * How a template sits on the board: a tldraw shape record of type
 * {@link templateShapeType} whose `props` are exactly a template instance.
 * Content placed on a template is a shape whose `parentId` is the template's
 * id, positioned in the template's own coordinate space.
 *
 * Everything here reads stored data from other clients (possibly newer or
 * older builds), so it returns `undefined` for what it cannot use rather
 * than throwing.
 */

/** The tldraw shape type of an inserted template. */
export const templateShapeType = 'kohtaamo-template';

/** A template shape record that this build can draw and read. */
export interface TemplateShape {
  /** The shape record's id (`shape:…`). */
  readonly shapeId: string;
  /** The validated shape props. */
  readonly instance: TemplateInstance;
  /** The definition the instance was created from. */
  readonly definition: TemplateDefinition;
}

/** Whether a record is a template shape (by type only; its props may still be invalid). */
export function isTemplateShapeRecord(record: StoredRecord): boolean {
  return record.typeName === 'shape' && record.type === templateShapeType;
}

/**
 * The template held by a shape record, or `undefined` if the record is not a
 * template shape, its props are not a valid instance, its template id is
 * unknown to this build, or the instance's kind differs from the
 * definition's (it could not be laid out). Never throws.
 */
export function parseTemplateShape(record: StoredRecord): TemplateShape | undefined {
  if (!isTemplateShapeRecord(record)) return undefined;
  const parsed = templateInstanceSchema.safeParse(withoutEmptyCanvasLists(record.props));
  if (!parsed.success) return undefined;
  const instance = parsed.data;
  const definition = findTemplateDefinition(instance.templateId);
  if (!definition || definition.kind !== instance.kind) return undefined;
  return { shapeId: record.id, instance, definition };
}

/**
 * The board stores every template kind with one prop layout, so a canvas
 * carries empty `stages`, `lanes` and `lines` lists that a canvas instance
 * does not have. Non-empty lists are kept, and the schema refuses them.
 */
function withoutEmptyCanvasLists(props: unknown): unknown {
  if (!isJsonObject(props) || props.kind !== 'canvas') return props;
  const { stages, lanes, lines, ...instance } = props;
  const empty = [stages, lanes, lines].every(
    (list) => list === undefined || (Array.isArray(list) && list.length === 0),
  );
  return empty ? instance : props;
}

/** Prefix of the meta keys that hold one participant's feelings scores each. */
export const feelingsMetaKeyPrefix = 'feelings:';

/**
 * The meta key of a template shape that holds one participant's feelings
 * scores (`{ [stageId]: score }`). Each participant writes only their own
 * key, and the board syncs every meta key as its own field, so two people
 * scoring at the same time never overwrite each other.
 */
export function feelingsMetaKey(participantId: string): string {
  return `${feelingsMetaKeyPrefix}${participantId}`;
}

/**
 * The feelings scores stored on a template shape: every valid
 * `meta['feelings:<participantId>']` plus the legacy `meta.feelings` object
 * (participant id → scores), a participant's own key winning over the legacy
 * entry. Invalid entries are skipped one by one, so a half-written or foreign
 * value must not break an export. `undefined` when there are none.
 */
export function readTemplateFeelings(record: StoredRecord): FeelingScores | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const scores: Record<string, ParticipantFeelingScores> = {};
  const legacy = record.meta.feelings;
  if (isJsonObject(legacy)) {
    for (const [participantId, value] of Object.entries(legacy)) {
      const parsed = participantFeelingsSchema.safeParse(value);
      if (parsed.success && participantIdSchema.safeParse(participantId).success) {
        scores[participantId] = parsed.data;
      }
    }
  }
  for (const [key, value] of Object.entries(record.meta)) {
    if (!key.startsWith(feelingsMetaKeyPrefix)) continue;
    const participantId = key.slice(feelingsMetaKeyPrefix.length);
    if (!participantIdSchema.safeParse(participantId).success) continue;
    const parsed = participantFeelingsSchema.safeParse(value);
    if (parsed.success) scores[participantId] = parsed.data;
  }
  return Object.keys(scores).length > 0 ? scores : undefined;
}

/**
 * One participant's feelings scores on a template shape
 * (`meta['feelings:<participantId>']`), or `undefined` if absent or invalid.
 */
export function readParticipantFeelings(
  record: StoredRecord,
  participantId: string,
): ParticipantFeelingScores | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const parsed = participantFeelingsSchema.safeParse(record.meta[feelingsMetaKey(participantId)]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The cost table stored on a template shape (`meta.costs`), or `undefined`
 * if absent or invalid.
 */
export function readTemplateCosts(record: StoredRecord): CostTable | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const parsed = costTableSchema.safeParse(record.meta.costs);
  return parsed.success ? parsed.data : undefined;
}
