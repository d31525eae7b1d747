import { describe, expect, it } from 'vitest';
import { feelingScoreSchema, feelingScoresSchema, summarizeFeelings } from './feelings.js';

describe('feelingScoreSchema', () => {
  it('accepts the integers from -2 to +2 only', () => {
    for (const score of [-2, -1, 0, 1, 2]) expect(feelingScoreSchema.parse(score)).toBe(score);
    for (const score of [-3, 3, 0.5, Number.NaN, '1']) {
      expect(feelingScoreSchema.safeParse(score).success).toBe(false);
    }
  });
});

describe('feelingScoresSchema', () => {
  it('maps participants to stages to scores', () => {
    const scores = { alice: { impulse: 2, purchase: -1 }, bob: {} };
    expect(feelingScoresSchema.parse(scores)).toEqual(scores);
  });

  it.each([
    ['an out-of-range score', { alice: { impulse: 5 } }],
    ['an empty participant id', { '': { impulse: 1 } }],
    ['an invalid stage id', { alice: { 'not a stage': 1 } }],
    ['a flat list', [1, 2]],
  ])('rejects %s', (_name, value) => {
    expect(feelingScoresSchema.safeParse(value).success).toBe(false);
  });
});

describe('summarizeFeelings', () => {
  const scores = {
    alice: { impulse: 2, consideration: -2, purchase: 1 },
    bob: { impulse: 1, consideration: 1 },
    carol: { impulse: -1, removedStage: 2 },
  };

  it('summarizes each stage in the given order', () => {
    expect(summarizeFeelings(scores, ['consideration', 'impulse'])).toEqual([
      { stageId: 'consideration', mean: -0.5, min: -2, max: 1, count: 2 },
      { stageId: 'impulse', mean: 2 / 3, min: -1, max: 2, count: 3 },
    ]);
  });

  it('leaves the mean undefined for a stage nobody scored', () => {
    expect(summarizeFeelings(scores, ['loyalty'])).toEqual([
      { stageId: 'loyalty', mean: undefined, min: undefined, max: undefined, count: 0 },
    ]);
    expect(summarizeFeelings({}, ['impulse'])[0]?.count).toBe(0);
  });

  it('ignores scores for stages not asked about', () => {
    const summary = summarizeFeelings(scores, ['impulse', 'purchase']);
    expect(summary.map((stage) => stage.stageId)).toEqual(['impulse', 'purchase']);
    expect(summary[1]).toEqual({ stageId: 'purchase', mean: 1, min: 1, max: 1, count: 1 });
  });
});
