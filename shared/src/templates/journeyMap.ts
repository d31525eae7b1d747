import type { GridTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The customer journey map (asiakaspolku): the stages of the customer
 * relationship as columns, and lanes from the persona & scenario header down
 * to opportunities, with the emotion curve in the feelings lane.
 */
export const journeyMap: GridTemplateDefinition = {
  kind: 'grid',
  id: 'journeyMap',
  title: { fi: 'Asiakaspolku', en: 'Customer journey map' },
  description: {
    fi: 'Asiakkaan polku asiakassuhteen vaiheiden läpi: toiminta, kosketuspisteet, ajatukset, tunteet, kipupisteet ja mahdollisuudet.',
    en: "The customer's path through the stages of the customer relationship: actions, touchpoints, thoughts, feelings, pain points and opportunities.",
  },
  defaultSize: { w: 2000, h: 1200 },
  stages: [
    { id: 'impulse', label: { fi: 'Impulssi', en: 'Impulse' } },
    { id: 'needRecognition', label: { fi: 'Tarpeen havaitseminen', en: 'Need recognition' } },
    { id: 'consideration', label: { fi: 'Harkinta', en: 'Consideration' } },
    { id: 'purchase', label: { fi: 'Ostaminen', en: 'Purchase' } },
    { id: 'customership', label: { fi: 'Asiakkuus', en: 'Customership' } },
    { id: 'loyalty', label: { fi: 'Uskollisuus', en: 'Loyalty' } },
    { id: 'endOfCustomership', label: { fi: 'Asiakkuuden loppu', en: 'End of customership' } },
  ],
  lanes: [
    {
      id: 'personaScenario',
      kind: 'header',
      label: { fi: 'Persoona ja skenaario', en: 'Persona & scenario' },
    },
    {
      id: 'customerActions',
      kind: 'notes',
      label: { fi: 'Asiakkaan toiminta', en: 'Customer actions' },
    },
    {
      id: 'touchpoints',
      kind: 'notes',
      label: { fi: 'Kosketuspisteet', en: 'Touchpoints' },
      help: {
        fi: 'Esim. sosiaalinen media, verkkokauppa, lasku, myymälä',
        en: 'E.g. social media, web shop, invoice, store',
      },
    },
    { id: 'thoughts', kind: 'notes', label: { fi: 'Ajatukset', en: 'Thoughts' } },
    {
      id: 'feelings',
      kind: 'feelings',
      label: { fi: 'Tunteet', en: 'Feelings' },
      help: {
        fi: 'Tunnekäyrä: arvio -2…+2 kussakin vaiheessa',
        en: 'Emotion curve: a score from -2 to +2 per stage',
      },
    },
    { id: 'painPoints', kind: 'notes', label: { fi: 'Kipupisteet', en: 'Pain points' } },
    { id: 'opportunities', kind: 'notes', label: { fi: 'Mahdollisuudet', en: 'Opportunities' } },
  ],
  lines: [],
};
