import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import './NameDialog.css';

/**
 * What a guest (an invited customer) should know before joining: a
 * facilitator runs the session, and what is stored about them. Modal; the
 * page behind must be made `inert` by the caller. The only way on is the
 * button, which takes focus. `boardTitle` names the board once the server
 * has told it; without it (not yet known, or the request failed) the notice
 * is the same minus that line.
 */
export function GuestNotice(props: { boardTitle?: string | null; onContinue(): void }) {
  const { t } = useI18n();
  const titleId = useId();
  const bodyId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    buttonRef.current?.focus();
  }, []);

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="guest-notice"
        onKeyDown={(event) => {
          if (event.key === 'Tab') {
            event.preventDefault();
            buttonRef.current?.focus();
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {t('rooms.guest.title')}
        </h2>
        <div id={bodyId}>
          {props.boardTitle ? (
            <p data-testid="guest-notice-board">
              {t('rooms.guest.joining', { title: props.boardTitle })}
            </p>
          ) : null}
          <p>{t('rooms.guest.facilitator')}</p>
          <p>{t('rooms.guest.stored')}</p>
        </div>
        <div className="dialog-actions">
          <button
            ref={buttonRef}
            type="button"
            className="button button-primary"
            onClick={props.onContinue}
          >
            {t('rooms.guest.continue')}
          </button>
        </div>
      </div>
    </div>
  );
}
