import { z } from 'zod';
import { isJsonObject, type StoredRecord } from '../protocol/docLayout.js';
import { participantIdSchema } from './feelings.js';

/**
 * The concept canvas's Fit field: the company's value proposition the
 * concept is measured against (one text for the team, last writer wins) and
 * every participant's own rating of how well the concept fits it, from 1
 * (does not fit) to 5 (fits perfectly). Like feelings scores, each rating
 * lives in the participant's own meta key, so people rating at the same time
 * never overwrite each other.
 */

/** Lowest fit rating: the concept does not fit the value proposition. */
export const minFitRating = 1;
/** Highest fit rating: the concept fits the value proposition perfectly. */
export const maxFitRating = 5;
/** Longest value-proposition statement, counted after trimming. */
export const maxFitStatementLength = 1000;

/** One participant's fit rating: an integer from 1 to 5. */
export const fitRatingSchema = z.number().int().min(minFitRating).max(maxFitRating);

/** A validated fit rating. */
export type FitRating = z.infer<typeof fitRatingSchema>;

/**
 * The value-proposition statement: trimmed, at most
 * {@link maxFitStatementLength} characters. May be empty (nothing written).
 */
export const fitStatementSchema = z.string().trim().max(maxFitStatementLength);

/** Every participant's rating: participant id → rating; participants who did not rate are absent. */
export const fitRatingsSchema = z.record(participantIdSchema, fitRatingSchema);

/** Validated fit ratings. */
export type FitRatings = z.infer<typeof fitRatingsSchema>;

/** The ratings of a concept, summarized; only exists when at least one participant rated. */
export const fitSummarySchema = z
  .strictObject({
    /** How many participants rated. */
    n: z.number().int().min(1),
    mean: z.number().min(minFitRating).max(maxFitRating),
    min: fitRatingSchema,
    max: fitRatingSchema,
  })
  .refine((summary) => summary.min <= summary.mean && summary.mean <= summary.max, {
    message: 'mean must lie between min and max',
  });

/** A validated fit summary. */
export type FitSummary = z.infer<typeof fitSummarySchema>;

/**
 * The summary of `ratings` (invalid values are skipped), or `undefined`
 * when nobody rated.
 */
export function summarizeFitRatings(
  ratings: Readonly<Record<string, unknown>>,
): FitSummary | undefined {
  const values = Object.values(ratings).filter(
    (value): value is FitRating => fitRatingSchema.safeParse(value).success,
  );
  if (values.length === 0) return undefined;
  // Ratings are small integers, so the sum is exact and the mean is one rounding away.
  const sum = values.reduce((total, value) => total + value, 0);
  return {
    n: values.length,
    mean: sum / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** The meta key of a template shape that holds the value-proposition statement. */
export const fitStatementMetaKey = 'fitStatement';

/** Prefix of the meta keys that hold one participant's fit rating each. */
export const fitRatingMetaKeyPrefix = 'fit:';

/**
 * The meta key of a template shape that holds one participant's fit rating.
 * Each participant writes only their own key; writing `null` withdraws the
 * rating (readers skip anything that is not a valid rating).
 */
export function fitRatingMetaKey(participantId: string): string {
  return `${fitRatingMetaKeyPrefix}${participantId}`;
}

/**
 * The value-proposition statement stored on a template shape
 * (`meta.fitStatement`), trimmed; `undefined` if absent, blank, too long or
 * not a string. Never throws.
 */
export function readFitStatement(record: StoredRecord): string | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const parsed = fitStatementSchema.safeParse(record.meta[fitStatementMetaKey]);
  return parsed.success && parsed.data !== '' ? parsed.data : undefined;
}

/**
 * One participant's fit rating on a template shape
 * (`meta['fit:<participantId>']`), or `undefined` if absent or invalid.
 */
export function readParticipantFitRating(
  record: StoredRecord,
  participantId: string,
): FitRating | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const parsed = fitRatingSchema.safeParse(record.meta[fitRatingMetaKey(participantId)]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Every valid fit rating stored on a template shape, by participant id.
 * Invalid entries (a withdrawn `null`, a foreign value, a bad participant
 * id) are skipped one by one. `undefined` when there are none.
 */
export function readTemplateFitRatings(record: StoredRecord): FitRatings | undefined {
  if (!isJsonObject(record.meta)) return undefined;
  const ratings: Record<string, FitRating> = {};
  for (const [key, value] of Object.entries(record.meta)) {
    if (!key.startsWith(fitRatingMetaKeyPrefix)) continue;
    const participantId = key.slice(fitRatingMetaKeyPrefix.length);
    if (!participantIdSchema.safeParse(participantId).success) continue;
    const parsed = fitRatingSchema.safeParse(value);
    if (parsed.success) ratings[participantId] = parsed.data;
  }
  return Object.keys(ratings).length > 0 ? ratings : undefined;
}
