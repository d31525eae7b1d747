import { type Locale, locales, pickLocale } from '../i18n/messages';
import type { KeyValueStorage } from './browserStorage';

/** localStorage key of the chosen UI language (`'fi'` or `'en'`). */
export const localeStorageKey = 'kohtaamo.locale';

function isLocale(value: unknown): value is Locale {
  return locales.some((locale) => locale === value);
}

/** The language chosen earlier on this device, else the best match for the browser languages. */
export function initialLocale(
  storage: KeyValueStorage,
  browserLanguages: readonly string[],
): Locale {
  const stored = storage.getItem(localeStorageKey);
  return isLocale(stored) ? stored : pickLocale(browserLanguages);
}

/** Remembers an explicit language choice on this device. */
export function storeLocale(storage: KeyValueStorage, locale: Locale): void {
  try {
    storage.setItem(localeStorageKey, locale);
  } catch {
    // Not remembered across reloads; the current session still switches.
  }
}
