import { type FormEvent, useId, useState } from 'react';
import { parseBoardLink } from '../app/boardLink';
import { useI18n } from '../i18n/I18nProvider';

/** "Board link or code" field: opens a pasted link or typed code, or explains inline what is wrong. */
export function OpenBoardForm(props: { onOpen(roomId: string): void }) {
  const { t } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const headingId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<'empty' | 'invalid' | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = parseBoardLink(value);
    if (result.ok) {
      props.onOpen(result.roomId);
    } else {
      setError(result.reason);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('landing.open.heading')}</h2>
      <form className="open-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="field-label">
          {t('landing.open.label')}
        </label>
        <p id={hintId} className="field-hint">
          {t('landing.open.hint')}
        </p>
        <div className="open-form-row">
          <input
            id={inputId}
            className="input"
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => {
              setValue(event.target.value);
              setError(undefined);
            }}
          />
          <button type="submit" className="button button-secondary">
            {t('landing.open.submit')}
          </button>
        </div>
        {error && (
          <p id={errorId} className="field-error">
            {t(error === 'empty' ? 'landing.open.error.empty' : 'landing.open.error.invalid')}
          </p>
        )}
      </form>
    </section>
  );
}
