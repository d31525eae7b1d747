import {
  type FeelingScore,
  type FeelingScores,
  feelingsMetaKey,
  type ParticipantFeelingScores,
  readParticipantFeelings,
  readTemplateFeelings,
  type StoredRecord,
} from '@kohtaamo/shared';
import type { Editor, JsonObject } from 'tldraw';
import type { TLTemplateShape } from './templateShapeProps';

// A shape record is plain JSON; the shared readers take it as a stored record.
function asStoredRecord(shape: TLTemplateShape): StoredRecord {
  return shape as unknown as StoredRecord;
}

/** Everyone's feelings scores on a template shape (empty when none). */
export function feelingsOfShape(shape: TLTemplateShape): FeelingScores {
  return readTemplateFeelings(asStoredRecord(shape)) ?? {};
}

/** One participant's own feelings scores on a template shape (empty when none). */
export function participantFeelingsOfShape(
  shape: TLTemplateShape,
  participantId: string,
): ParticipantFeelingScores {
  return readParticipantFeelings(asStoredRecord(shape), participantId) ?? {};
}

/**
 * Sets (or, with `undefined`, clears) the local user's score for one stage.
 * Only the user's own `meta['feelings:<id>']` key is written, so people
 * scoring at the same time never overwrite each other. One undo step.
 */
export function setOwnFeeling(
  editor: Editor,
  shapeId: TLTemplateShape['id'],
  stageId: string,
  score: FeelingScore | undefined,
): void {
  const shape = editor.getShape<TLTemplateShape>(shapeId);
  if (!shape) return;
  const participantId = editor.user.getId();
  const own: Record<string, number> = { ...participantFeelingsOfShape(shape, participantId) };
  if (score === undefined) delete own[stageId];
  else own[stageId] = score;
  const key = feelingsMetaKey(participantId);
  editor.markHistoryStoppingPoint('score feelings');
  editor.updateShape<TLTemplateShape>({
    id: shape.id,
    type: shape.type,
    meta: { ...shape.meta, [key]: own as JsonObject },
  });
}
