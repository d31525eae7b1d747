import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { RenameBoardDialog } from './RenameBoardDialog';
import './NameDialog.css';
import './BoardTitle.css';

/**
 * The board's name in the top bar. The facilitator's is a button that
 * opens {@link RenameBoardDialog}. While no title is known (a board opened
 * by its code alone, or the server not answering) the board's code stands
 * in for it.
 */
export function BoardTitle(props: {
  roomId: string;
  title: string | null;
  /** Renames the board on the server; absent for everyone but the facilitator. */
  rename?: (title: string) => Promise<void>;
  /** After a rename was accepted, with the new title. */
  onRenamed?: (title: string) => void;
}) {
  const { roomId, title, rename } = props;
  const { t } = useI18n();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [renaming, setRenaming] = useState(false);
  const [announcement, setAnnouncement] = useState<{ text: string; attempt: number } | null>(null);
  // Once the dialog has gone: while it is open the rest of the page is inert and cannot take focus.
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (wasRenaming.current && !renaming) buttonRef.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  if (title === null) {
    return (
      <p className="board-code">
        <span className="board-code-label">{t('board.code')}</span>{' '}
        <code title={roomId}>{roomId}</code>
      </p>
    );
  }
  if (!rename) {
    return (
      <p className="board-title" title={title} data-testid="board-title">
        <span className="board-title-text">{title}</span>
      </p>
    );
  }

  const close = () => setRenaming(false);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button-quiet board-title board-title-button"
        title={title}
        aria-label={t('boardTitle.rename', { title })}
        aria-haspopup="dialog"
        data-testid="board-title"
        onClick={() => setRenaming(true)}
      >
        <span className="board-title-text">{title}</span>
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
        </svg>
      </button>
      <p className="visually-hidden" aria-live="polite">
        {announcement && <span key={announcement.attempt}>{announcement.text}</span>}
      </p>
      {renaming && (
        <RenameBoardDialog
          title={title}
          rename={rename}
          onRenamed={(renamed) => {
            props.onRenamed?.(renamed);
            setAnnouncement((previous) => ({
              text: t('boardTitle.renamed', { title: renamed }),
              attempt: (previous?.attempt ?? 0) + 1,
            }));
            close();
          }}
          onClose={close}
        />
      )}
    </>
  );
}
