import { describe, expect, it } from 'vitest';
import { canvasTemplateDefinitionSchema } from '../schema/templateDefinition.js';
import { conceptCanvas } from './conceptCanvas.js';

describe('conceptCanvas', () => {
  it('is a valid canvas definition', () => {
    expect(canvasTemplateDefinitionSchema.parse(conceptCanvas)).toEqual(conceptCanvas);
    expect(conceptCanvas.title).toEqual({
      fi: 'Tolvasen konseptimalli',
      en: 'Tolvanen concept canvas',
    });
  });

  it('has the seven fields of DOMAIN.md, in order, with their kinds', () => {
    expect(conceptCanvas.fields.map((field) => [field.kind, field.label])).toEqual([
      ['text', { fi: 'Nimi', en: 'Name' }],
      ['insight', { fi: 'Oivallus', en: 'Insight' }],
      ['text', { fi: 'Ratkaisu', en: 'Solution' }],
      ['text', { fi: 'Perustelut', en: 'Rationale' }],
      ['moodboard', { fi: 'Visuaalinen toteutus', en: 'Visuals' }],
      ['fit', { fi: 'Sopivuus', en: 'Fit' }],
      ['costs', { fi: 'Kustannukset ja tuotot', en: 'Costs' }],
    ]);
  });

  it('carries the help text of DOMAIN.md', () => {
    expect(conceptCanvas.fields.map((field) => field.help.en)).toEqual([
      'Short, memorable name (invented last, shown first)',
      'The insight, presented inspiringly, e.g. a video clip or image',
      'How the idea answers the need',
      'Why it will work',
      'Mood images for a service concept',
      "Fit with the company's value proposition",
      'Cost and revenue calculation',
    ]);
  });

  it('puts the name across the top and the rest in pairs', () => {
    expect(conceptCanvas.rows.map((row) => row.fieldIds)).toEqual([
      ['name'],
      ['insight', 'solution'],
      ['rationale', 'visuals'],
      ['fit', 'costs'],
    ]);
  });
});
