import { describe, expect, it } from 'vitest';
import { gridTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { encounterModel } from './encounterModel.js';

describe('encounterModel', () => {
  it('is a valid grid definition', () => {
    expect(gridTemplateDefinitionSchema.parse(encounterModel)).toEqual(encounterModel);
    expect(encounterModel.title).toEqual({ fi: 'Asiakaskohtaamismalli', en: 'Encounter model' });
  });

  it('has the six universal encounter phases, in order', () => {
    expect(encounterModel.stages.map((stage) => stage.label)).toEqual([
      { fi: 'Huomiointi', en: 'Noticing' },
      { fi: 'Kysyminen', en: 'Asking' },
      { fi: 'Kuuntelu', en: 'Listening' },
      { fi: 'Ehdottaminen', en: 'Suggesting' },
      { fi: 'Vahvistaminen', en: 'Confirming' },
      { fi: 'Kiittäminen', en: 'Thanking' },
    ]);
  });

  it('has strengths, weaknesses and target state lanes', () => {
    expect(encounterModel.lanes.map((lane) => [lane.kind, lane.label])).toEqual([
      ['notes', { fi: 'Vahvuudet', en: 'Strengths' }],
      ['notes', { fi: 'Heikkoudet', en: 'Weaknesses' }],
      ['notes', { fi: 'Tahtotila', en: 'Target state' }],
    ]);
  });
});
