import { type RoomLinks, type RoomRole, roomLink, roomRoles } from '@kohtaamo/shared';
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import type { KeyValueStorage } from '../app/browserStorage';
import { copyText } from '../app/clipboard';
import { navigate } from '../app/navigation';
import { type RoomApi, RoomApiError, type RoomApiFailure } from '../app/roomApi';
import { forgetRoomLinks, readRoomLinks, turnedOffLink, updateRoomLink } from '../app/roomTokens';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
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
  invalid: 'rooms.share.error.failed',
  failed: 'rooms.share.error.failed',
};

type Confirming =
  | { readonly kind: 'rotate' | 'turnOff'; readonly role: RoomRole }
  | { readonly kind: 'delete' };

/** The facilitator's links: stored on this device, else at least the one they opened the board with. */
function initialLinks(storage: KeyValueStorage, roomId: string, token: string): Partial<RoomLinks> {
  return readRoomLinks(storage, roomId) ?? { facilitator: roomLink(roomId, token) };
}

/**
 * "Share" button of the facilitator and its dialog: the board's link per
 * role with what each may do, a copy button and QR code each, a new link per
 * role (the old one stops working), turning a role's link off (nobody can
 * join with it until a new one is made) and deleting the board, all
 * confirmed.
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
  // The role item whose first action takes focus once a change replaced the button that had it.
  const [focusRequest, setFocusRequest] = useState<{ role: RoomRole; attempt: number } | null>(
    null,
  );

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
    // A request left over would pull focus into a role item when the panel opens again.
    setFocusRequest(null);
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

  const requestFocus = (role: RoomRole) =>
    setFocusRequest((previous) => ({ role, attempt: (previous?.attempt ?? 0) + 1 }));

  const storeLink = (role: RoomRole, link: string) => {
    const stored = updateRoomLink(storage, roomId, role, link);
    setLinks((current) => stored ?? { ...current, [role]: link });
    setConfirming(null);
    requestFocus(role);
  };

  const rotate = async (role: RoomRole) => {
    setBusy(true);
    setError(null);
    const wasOff = links[role] === turnedOffLink;
    try {
      const { link } = await roomApi.rotateLink(roomId, role, token);
      storeLink(role, link);
      const roleName = t(roleKeys[role].name);
      announce(t(wasOff ? 'rooms.share.made' : 'rooms.share.rotated', { role: roleName }));
      // This tab's own link has just stopped working: continue with the new one.
      if (role === 'facilitator') window.location.assign(link);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async (role: RoomRole) => {
    setBusy(true);
    setError(null);
    try {
      await roomApi.turnOffLink(roomId, role, token);
      storeLink(role, turnedOffLink);
      announce(t('rooms.share.turnedOff', { role: t(roleKeys[role].name) }));
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
            <p className="share-code">
              <span className="field-label-inline">{t('boardTitle.code')}</span>
              <code>{roomId}</code>
            </p>
            <p className="field-hint">{t('boardTitle.code.hint')}</p>
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
                  confirming={
                    confirming?.kind !== 'delete' && confirming?.role === role
                      ? confirming.kind
                      : null
                  }
                  focusRequest={focusRequest?.role === role ? focusRequest.attempt : 0}
                  absoluteLink={absolute}
                  onCopy={copy}
                  onAskRotate={() => setConfirming({ kind: 'rotate', role })}
                  onRotate={(role) => void rotate(role)}
                  onAskTurnOff={() => setConfirming({ kind: 'turnOff', role })}
                  onTurnOff={(role) => void turnOff(role)}
                  onCancel={() => {
                    setConfirming(null);
                    requestFocus(role);
                  }}
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
  /** `undefined`: not stored on this device; {@link turnedOffLink}: turned off. */
  link: string | undefined;
  busy: boolean;
  confirming: 'rotate' | 'turnOff' | null;
  /** Changes when this item's first action should take focus; 0: never asked. */
  focusRequest: number;
  absoluteLink(link: string): string;
  onCopy(role: RoomRole, link: string): void;
  onAskRotate(): void;
  onRotate(role: RoomRole): void;
  onAskTurnOff(): void;
  onTurnOff(role: RoomRole): void;
  onCancel(): void;
}) {
  const { role, link, busy, confirming, focusRequest } = props;
  const { t } = useI18n();
  const headingId = useId();
  const inputId = useId();
  const firstActionRef = useRef<HTMLButtonElement>(null);
  const roleName = t(roleKeys[role].name);
  const off = link === turnedOffLink;
  // Turning the facilitator link off would lock the board's owner out; the server refuses it too.
  const canTurnOff = role !== 'facilitator' && !off;

  useEffect(() => {
    if (focusRequest > 0) firstActionRef.current?.focus();
  }, [focusRequest]);

  const rotateButton = (className: string, ref?: RefObject<HTMLButtonElement | null>) => (
    <button
      ref={ref}
      type="button"
      className={`button ${className}`}
      aria-label={t('rooms.share.rotateLabel', { role: roleName })}
      aria-disabled={off && busy ? true : undefined}
      // Nothing stops working when a turned-off role gets a link, so there is nothing to confirm.
      onClick={off ? () => !busy && props.onRotate(role) : props.onAskRotate}
    >
      {t('rooms.share.rotate')}
    </button>
  );
  const turnOffButton = canTurnOff && (
    <button
      type="button"
      className="button button-quiet"
      aria-label={t('rooms.share.turnOffLabel', { role: roleName })}
      onClick={props.onAskTurnOff}
    >
      {t('rooms.share.turnOff')}
    </button>
  );

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
                ref={firstActionRef}
                type="button"
                className="button button-secondary"
                aria-label={t('rooms.share.copyLabel', { role: roleName })}
                onClick={() => props.onCopy(role, link)}
              >
                {t('rooms.share.copy')}
              </button>
              {confirming === null && rotateButton('button-quiet')}
              {confirming === null && turnOffButton}
            </div>
          </div>
        </>
      ) : (
        <>
          <p className={off ? 'share-link-off' : undefined}>
            {t(off ? 'rooms.share.off' : 'rooms.share.unknownLink')}
          </p>
          {confirming === null && (
            <div className="share-actions">
              {rotateButton('button-secondary', firstActionRef)}
              {turnOffButton}
            </div>
          )}
        </>
      )}
      {confirming === 'rotate' && (
        <ConfirmBox
          question={t('rooms.share.rotate.confirm', { role: roleName })}
          confirmLabel={t('rooms.share.rotate.yes')}
          busy={busy}
          onConfirm={() => props.onRotate(role)}
          onCancel={props.onCancel}
        />
      )}
      {confirming === 'turnOff' && (
        <ConfirmBox
          question={t('rooms.share.turnOff.confirm', { role: roleName })}
          confirmLabel={t('rooms.share.turnOff.yes')}
          danger
          busy={busy}
          onConfirm={() => props.onTurnOff(role)}
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
