import { roomTitleMaxLength } from '@kohtaamo/shared';
import { type FormEvent, useId, useState } from 'react';
import { RoomApiError, type RoomApiFailure } from '../app/roomApi';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const failureKeys: Record<RoomApiFailure, MessageKey> = {
  network: 'rooms.create.error.network',
  unauthorized: 'rooms.create.error.failed',
  forbidden: 'rooms.create.error.failed',
  rateLimited: 'rooms.create.error.rateLimited',
  invalid: 'rooms.create.error.failed',
  failed: 'rooms.create.error.failed',
};

/**
 * "Create a new board": an optional title (a dated default otherwise) and
 * the button. The board is created on the server, in the UI language.
 */
export function CreateBoardForm(props: { onCreate(title: string): Promise<void> }) {
  const { t, locale } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RoomApiFailure | undefined>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const date = new Date().toLocaleDateString(locale === 'fi' ? 'fi-FI' : 'en-GB');
    const chosen = title.trim() || t('rooms.create.defaultTitle', { date });
    try {
      await props.onCreate(chosen.slice(0, roomTitleMaxLength));
    } catch (caught) {
      setError(caught instanceof RoomApiError ? caught.reason : 'failed');
      setBusy(false);
    }
  };

  return (
    <form className="create-form" onSubmit={submit} noValidate>
      <label htmlFor={inputId} className="field-label">
        {t('rooms.create.titleLabel')}
      </label>
      <p id={hintId} className="field-hint">
        {t('rooms.create.titleHint')}
      </p>
      <input
        id={inputId}
        className="input"
        type="text"
        autoComplete="off"
        maxLength={roomTitleMaxLength}
        enterKeyHint="go"
        value={title}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(event) => setTitle(event.target.value)}
      />
      <button
        type="submit"
        className="button button-primary button-large"
        aria-disabled={busy ? true : undefined}
      >
        {t('landing.create')}
      </button>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {t(failureKeys[error])}
        </p>
      )}
    </form>
  );
}
