import { describe, expect, it } from 'vitest';
import { gridTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { empathyMap } from './empathyMap.js';

describe('empathyMap', () => {
  it('is a valid grid definition with one column for the customer', () => {
    expect(gridTemplateDefinitionSchema.parse(empathyMap)).toEqual(empathyMap);
    expect(empathyMap.title).toEqual({ fi: 'Empatiakartta', en: 'Empathy map' });
    expect(empathyMap.stages).toHaveLength(1);
  });

  it('has says, thinks, does and feels lanes', () => {
    expect(empathyMap.lanes.map((lane) => [lane.kind, lane.label.fi, lane.label.en])).toEqual([
      ['notes', 'Sanoo', 'Says'],
      ['notes', 'Ajattelee', 'Thinks'],
      ['notes', 'Tekee', 'Does'],
      ['notes', 'Tuntee', 'Feels'],
    ]);
  });
});
