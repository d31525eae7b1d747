import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { locales } from '../i18n/messages';

/** Native language picker; `compact` hides the visible label but keeps its accessible name. */
export function LanguageSelect(props: { compact?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id} className={props.compact ? 'visually-hidden' : 'field-label-inline'}>
        {t('app.language')}
      </label>
      <select
        id={id}
        className="select"
        value={locale}
        onChange={(event) => {
          const next = locales.find((candidate) => candidate === event.target.value);
          if (next) setLocale(next);
        }}
      >
        {locales.map((option) => (
          // Each option names its language in that language, so it is found without reading the other.
          <option key={option} value={option} lang={option}>
            {t(`app.language.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
