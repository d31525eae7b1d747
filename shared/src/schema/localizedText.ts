import { z } from 'zod';

/** The UI languages, Finnish first: every template label exists in both. */
export const locales = ['fi', 'en'] as const;

/** A UI language code. */
export const localeSchema = z.enum(locales);

/** A UI language: `'fi'` or `'en'`. */
export type Locale = z.infer<typeof localeSchema>;

/** Longest accepted text in one language (enough for a two-sentence description). */
export const localizedTextMaxLength = 500;

const oneLanguageText = z
  .string()
  .trim()
  .min(1, 'text must not be empty')
  .max(localizedTextMaxLength, `text must be at most ${localizedTextMaxLength} characters`);

/**
 * A text given in every UI language. Surrounding whitespace is trimmed and
 * neither language may be empty, so a missing translation fails validation
 * instead of showing up as a blank label.
 */
export const localizedTextSchema = z.strictObject({
  fi: oneLanguageText,
  en: oneLanguageText,
});

/** A validated text in Finnish and English. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The text in the given UI language. */
export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale];
}
