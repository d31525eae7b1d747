import type { GridTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The service blueprint (palvelupiirustus): the steps of a service as
 * columns, and lanes from physical and digital evidence down to support
 * processes, divided by the lines of interaction, visibility and internal
 * interaction. The method names no default steps, so the columns are numbered.
 */
export const serviceBlueprint: GridTemplateDefinition = {
  kind: 'grid',
  id: 'serviceBlueprint',
  title: { fi: 'Palvelupiirustus', en: 'Service blueprint' },
  description: {
    fi: 'Palvelun vaiheet asiakkaan toiminnoista tukiprosesseihin, jaettuna vuorovaikutuksen, näkyvyyden ja sisäisen vuorovaikutuksen linjoilla.',
    en: "A service's steps from the customer's actions to the support processes, divided by the lines of interaction, visibility and internal interaction.",
  },
  defaultSize: { w: 1800, h: 1000 },
  stages: [
    { id: 'step1', label: { fi: 'Vaihe 1', en: 'Step 1' } },
    { id: 'step2', label: { fi: 'Vaihe 2', en: 'Step 2' } },
    { id: 'step3', label: { fi: 'Vaihe 3', en: 'Step 3' } },
    { id: 'step4', label: { fi: 'Vaihe 4', en: 'Step 4' } },
    { id: 'step5', label: { fi: 'Vaihe 5', en: 'Step 5' } },
  ],
  lanes: [
    {
      id: 'evidence',
      kind: 'notes',
      label: { fi: 'Fyysiset ja digitaaliset todisteet', en: 'Physical / digital evidence' },
    },
    {
      id: 'customerActions',
      kind: 'notes',
      label: { fi: 'Asiakkaan toiminnot', en: 'Customer actions' },
    },
    { id: 'frontstage', kind: 'notes', label: { fi: 'Näkyvä toiminta', en: 'Frontstage actions' } },
    {
      id: 'backstage',
      kind: 'notes',
      label: { fi: 'Näkymätön toiminta', en: 'Backstage actions' },
    },
    { id: 'support', kind: 'notes', label: { fi: 'Tukiprosessit', en: 'Support processes' } },
  ],
  lines: [
    {
      id: 'lineOfInteraction',
      label: { fi: 'Vuorovaikutuksen linja', en: 'Line of interaction' },
      aboveLaneId: 'customerActions',
      belowLaneId: 'frontstage',
    },
    {
      id: 'lineOfVisibility',
      label: { fi: 'Näkyvyyden linja', en: 'Line of visibility' },
      aboveLaneId: 'frontstage',
      belowLaneId: 'backstage',
    },
    {
      id: 'lineOfInternalInteraction',
      label: { fi: 'Sisäisen vuorovaikutuksen linja', en: 'Line of internal interaction' },
      aboveLaneId: 'backstage',
      belowLaneId: 'support',
    },
  ],
};
