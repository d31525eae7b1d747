import type { Locale } from '@kohtaamo/shared';

/**
 * The template language for a tldraw locale string: the app sets the
 * editor's locale to its own UI language, so anything but Finnish is English.
 */
export function toTemplateLocale(locale: string): Locale {
  return locale.toLowerCase().startsWith('fi') ? 'fi' : 'en';
}
