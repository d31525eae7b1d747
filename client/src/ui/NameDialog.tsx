import {
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { normalizeUserName, userNameMaxLength } from '../app/localUser';
import { useI18n } from '../i18n/I18nProvider';
import './NameDialog.css';

const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Modal that asks for the name shown to others. In `welcome` mode (no name
 * yet) it cannot be dismissed: the board needs a name before it mounts. The
 * page behind must be made `inert` by the caller; this component keeps Tab
 * inside and puts focus back where it was (or on `returnFocusRef`) on close.
 */
export function NameDialog(props: {
  mode: 'welcome' | 'edit';
  initialName: string;
  onSubmit(name: string): void;
  onCancel(): void;
  returnFocusRef?: RefObject<HTMLElement | null>;
}) {
  const { mode, initialName, onSubmit, onCancel, returnFocusRef } = props;
  const { t } = useI18n();
  const titleId = useId();
  const descriptionId = useId();
  const inputId = useId();
  const errorId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(initialName);
  const [showError, setShowError] = useState(false);

  useEffect(() => {
    const previous = document.activeElement;
    inputRef.current?.focus();
    inputRef.current?.select();
    return () => {
      const target =
        previous instanceof HTMLElement && previous !== document.body && previous.isConnected
          ? previous
          : returnFocusRef?.current;
      target?.focus();
    };
  }, [returnFocusRef]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const normalized = normalizeUserName(name);
    if (normalized) {
      onSubmit(normalized);
    } else {
      setShowError(true);
      inputRef.current?.focus();
    }
  };

  const keepFocusInside = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (mode === 'edit') onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(focusableSelector)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onKeyDown={keepFocusInside}
      >
        <h2 id={titleId} className="dialog-title">
          {t(mode === 'welcome' ? 'nameDialog.title' : 'nameDialog.titleEdit')}
        </h2>
        <p id={descriptionId} className="muted">
          {t('nameDialog.description')}
        </p>
        <form onSubmit={submit} noValidate>
          <label htmlFor={inputId} className="field-label">
            {t('nameDialog.label')}
          </label>
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            type="text"
            autoComplete="nickname"
            enterKeyHint="done"
            maxLength={userNameMaxLength}
            value={name}
            aria-invalid={showError ? true : undefined}
            aria-describedby={showError ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setShowError(false);
            }}
          />
          {showError && (
            <p id={errorId} className="field-error">
              {t('nameDialog.error.empty')}
            </p>
          )}
          <div className="dialog-actions">
            {mode === 'edit' && (
              <button type="button" className="button button-secondary" onClick={onCancel}>
                {t('nameDialog.cancel')}
              </button>
            )}
            <button type="submit" className="button button-primary">
              {t('nameDialog.submit')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
