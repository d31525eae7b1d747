/** UI languages. Finnish first: the method and most workshops are Finnish. */
export const locales = ['fi', 'en'] as const;

/** A supported UI language. */
export type Locale = (typeof locales)[number];

/**
 * English messages; the source of the key set. `{name}` placeholders are
 * filled by `t(key, { name })`. Keep sections per feature so parallel work
 * touches different lines.
 */
const en = {
  // --- app shell ---
  'app.name': 'Kohtaamo',
  'app.language': 'Language',
  'app.language.fi': 'Suomi',
  'app.language.en': 'English',
  // --- connection and sync ---
  'connection.connected': 'Connected',
  'connection.connecting': 'Connecting…',
  'connection.reconnecting': 'Reconnecting…',
  'connection.offline': 'Offline — changes are saved on this device',
  'sync.outdated.title': 'A newer version of Kohtaamo is in use',
  'sync.outdated.body':
    'This board was saved by a newer version. Reload the page to update before editing.',
  'sync.outdated.reload': 'Reload',
} as const;

/** A message key. */
export type MessageKey = keyof typeof en;

const fi: Record<MessageKey, string> = {
  // --- app shell ---
  'app.name': 'Kohtaamo',
  'app.language': 'Kieli',
  'app.language.fi': 'Suomi',
  'app.language.en': 'English',
  // --- connection and sync ---
  'connection.connected': 'Yhdistetty',
  'connection.connecting': 'Yhdistetään…',
  'connection.reconnecting': 'Yhdistetään uudelleen…',
  'connection.offline': 'Ei yhteyttä — muutokset tallentuvat tälle laitteelle',
  'sync.outdated.title': 'Kohtaamosta on käytössä uudempi versio',
  'sync.outdated.body':
    'Tämä taulu on tallennettu uudemmalla versiolla. Lataa sivu uudelleen ennen muokkaamista.',
  'sync.outdated.reload': 'Lataa uudelleen',
};

/** Every message in every locale. */
export const messages: Record<Locale, Record<MessageKey, string>> = { en, fi };

/** Fills `{name}` placeholders; unknown placeholders stay visible. */
export function formatMessage(
  template: string,
  params: Record<string, string | number> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** The best supported locale for a list of browser languages (`navigator.languages`). */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = locales.find((locale) => locale === base);
    if (match) return match;
  }
  return 'en';
}
