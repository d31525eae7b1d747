import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { formatMessage, type Locale, type MessageKey, messages } from './messages';

/** What components get from {@link useI18n}. */
export interface I18n {
  readonly locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the UI language; `onLocaleChange` lets the app remember the choice. */
export function I18nProvider(props: {
  initialLocale: Locale;
  onLocaleChange?: (locale: Locale) => void;
  children: ReactNode;
}) {
  const { initialLocale, onLocaleChange, children } = props;
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      onLocaleChange?.(next);
    },
    [onLocaleChange],
  );
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => formatMessage(messages[locale][key], params),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current UI language and translator. Must be used inside {@link I18nProvider}. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
