import type { CanvasTemplateDefinition } from '../schema/templateDefinition.js';

/**
 * The Tolvanen concept canvas (Tolvasen konseptimalli): the seven fields in
 * their order, arranged as the name across the top, then insight + solution,
 * rationale + visuals and fit + costs in pairs. The name row is a third as
 * tall as the others: a name is short.
 */
export const conceptCanvas: CanvasTemplateDefinition = {
  kind: 'canvas',
  id: 'conceptCanvas',
  title: { fi: 'Tolvasen konseptimalli', en: 'Tolvanen concept canvas' },
  description: {
    fi: 'Kuvaa idean kohderyhmälleen niin, että he ymmärtävät sen. Hyvä konsepti lähtee oivalluksesta.',
    en: 'Describes an idea to its target group so that they understand it. Good concepts start from an insight.',
  },
  defaultSize: { w: 1200, h: 1400 },
  fields: [
    {
      id: 'name',
      kind: 'text',
      label: { fi: 'Nimi', en: 'Name' },
      help: {
        fi: 'Lyhyt, mieleenjäävä nimi (keksitään viimeisenä, näytetään ensimmäisenä)',
        en: 'Short, memorable name (invented last, shown first)',
      },
    },
    {
      id: 'insight',
      kind: 'insight',
      label: { fi: 'Oivallus', en: 'Insight' },
      help: {
        fi: 'Oivallus inspiroivasti esitettynä, esim. videoleike tai kuva',
        en: 'The insight, presented inspiringly, e.g. a video clip or image',
      },
    },
    {
      id: 'solution',
      kind: 'text',
      label: { fi: 'Ratkaisu', en: 'Solution' },
      help: { fi: 'Miten idea vastaa tarpeeseen', en: 'How the idea answers the need' },
    },
    {
      id: 'rationale',
      kind: 'text',
      label: { fi: 'Perustelut', en: 'Rationale' },
      help: { fi: 'Miksi se toimii', en: 'Why it will work' },
    },
    {
      id: 'visuals',
      kind: 'moodboard',
      label: { fi: 'Visuaalinen toteutus', en: 'Visuals' },
      help: { fi: 'Palvelukonseptin tunnelmakuvat', en: 'Mood images for a service concept' },
    },
    {
      id: 'fit',
      kind: 'fit',
      label: { fi: 'Sopivuus', en: 'Fit' },
      help: {
        fi: 'Sopivuus yrityksen arvolupaukseen',
        en: "Fit with the company's value proposition",
      },
    },
    {
      id: 'costs',
      kind: 'costs',
      label: { fi: 'Kustannukset ja tuotot', en: 'Costs' },
      help: { fi: 'Kustannus- ja tuottolaskelma', en: 'Cost and revenue calculation' },
    },
  ],
  rows: [
    { fieldIds: ['name'], weight: 1 },
    { fieldIds: ['insight', 'solution'], weight: 3 },
    { fieldIds: ['rationale', 'visuals'], weight: 3 },
    { fieldIds: ['fit', 'costs'], weight: 3 },
  ],
};
