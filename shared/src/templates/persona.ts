import type { GridTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The customer persona (asiakaspersoona) as a grid: one column per persona
 * (one by default; add columns to set personas side by side) and one lane
 * each for needs, motivations and pain points.
 */
export const persona: GridTemplateDefinition = {
  kind: 'grid',
  id: 'persona',
  title: { fi: 'Asiakaspersoona', en: 'Persona' },
  description: {
    fi: 'Kuvitteellinen mutta tutkimukseen perustuva asiakas: tarpeet, motivaatiot ja kipupisteet.',
    en: 'An imagined but research-based customer: needs, motivations and pain points.',
  },
  defaultSize: { w: 800, h: 800 },
  stages: [{ id: 'persona', label: { fi: 'Persoona', en: 'Persona' } }],
  lanes: [
    { id: 'needs', kind: 'notes', label: { fi: 'Tarpeet', en: 'Needs' } },
    { id: 'motivations', kind: 'notes', label: { fi: 'Motivaatiot', en: 'Motivations' } },
    { id: 'painPoints', kind: 'notes', label: { fi: 'Kipupisteet', en: 'Pain points' } },
  ],
  lines: [],
};
