import { describe, expect, it } from 'vitest';
import {
  localeSchema,
  localize,
  localizedTextMaxLength,
  localizedTextSchema,
} from './localizedText.js';

describe('localizedTextSchema', () => {
  it('accepts both languages and trims surrounding whitespace', () => {
    expect(localizedTextSchema.parse({ fi: '  Harkinta ', en: 'Consideration\n' })).toEqual({
      fi: 'Harkinta',
      en: 'Consideration',
    });
  });

  it.each([
    ['missing en', { fi: 'Harkinta' }],
    ['blank fi', { fi: '   ', en: 'Consideration' }],
    ['empty en', { fi: 'Harkinta', en: '' }],
    ['too long', { fi: 'a'.repeat(localizedTextMaxLength + 1), en: 'a' }],
    ['unknown language', { fi: 'a', en: 'b', sv: 'c' }],
    ['not a string', { fi: 1, en: 'b' }],
  ])('rejects %s', (_name, value) => {
    expect(localizedTextSchema.safeParse(value).success).toBe(false);
  });

  it('accepts text of exactly the maximum length', () => {
    const longest = 'a'.repeat(localizedTextMaxLength);
    expect(localizedTextSchema.safeParse({ fi: longest, en: longest }).success).toBe(true);
  });
});

describe('localize', () => {
  it('picks the text of the requested language', () => {
    const text = { fi: 'Tunteet', en: 'Feelings' };
    expect(localize(text, 'fi')).toBe('Tunteet');
    expect(localize(text, 'en')).toBe('Feelings');
  });

  it('knows exactly the two UI languages', () => {
    expect(localeSchema.options).toEqual(['fi', 'en']);
    expect(localeSchema.safeParse('sv').success).toBe(false);
  });
});
