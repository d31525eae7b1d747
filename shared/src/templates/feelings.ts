import { z } from 'zod';
import { templateItemIdSchema } from '../schema/templateDefinition.js';

/**
 * The emotion curve of a journey map's feelings lane: every participant
 * scores every stage from −2 (very negative) to +2 (very positive), and the
 * board shows the spread per stage.
 */

/** Lowest feelings score. */
export const minFeelingScore = -2;
/** Highest feelings score. */
export const maxFeelingScore = 2;
/** Longest participant id (awareness client ids and user ids are far shorter). */
export const participantIdMaxLength = 128;

/** One participant's score for one stage: an integer from −2 to +2. */
export const feelingScoreSchema = z.number().int().min(minFeelingScore).max(maxFeelingScore);

/** A validated feelings score. */
export type FeelingScore = z.infer<typeof feelingScoreSchema>;

/** The id of a participant who scores: any non-empty string up to {@link participantIdMaxLength}. */
export const participantIdSchema = z.string().min(1).max(participantIdMaxLength);

/** One participant's scores: stage id → score; unscored stages are absent. */
export const participantFeelingsSchema = z.record(templateItemIdSchema, feelingScoreSchema);

/** One participant's validated scores. */
export type ParticipantFeelingScores = z.infer<typeof participantFeelingsSchema>;

/**
 * All scores of one feelings lane: participant id → stage id → score. A
 * participant may leave stages unscored; scores for stages that no longer
 * exist are kept (the stage may come back through undo) and ignored.
 */
export const feelingScoresSchema = z.record(participantIdSchema, participantFeelingsSchema);

/** Validated feelings scores. */
export type FeelingScores = z.infer<typeof feelingScoresSchema>;

/** The scores of one stage, summarized. */
export interface StageFeelingSummary {
  readonly stageId: string;
  /** Arithmetic mean; `undefined` when nobody scored the stage. */
  readonly mean: number | undefined;
  /** Lowest score; `undefined` when nobody scored the stage. */
  readonly min: number | undefined;
  /** Highest score; `undefined` when nobody scored the stage. */
  readonly max: number | undefined;
  /** How many participants scored the stage. */
  readonly count: number;
}

/** One summary per stage in `stageIds`, in that order; other stages' scores are ignored. */
export function summarizeFeelings(
  scores: FeelingScores,
  stageIds: readonly string[],
): StageFeelingSummary[] {
  const byStage = new Map<string, number[]>(stageIds.map((stageId) => [stageId, []]));
  for (const stageScores of Object.values(scores)) {
    for (const [stageId, score] of Object.entries(stageScores)) {
      byStage.get(stageId)?.push(score);
    }
  }
  return stageIds.map((stageId) => {
    const values = byStage.get(stageId) ?? [];
    if (values.length === 0) {
      return { stageId, mean: undefined, min: undefined, max: undefined, count: 0 };
    }
    // Scores are small integers, so the sum is exact and the mean is one rounding away.
    const sum = values.reduce((total, value) => total + value, 0);
    return {
      stageId,
      mean: sum / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      count: values.length,
    };
  });
}
