import { boardPath } from '@kohtaamo/shared';
import { useId, useRef } from 'react';
import type { RecentBoard } from '../app/recentBoards';
import { useI18n } from '../i18n/I18nProvider';
import { Link } from './Link';

/** Boards opened on this device, newest first, each removable. */
export function RecentBoardList(props: {
  boards: readonly RecentBoard[];
  onRemove(roomId: string): void;
}) {
  const { locale, t } = useI18n();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  const remove = (roomId: string) => {
    props.onRemove(roomId);
    // The pressed button disappears with its row; keep focus in this section.
    headingRef.current?.focus();
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('landing.recent.heading')}
      </h2>
      {props.boards.length === 0 ? (
        <p className="muted">{t('landing.recent.empty')}</p>
      ) : (
        <ul className="recent-list">
          {props.boards.map((board) => (
            <li key={board.roomId} className="recent-item">
              <div className="recent-text">
                <Link href={boardPath(board.roomId)} className="recent-link">
                  {t('landing.recent.board', { code: board.roomId })}
                </Link>
                <span className="muted recent-date">
                  {t('landing.recent.openedAt', { date: dateFormat.format(board.openedAt) })}
                </span>
              </div>
              <button
                type="button"
                className="button button-quiet"
                aria-label={t('landing.recent.removeLabel', { code: board.roomId })}
                onClick={() => remove(board.roomId)}
              >
                {t('landing.recent.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
