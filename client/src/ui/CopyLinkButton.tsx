import { useEffect, useState } from 'react';
import { copyText } from '../app/clipboard';
import { useI18n } from '../i18n/I18nProvider';

const confirmationMillis = 5000;

/** Copies the board's address; the outcome is announced in a polite live region. */
export function CopyLinkButton(props: { url: string }) {
  const { t } = useI18n();
  // A new object per attempt restarts the timer and re-keys the text, so a second copy is announced too.
  const [notice, setNotice] = useState<{ outcome: 'done' | 'failed'; attempt: number }>();

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), confirmationMillis);
    return () => clearTimeout(timer);
  }, [notice]);

  const copy = async () => {
    const copied = await copyText(props.url);
    setNotice((previous) => ({
      outcome: copied ? 'done' : 'failed',
      attempt: (previous?.attempt ?? 0) + 1,
    }));
  };

  return (
    <>
      <button type="button" className="button button-secondary copy-link" onClick={copy}>
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1" />
        </svg>
        <span className="copy-link-text">{t('board.copyLink')}</span>
      </button>
      {/* Always rendered: live regions must exist before their text changes to be announced. */}
      <p className="toast" aria-live="polite">
        {notice && (
          <span key={notice.attempt}>
            {t(notice.outcome === 'done' ? 'board.copyLink.done' : 'board.copyLink.failed')}
          </span>
        )}
      </p>
    </>
  );
}
