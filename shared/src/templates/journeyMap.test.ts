import { describe, expect, it } from 'vitest';
import { gridTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { journeyMap } from './journeyMap.js';

describe('journeyMap', () => {
  it('is a valid grid definition', () => {
    expect(gridTemplateDefinitionSchema.parse(journeyMap)).toEqual(journeyMap);
    expect(journeyMap.title).toEqual({ fi: 'Asiakaspolku', en: 'Customer journey map' });
  });

  it('has the seven customer-relationship stages of DOMAIN.md, in order', () => {
    expect(journeyMap.stages.map((stage) => stage.label)).toEqual([
      { fi: 'Impulssi', en: 'Impulse' },
      { fi: 'Tarpeen havaitseminen', en: 'Need recognition' },
      { fi: 'Harkinta', en: 'Consideration' },
      { fi: 'Ostaminen', en: 'Purchase' },
      { fi: 'Asiakkuus', en: 'Customership' },
      { fi: 'Uskollisuus', en: 'Loyalty' },
      { fi: 'Asiakkuuden loppu', en: 'End of customership' },
    ]);
  });

  it('has the lanes top to bottom, with the header and feelings lanes marked', () => {
    expect(journeyMap.lanes.map((lane) => [lane.kind, lane.label.fi, lane.label.en])).toEqual([
      ['header', 'Persoona ja skenaario', 'Persona & scenario'],
      ['notes', 'Asiakkaan toiminta', 'Customer actions'],
      ['notes', 'Kosketuspisteet', 'Touchpoints'],
      ['notes', 'Ajatukset', 'Thoughts'],
      ['feelings', 'Tunteet', 'Feelings'],
      ['notes', 'Kipupisteet', 'Pain points'],
      ['notes', 'Mahdollisuudet', 'Opportunities'],
    ]);
    expect(journeyMap.lines).toEqual([]);
  });
});
