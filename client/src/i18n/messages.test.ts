import { describe, expect, it } from 'vitest';
import { formatMessage, locales, messages, pickLocale } from './messages';

describe('messages', () => {
  it('has a non-empty text for every key in every locale', () => {
    const keys = Object.keys(messages.en);
    for (const locale of locales) {
      expect(Object.keys(messages[locale]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[locale][key as keyof typeof messages.en].trim()).not.toBe('');
      }
    }
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(formatMessage('Hei {name}, {missing}', { name: 'Aino' })).toBe('Hei Aino, {missing}');
  });

  it('picks Finnish or English from browser languages', () => {
    expect(pickLocale(['fi-FI', 'en-US'])).toBe('fi');
    expect(pickLocale(['sv-SE', 'en-GB'])).toBe('en');
    expect(pickLocale(['de'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});
