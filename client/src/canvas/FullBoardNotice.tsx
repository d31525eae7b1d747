import { type JSX, useEffect, useId, useState } from 'react';
import { useValue } from 'tldraw';
import { type CheckAdmission, createAdmissionCheck } from '../app/admissionApi';
import { formatMessage, type Locale, type MessageKey, messages } from '../i18n/messages';
import { AdmissionWatcher, type AdmittedProvider } from './AdmissionWatcher';
import './FullBoardNotice.css';

const defaultCheck = createAdmissionCheck();

/** Props of {@link FullBoardNotice}. */
export interface FullBoardNoticeProps {
  readonly provider: AdmittedProvider;
  readonly roomId: string;
  /** The link's token, for the admission check; `null` for a bare room id. */
  readonly token: string | null;
  readonly locale: Locale;
  /** Replaces the HTTP admission check (tests). */
  readonly check?: CheckAdmission;
}

/** Whole seconds until `at`, re-rendered every second while `active`. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * "This board is full": shown while the board's connection is refused
 * because the room (or this network) is at its connection cap, found out by
 * an {@link AdmissionWatcher}, with a countdown to the next attempt and a
 * button to try at once. Gone as soon as the board connects. The title and
 * explanation are a polite live region; the countdown is outside it, so a
 * screen reader hears the news once, not every second.
 */
export function FullBoardNotice(props: FullBoardNoticeProps): JSX.Element | null {
  const { provider, roomId, token, locale } = props;
  const check = props.check ?? defaultCheck;
  const [watcher, setWatcher] = useState<AdmissionWatcher | null>(null);
  const titleId = useId();

  useEffect(() => {
    const created = new AdmissionWatcher(provider, { roomId, token, check });
    created.start();
    setWatcher(created);
    return () => {
      created.dispose();
      setWatcher((current) => (current === created ? null : current));
    };
  }, [provider, roomId, token, check]);

  const full = useValue('kohtaamo.fullBoardNotice', () => watcher?.$full.get() ?? null, [watcher]);
  const seconds = useSecondsUntil(full?.retryAt ?? null);
  if (full === null) return null;

  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    formatMessage(messages[locale][key], params);
  const prefix = full.cap === 'room' ? 'board.full.room' : 'board.full.address';
  return (
    <section
      className="kohtaamo-sync-notice kohtaamo-sync-notice-banner kohtaamo-full-board"
      aria-labelledby={titleId}
      data-testid="full-board-notice"
      data-cap={full.cap}
    >
      <div role="status">
        <h2 id={titleId} className="kohtaamo-sync-notice-title">
          {t(`${prefix}.title`)}
        </h2>
        <p className="kohtaamo-sync-notice-body">{t(`${prefix}.body`, { limit: full.limit })}</p>
      </div>
      <p
        className="kohtaamo-sync-notice-body kohtaamo-full-board-retry"
        data-testid="full-board-retry"
      >
        {seconds > 0 ? t('board.full.retryIn', { seconds }) : t('board.full.retrying')}
      </p>
      <button
        type="button"
        className="kohtaamo-sync-notice-action kohtaamo-full-board-action"
        disabled={seconds === 0}
        onClick={() => watcher?.retryNow()}
      >
        {t('board.full.retryNow')}
      </button>
    </section>
  );
}
