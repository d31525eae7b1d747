import { describe, expect, it } from 'vitest';
import type { LocalizedText } from '../schema/localizedText.js';
import { type TemplateDefinition, templateDefinitionSchema } from '../schema/templateDefinition.js';
import {
  findTemplateDefinition,
  getTemplateDefinition,
  templateDefinitions,
  templateIds,
} from './registry.js';

/** Every `{ fi, en }` object anywhere in a definition, with its path. */
function localizedTexts(value: unknown, path = ''): [string, LocalizedText][] {
  if (typeof value !== 'object' || value === null) return [];
  if ('fi' in value && 'en' in value) return [[path, value as LocalizedText]];
  return Object.entries(value).flatMap(([key, child]) => localizedTexts(child, `${path}/${key}`));
}

describe('templateDefinitions', () => {
  it('lists the templates in menu order', () => {
    expect(templateIds).toEqual([
      'journeyMap',
      'encounterModel',
      'serviceBlueprint',
      'conceptCanvas',
      'empathyMap',
      'persona',
    ]);
    expect(templateDefinitions.map((definition) => definition.id)).toEqual(templateIds);
  });

  it.each(templateDefinitions.map((definition) => [definition.id, definition] as const))(
    '%s parses with the definition schema, unchanged',
    (_id, definition) => {
      expect(templateDefinitionSchema.parse(definition)).toEqual(definition);
    },
  );

  it.each(templateDefinitions.map((definition) => [definition.id, definition] as const))(
    '%s has every text in Finnish and English',
    (_id, definition: TemplateDefinition) => {
      const texts = localizedTexts(definition);
      expect(texts.length).toBeGreaterThan(3);
      for (const [path, text] of texts) {
        expect(text.fi.trim(), path).not.toBe('');
        expect(text.en.trim(), path).not.toBe('');
        // Identical texts are almost always an untranslated copy.
        expect(text.fi, path).not.toBe(text.en);
      }
    },
  );

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(templateDefinitions)).toBe(true);
    expect(Object.isFrozen(templateIds)).toBe(true);
  });
});

describe('getTemplateDefinition', () => {
  it('returns the definition with the id', () => {
    for (const definition of templateDefinitions) {
      expect(getTemplateDefinition(definition.id)).toBe(definition);
    }
  });

  it('throws on an unknown id', () => {
    expect(() => getTemplateDefinition('mindMap')).toThrow(/unknown template id "mindMap"/);
    expect(() => getTemplateDefinition('')).toThrow(/unknown template id/);
  });
});

describe('findTemplateDefinition', () => {
  it('returns undefined for an unknown id', () => {
    expect(findTemplateDefinition('persona')?.id).toBe('persona');
    expect(findTemplateDefinition('mindMap')).toBeUndefined();
    expect(findTemplateDefinition('toString')).toBeUndefined();
  });
});
