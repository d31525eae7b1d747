import { editRefusalCodes, refusal } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { formatMessage, type Locale, locales, messages } from './messages';
import { refusalMessage, refusalMessageKey, type Translate } from './refusalMessage';

const translate =
  (locale: Locale): Translate =>
  (key, params) =>
    formatMessage(messages[locale][key], params);

describe('refusalMessage', () => {
  it('has a message for every edit refusal code in every language', () => {
    for (const code of editRefusalCodes) {
      expect(refusalMessageKey(code)).toBe(`refusal.${code}`);
      for (const locale of locales) {
        const text = refusalMessage(translate(locale), { code, params: { limitBytes: 1 } });
        expect(text).not.toBe(messages[locale]['refusal.unknown']);
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('translates a code, in Finnish and English', () => {
    const locked = refusal('lock.change', 'only the facilitator can lock or unlock a shape');
    expect(refusalMessage(translate('fi'), locked)).toBe(
      'Vain fasilitaattori voi lukita tai avata tämän.',
    );
    expect(refusalMessage(translate('en'), locked)).toBe(
      'Only the facilitator can lock or unlock this.',
    );
  });

  it('fills params, byte counts as megabytes', () => {
    const tooLarge = { code: 'document.tooLarge', params: { limitBytes: 64 * 2 ** 20 } };
    expect(refusalMessage(translate('en'), tooLarge)).toBe(
      'The board would grow past its size limit of 64 MB.',
    );
    expect(refusalMessage(translate('fi'), tooLarge)).toMatch(/64 Mt/);
  });

  it('falls back to a generic message for a code it does not know', () => {
    for (const code of ['future.rule', 'unknown', 'constructor', 'toString']) {
      expect(refusalMessageKey(code)).toBeUndefined();
      expect(refusalMessage(translate('en'), { code })).toBe('The server did not accept this.');
    }
  });
});
