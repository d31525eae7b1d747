import { describe, expect, it } from 'vitest';
import { gridTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { persona } from './persona.js';

describe('persona', () => {
  it('is a valid grid definition with one column for the persona', () => {
    expect(gridTemplateDefinitionSchema.parse(persona)).toEqual(persona);
    expect(persona.title).toEqual({ fi: 'Asiakaspersoona', en: 'Persona' });
    expect(persona.stages).toHaveLength(1);
  });

  it('has needs, motivations and pain points lanes', () => {
    expect(persona.lanes.map((lane) => [lane.kind, lane.label.fi, lane.label.en])).toEqual([
      ['notes', 'Tarpeet', 'Needs'],
      ['notes', 'Motivaatiot', 'Motivations'],
      ['notes', 'Kipupisteet', 'Pain points'],
    ]);
  });
});
