import { type RoomLinks, type RoomRole, roomLink, roomRoles } from '@kohtaamo/shared';
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyValueStorage } from '../app/browserStorage';
import { navigate } from '../app/navigation';
import { type RoomApi, RoomApiError, type RoomApiFailure } from '../app/roomApi';
import { forgetRoomLinks, readRoomLinks, updateRoomLink } from '../app/roomTokens';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { copyText } from './CopyLinkButton';
import { QrCode } from './QrCode';
import './SharePanel.css';

const roleKeys: Record<RoomRole, { name: MessageKey; can: MessageKey }> = {
  facilitator: { name: 'rooms.role.facilitator', can: 'rooms.role.facilitator.can' },
  participant: { name: 'rooms.role.participant', can: 'rooms.role.participant.can' },
  guest: { name: 'rooms.role.guest', can: 'rooms.role.guest.can' },
  viewer: { name: 'rooms.role.viewer', can: 'rooms.role.viewer.can' },
};

const failureKeys: Record<RoomApiFailure, MessageKey> = {
  network: 'rooms.share.error.network',
  unauthorized: 'rooms.share.error.unauthorized',
  forbidden: 'rooms.share.error.unauthorized',
  rateLimited: 'rooms.share.error.failed',
  failed: 'rooms.share.error.failed',
};

type Confirming =
  | { readonly kind: 'rotate'; readonly role: RoomRole }
  | { readonly kind: 'delete' };

/** The facilitator's links: stored on this device, else at least the one they opened the board with. */
function initialLinks(storage: KeyValueStorage, roomId: string, token: string): Partial<RoomLinks> {
  return readRoomLinks(storage, roomId) ?? { facilitator: roomLink(roomId, token) };
}

/**
 * "Share" button of the facilitator and its dialog: the board's link per
 * role with what each may do, a copy button and QR code each, a new link per
 * role (the old one stops working) and deleting the board, both confirmed.
 */
export function SharePanel(props: {
  roomId: string;
  token: string;
  storage: KeyValueStorage;
  roomApi: RoomApi;
}) {
  const { roomId, token, storage, roomApi } = props;
  const { t } = useI18n();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState(() => initialLinks(storage, roomId, token));
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; attempt: number } | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const announce = (text: string) =>
    setStatus((previous) => ({ text, attempt: (previous?.attempt ?? 0) + 1 }));

  const close = () => {
    setOpen(false);
    setConfirming(null);
    setError(null);
    openerRef.current?.focus();
  };

  const fail = (caught: unknown) => {
    setError(failureKeys[caught instanceof RoomApiError ? caught.reason : 'failed']);
  };

  const absolute = (link: string) => `${window.location.origin}${link}`;

  const copy = async (role: RoomRole, link: string) => {
    const copied = await copyText(absolute(link));
    announce(
      copied
        ? t('rooms.share.copied', { role: t(roleKeys[role].name) })
        : t('board.copyLink.failed'),
    );
  };

  const rotate = async (role: RoomRole) => {
    setBusy(true);
    setError(null);
    try {
      const { link } = await roomApi.rotateLink(roomId, role, token);
      const stored = updateRoomLink(storage, roomId, role, link);
      setLinks(stored ?? { ...links, [role]: link });
      setConfirming(null);
      announce(t('rooms.share.rotated', { role: t(roleKeys[role].name) }));
      // This tab's own link has just stopped working: continue with the new one.
      if (role === 'facilitator') window.location.assign(link);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const deleteBoard = async () => {
    setBusy(true);
    setError(null);
    try {
      await roomApi.deleteRoom(roomId, token);
      forgetRoomLinks(storage, roomId);
      setOpen(false);
      navigate('/');
    } catch (caught) {
      fail(caught);
      setBusy(false);
    }
  };

  return (
    <>
      <button
        ref={openerRef}
        type="button"
        className="button button-secondary copy-link"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1" />
        </svg>
        <span className="copy-link-text">{t('rooms.share.open')}</span>
      </button>
      <dialog
        ref={dialogRef}
        className="share-panel"
        aria-labelledby={titleId}
        data-testid="share-panel"
        onCancel={(event) => {
          event.preventDefault();
          close();
        }}
      >
        {open && (
          <div className="share-panel-content">
            <div className="share-panel-header">
              <h2 id={titleId} className="dialog-title">
                {t('rooms.share.title')}
              </h2>
              <button type="button" className="button button-quiet" onClick={close}>
                {t('rooms.share.close')}
              </button>
            </div>
            <p className="share-panel-intro">{t('rooms.share.intro')}</p>
            {error && (
              <p className="field-error" role="alert">
                {t(error)}
              </p>
            )}
            <ul className="share-links">
              {roomRoles.map((role) => (
                <ShareLinkItem
                  key={role}
                  role={role}
                  link={links[role]}
                  busy={busy}
                  confirming={confirming?.kind === 'rotate' && confirming.role === role}
                  absoluteLink={absolute}
                  onCopy={copy}
                  onAskRotate={() => setConfirming({ kind: 'rotate', role })}
                  onRotate={rotate}
                  onCancel={() => setConfirming(null)}
                />
              ))}
            </ul>
            <section className="share-delete" aria-labelledby={`${titleId}-delete`}>
              <h3 id={`${titleId}-delete`}>{t('rooms.share.delete.heading')}</h3>
              {confirming?.kind === 'delete' ? (
                <ConfirmBox
                  question={t('rooms.share.delete.confirm')}
                  confirmLabel={t('rooms.share.delete.yes')}
                  danger
                  busy={busy}
                  onConfirm={() => void deleteBoard()}
                  onCancel={() => setConfirming(null)}
                />
              ) : (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setConfirming({ kind: 'delete' })}
                >
                  {t('rooms.share.delete')}
                </button>
              )}
            </section>
          </div>
        )}
        <p className="visually-hidden" aria-live="polite">
          {status && <span key={status.attempt}>{status.text}</span>}
        </p>
      </dialog>
    </>
  );
}

function ShareLinkItem(props: {
  role: RoomRole;
  link: string | undefined;
  busy: boolean;
  confirming: boolean;
  absoluteLink(link: string): string;
  onCopy(role: RoomRole, link: string): void;
  onAskRotate(): void;
  onRotate(role: RoomRole): void;
  onCancel(): void;
}) {
  const { role, link, busy, confirming } = props;
  const { t } = useI18n();
  const headingId = useId();
  const inputId = useId();
  const roleName = t(roleKeys[role].name);
  return (
    <li className="share-link" aria-labelledby={headingId} data-role={role}>
      <h3 id={headingId}>{roleName}</h3>
      <p className="field-hint">{t(roleKeys[role].can)}</p>
      {link ? (
        <>
          <label htmlFor={inputId} className="visually-hidden">
            {t('rooms.share.linkLabel', { role: roleName })}
          </label>
          <input
            id={inputId}
            className="input share-link-url"
            type="text"
            readOnly
            value={props.absoluteLink(link)}
            onFocus={(event) => event.currentTarget.select()}
          />
          <div className="share-link-row">
            <QrCode
              text={props.absoluteLink(link)}
              label={t('rooms.share.qrLabel', { role: roleName })}
            />
            <div className="share-actions">
              <button
                type="button"
                className="button button-secondary"
                aria-label={t('rooms.share.copyLabel', { role: roleName })}
                onClick={() => props.onCopy(role, link)}
              >
                {t('rooms.share.copy')}
              </button>
              {!confirming && (
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={t('rooms.share.rotateLabel', { role: roleName })}
                  onClick={props.onAskRotate}
                >
                  {t('rooms.share.rotate')}
                </button>
              )}
            </div>
          </div>
        </>
      ) : (
        <>
          <p>{t('rooms.share.unknownLink')}</p>
          {!confirming && (
            <button
              type="button"
              className="button button-secondary"
              aria-label={t('rooms.share.rotateLabel', { role: roleName })}
              onClick={props.onAskRotate}
            >
              {t('rooms.share.rotate')}
            </button>
          )}
        </>
      )}
      {confirming && (
        <ConfirmBox
          question={t('rooms.share.rotate.confirm', { role: roleName })}
          confirmLabel={t('rooms.share.rotate.yes')}
          busy={busy}
          onConfirm={() => props.onRotate(role)}
          onCancel={props.onCancel}
        />
      )}
    </li>
  );
}

/**
 * An inline "are you sure" that names the consequence. Its confirm button
 * takes focus, since the button that opened it is gone.
 */
function ConfirmBox(props: {
  question: string;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  return (
    <fieldset className="share-confirm">
      <legend>{props.question}</legend>
      <div className="share-actions">
        <button
          ref={confirmRef}
          type="button"
          className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
          aria-disabled={props.busy ? true : undefined}
          onClick={() => !props.busy && props.onConfirm()}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel}>
          {t('rooms.share.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
