import { CloseCode, decodeRefusalCloseReason } from '@kohtaamo/shared';
import { useEffect, useId, useRef } from 'react';
import type { MessageKey } from '../i18n/messages';
import { refusalMessage, refusalMessageKey, type Translate } from '../i18n/refusalMessage';

/**
 * Title and body of the notice shown after the server closed the connection
 * for good. `viewOnly`: the link only lets its holder view, so a refusal
 * means an edit was refused rather than the wrong board.
 */
export function fatalCloseMessageKeys(
  code: number,
  viewOnly = false,
): { title: MessageKey; body: MessageKey } {
  switch (code) {
    case CloseCode.unauthorized:
      return { title: 'rooms.fatal.unauthorized.title', body: 'rooms.fatal.unauthorized.body' };
    case CloseCode.forbidden:
      return viewOnly
        ? { title: 'rooms.fatal.viewOnly.title', body: 'rooms.fatal.viewOnly.body' }
        : { title: 'rooms.fatal.forbidden.title', body: 'rooms.fatal.forbidden.body' };
    case CloseCode.documentTooLarge:
      return { title: 'sync.fatal.tooLarge.title', body: 'sync.fatal.tooLarge.body' };
    case CloseCode.rateLimited:
      return { title: 'sync.fatal.rateLimited.title', body: 'sync.fatal.rateLimited.body' };
    case CloseCode.editRejected:
      return { title: 'sync.fatal.editRejected.title', body: 'sync.fatal.editRejected.body' };
    default:
      return { title: 'sync.fatal.refused.title', body: 'sync.fatal.refused.body' };
  }
}

/**
 * Which rule refused the edit, in the person's language, when the server
 * closed with `editRejected` and a refusal code this client knows; else
 * `undefined` (an older server's English reason, a newer server's code, or
 * another close), and the notice's general text says enough.
 */
export function fatalCloseDetail(
  t: Translate,
  close: { readonly code: number; readonly reason: string },
): string | undefined {
  if (close.code !== CloseCode.editRejected) return undefined;
  const refused = decodeRefusalCloseReason(close.reason);
  if (refused === undefined || refusalMessageKey(refused.code) === undefined) return undefined;
  return refusalMessage(t, refused);
}

/** Props of {@link SyncNotice}. */
export interface SyncNoticeProps {
  /** 'dialog' blocks the board (modal alert dialog); 'banner' sits on top of a still visible board. */
  readonly variant: 'dialog' | 'banner';
  readonly title: string;
  /** What exactly happened (which rule refused an edit), shown under the title. */
  readonly detail?: string;
  readonly body: string;
  readonly actionLabel: string;
  onAction(): void;
}

/**
 * A sync problem the user must act on (reload). Announced immediately
 * (alertdialog / alert) and the action button takes focus, so keyboard and
 * screen-reader users land on the way out.
 */
export function SyncNotice(props: SyncNoticeProps) {
  const { variant, title, detail, body, actionLabel, onAction } = props;
  const titleId = useId();
  const detailId = useId();
  const bodyId = useId();
  const describedBy = detail === undefined ? bodyId : `${detailId} ${bodyId}`;
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    buttonRef.current?.focus();
  }, []);

  const parts = (
    <>
      <h2 id={titleId} className="kohtaamo-sync-notice-title">
        {title}
      </h2>
      {detail !== undefined && (
        <p id={detailId} className="kohtaamo-sync-notice-detail">
          {detail}
        </p>
      )}
      <p id={bodyId} className="kohtaamo-sync-notice-body">
        {body}
      </p>
      <button
        ref={buttonRef}
        type="button"
        className="kohtaamo-sync-notice-action"
        onClick={onAction}
      >
        {actionLabel}
      </button>
    </>
  );

  if (variant === 'banner') {
    return (
      <div
        className="kohtaamo-sync-notice kohtaamo-sync-notice-banner"
        role="alert"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        data-testid="sync-notice-banner"
      >
        {parts}
      </div>
    );
  }
  return (
    <div className="kohtaamo-sync-backdrop">
      <div
        className="kohtaamo-sync-notice kohtaamo-sync-notice-dialog"
        role="alertdialog"
        aria-modal="true"
        onKeyDown={(event) => {
          // The board behind is inert and the only way on is the button: keep focus on it.
          if (event.key === 'Tab') {
            event.preventDefault();
            buttonRef.current?.focus();
          }
        }}
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        data-testid="sync-notice-dialog"
      >
        {parts}
      </div>
    </div>
  );
}
