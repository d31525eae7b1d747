import { describe, expect, it } from 'vitest';
import { gridTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { serviceBlueprint } from './serviceBlueprint.js';

describe('serviceBlueprint', () => {
  it('is a valid grid definition', () => {
    expect(gridTemplateDefinitionSchema.parse(serviceBlueprint)).toEqual(serviceBlueprint);
    expect(serviceBlueprint.title).toEqual({ fi: 'Palvelupiirustus', en: 'Service blueprint' });
    expect(serviceBlueprint.stages.length).toBeGreaterThan(0);
  });

  it('has the five lanes of DOMAIN.md, top to bottom', () => {
    expect(serviceBlueprint.lanes.map((lane) => lane.label)).toEqual([
      { fi: 'Fyysiset ja digitaaliset todisteet', en: 'Physical / digital evidence' },
      { fi: 'Asiakkaan toiminnot', en: 'Customer actions' },
      { fi: 'Näkyvä toiminta', en: 'Frontstage actions' },
      { fi: 'Näkymätön toiminta', en: 'Backstage actions' },
      { fi: 'Tukiprosessit', en: 'Support processes' },
    ]);
  });

  it('draws the three lines between the right lanes', () => {
    const laneLabel = (id: string) =>
      serviceBlueprint.lanes.find((lane) => lane.id === id)?.label.en;
    expect(
      serviceBlueprint.lines.map((line) => [
        line.label.en,
        laneLabel(line.aboveLaneId),
        laneLabel(line.belowLaneId),
      ]),
    ).toEqual([
      ['Line of interaction', 'Customer actions', 'Frontstage actions'],
      ['Line of visibility', 'Frontstage actions', 'Backstage actions'],
      ['Line of internal interaction', 'Backstage actions', 'Support processes'],
    ]);
  });
});
