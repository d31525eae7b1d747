import { describe, expect, it } from 'vitest';
import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import {
  fitRatingMetaKey,
  fitRatingSchema,
  fitStatementMetaKey,
  fitStatementSchema,
  fitSummarySchema,
  maxFitStatementLength,
  readFitStatement,
  readParticipantFitRating,
  readTemplateFitRatings,
  summarizeFitRatings,
} from './fit.js';

function shapeWithMeta(meta: unknown): StoredRecord {
  return {
    typeName: 'shape',
    id: 'shape:canvas',
    type: 'kohtaamo-template',
    props: {},
    meta: meta as JsonObject,
  };
}

describe('fitRatingSchema', () => {
  it('accepts the integers 1 to 5 only', () => {
    expect([1, 2, 3, 4, 5].every((value) => fitRatingSchema.safeParse(value).success)).toBe(true);
    for (const value of [0, 6, 2.5, -1, '3', null, Number.NaN]) {
      expect(fitRatingSchema.safeParse(value).success).toBe(false);
    }
  });
});

describe('fitStatementSchema', () => {
  it('trims and allows at most the maximum length after trimming', () => {
    expect(fitStatementSchema.parse('  Fast and friendly  ')).toBe('Fast and friendly');
    const longest = 'x'.repeat(maxFitStatementLength);
    expect(fitStatementSchema.parse(`  ${longest}\n`)).toBe(longest);
    expect(fitStatementSchema.safeParse(`${longest}x`).success).toBe(false);
  });
});

describe('summarizeFitRatings', () => {
  it('gives n, mean, min and max of the valid ratings', () => {
    expect(summarizeFitRatings({ a: 4, b: 2 })).toEqual({ n: 2, mean: 3, min: 2, max: 4 });
    expect(summarizeFitRatings({ a: 5, b: 4, c: 4 })).toEqual({
      n: 3,
      mean: 13 / 3,
      min: 4,
      max: 5,
    });
  });

  it('skips invalid values and is undefined when nobody rated', () => {
    expect(summarizeFitRatings({ a: 1, b: null, c: 7, d: '5' })).toEqual({
      n: 1,
      mean: 1,
      min: 1,
      max: 1,
    });
    expect(summarizeFitRatings({})).toBeUndefined();
    expect(summarizeFitRatings({ a: null })).toBeUndefined();
  });

  it('produces summaries that fitSummarySchema accepts', () => {
    const summary = summarizeFitRatings({ a: 1, b: 2, c: 5 });
    expect(fitSummarySchema.safeParse(summary).success).toBe(true);
    expect(fitSummarySchema.safeParse({ n: 2, mean: 4.5, min: 1, max: 4 }).success).toBe(false);
    expect(fitSummarySchema.safeParse({ n: 0, mean: 3, min: 3, max: 3 }).success).toBe(false);
  });
});

describe('fit meta keys', () => {
  it('keeps every participant’s rating in their own key, apart from the statement', () => {
    expect(fitRatingMetaKey('user-1')).toBe('fit:user-1');
    expect(fitStatementMetaKey).toBe('fitStatement');
    expect(fitStatementMetaKey.startsWith('fit:')).toBe(false);
  });
});

describe('readFitStatement', () => {
  it('reads the trimmed statement', () => {
    expect(readFitStatement(shapeWithMeta({ fitStatement: '  We make waiting pleasant ' }))).toBe(
      'We make waiting pleasant',
    );
  });

  it('is undefined for a missing, blank, too long or non-string statement', () => {
    for (const meta of [
      {},
      { fitStatement: '   ' },
      { fitStatement: 'x'.repeat(maxFitStatementLength + 1) },
      { fitStatement: 42 },
      { fitStatement: null },
    ]) {
      expect(readFitStatement(shapeWithMeta(meta))).toBeUndefined();
    }
    expect(readFitStatement(shapeWithMeta('not an object'))).toBeUndefined();
  });
});

describe('readParticipantFitRating and readTemplateFitRatings', () => {
  const meta = {
    [fitRatingMetaKey('alice')]: 4,
    [fitRatingMetaKey('bob')]: 2,
    [fitRatingMetaKey('withdrawn')]: null,
    [fitRatingMetaKey('broken')]: 9,
    [fitRatingMetaKey('')]: 3,
    fitStatement: 'Quick help',
    'feelings:alice': { impulse: 2 },
  };

  it('reads one participant’s own rating, ignoring invalid values', () => {
    const record = shapeWithMeta(meta);
    expect(readParticipantFitRating(record, 'alice')).toBe(4);
    expect(readParticipantFitRating(record, 'withdrawn')).toBeUndefined();
    expect(readParticipantFitRating(record, 'broken')).toBeUndefined();
    expect(readParticipantFitRating(record, 'nobody')).toBeUndefined();
  });

  it('collects every valid rating by participant and skips the rest one by one', () => {
    expect(readTemplateFitRatings(shapeWithMeta(meta))).toEqual({ alice: 4, bob: 2 });
  });

  it('is undefined when there are no valid ratings', () => {
    expect(readTemplateFitRatings(shapeWithMeta({ fitStatement: 'x' }))).toBeUndefined();
    expect(readTemplateFitRatings(shapeWithMeta({ 'fit:a': 0 }))).toBeUndefined();
    expect(readTemplateFitRatings(shapeWithMeta(undefined))).toBeUndefined();
  });
});
