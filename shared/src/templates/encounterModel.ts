import type { GridTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The encounter model (asiakaskohtaamismalli): one customer encounter in
 * chronological phases, with strengths, weaknesses and the target state of
 * each phase.
 */
export const encounterModel: GridTemplateDefinition = {
  kind: 'grid',
  id: 'encounterModel',
  title: { fi: 'Asiakaskohtaamismalli', en: 'Encounter model' },
  description: {
    fi: 'Yksi asiakaskohtaaminen alusta loppuun: kunkin vaiheen vahvuudet, heikkoudet ja tahtotila.',
    en: 'One customer encounter from start to end: the strengths, weaknesses and target state of each phase.',
  },
  defaultSize: { w: 1800, h: 800 },
  stages: [
    { id: 'noticing', label: { fi: 'Huomiointi', en: 'Noticing' } },
    { id: 'asking', label: { fi: 'Kysyminen', en: 'Asking' } },
    { id: 'listening', label: { fi: 'Kuuntelu', en: 'Listening' } },
    { id: 'suggesting', label: { fi: 'Ehdottaminen', en: 'Suggesting' } },
    { id: 'confirming', label: { fi: 'Vahvistaminen', en: 'Confirming' } },
    { id: 'thanking', label: { fi: 'Kiittäminen', en: 'Thanking' } },
  ],
  lanes: [
    { id: 'strengths', kind: 'notes', label: { fi: 'Vahvuudet', en: 'Strengths' } },
    { id: 'weaknesses', kind: 'notes', label: { fi: 'Heikkoudet', en: 'Weaknesses' } },
    {
      id: 'targetState',
      kind: 'notes',
      label: { fi: 'Tahtotila', en: 'Target state' },
      help: { fi: 'Miten vaiheen pitäisi sujua', en: 'How the phase should go' },
    },
  ],
  lines: [],
};
