import { type FormEvent, useId, useLayoutEffect, useRef, useState } from 'react';
import { boardTitleMaxLength, type TitleProblem, titleProblem } from '../app/boardTitle';
import { RoomApiError, type RoomApiFailure } from '../app/roomApi';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const problemKeys: Record<TitleProblem, MessageKey> = {
  empty: 'boardTitle.error.empty',
  tooLong: 'boardTitle.error.tooLong',
};

const failureKeys: Record<RoomApiFailure, MessageKey> = {
  network: 'boardTitle.error.network',
  unauthorized: 'boardTitle.error.unauthorized',
  forbidden: 'boardTitle.error.forbidden',
  invalid: 'boardTitle.error.invalid',
  rateLimited: 'boardTitle.error.failed',
  failed: 'boardTitle.error.failed',
};

/**
 * The facilitator's "Rename the board" dialog: a labelled field with the
 * current title, checked as the server checks it before it is sent; the
 * server's refusal is shown in the UI language and the dialog stays open.
 * A modal `<dialog>`: the rest of the page is inert, Escape cancels. The
 * caller mounts it while open and puts focus back when it closes.
 */
export function RenameBoardDialog(props: {
  title: string;
  /** Sends the new (trimmed) title; rejects with a {@link RoomApiError} when the server refuses. */
  rename(title: string): Promise<void>;
  /** Called after a rename was accepted, with the new title. */
  onRenamed(title: string): void;
  onClose(): void;
}) {
  const { rename, onRenamed, onClose } = props;
  const { t } = useI18n();
  const titleId = useId();
  const descriptionId = useId();
  const inputId = useId();
  const errorId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(props.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Closed before it leaves the document, so the browser gives focus back to what opened it.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.select();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const problem = titleProblem(value);
    if (problem) {
      setError(t(problemKeys[problem], { max: boardTitleMaxLength }));
      inputRef.current?.focus();
      return;
    }
    const title = value.trim();
    if (title === props.title) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await rename(title);
      onRenamed(title);
    } catch (caught) {
      const reason = caught instanceof RoomApiError ? caught.reason : 'failed';
      setError(t(failureKeys[reason], { max: boardTitleMaxLength }));
      setBusy(false);
      inputRef.current?.focus();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog rename-board-dialog"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid="rename-board-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {t('boardTitle.dialog.title')}
      </h2>
      <p id={descriptionId} className="muted">
        {t('boardTitle.dialog.description')}
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="field-label">
          {t('boardTitle.dialog.label')}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="input"
          type="text"
          autoComplete="off"
          enterKeyHint="done"
          // A little over the limit, so a pasted title is cut visibly and the error says why.
          maxLength={boardTitleMaxLength + 20}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('boardTitle.dialog.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={busy ? true : undefined}
          >
            {t(busy ? 'boardTitle.dialog.saving' : 'boardTitle.dialog.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
