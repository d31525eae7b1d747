import type { GridTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The empathy map (empatiakartta) as a grid: one column per person mapped
 * (one by default; add columns to compare customer groups) and one lane each
 * for what they say, think, do and feel.
 */
export const empathyMap: GridTemplateDefinition = {
  kind: 'grid',
  id: 'empathyMap',
  title: { fi: 'Empatiakartta', en: 'Empathy map' },
  description: {
    fi: 'Mitä asiakas sanoo, ajattelee, tekee ja tuntee.',
    en: 'What the customer says, thinks, does and feels.',
  },
  defaultSize: { w: 800, h: 1000 },
  stages: [{ id: 'customer', label: { fi: 'Asiakas', en: 'Customer' } }],
  lanes: [
    { id: 'says', kind: 'notes', label: { fi: 'Sanoo', en: 'Says' } },
    { id: 'thinks', kind: 'notes', label: { fi: 'Ajattelee', en: 'Thinks' } },
    { id: 'does', kind: 'notes', label: { fi: 'Tekee', en: 'Does' } },
    { id: 'feels', kind: 'notes', label: { fi: 'Tuntee', en: 'Feels' } },
  ],
  lines: [],
};
