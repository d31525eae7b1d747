import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

const confirmationMillis = 5000;

/** Copies text to the clipboard, with the older copy command as a fallback; whether it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The async clipboard needs a secure context; workshop laptops on plain
    // http (a LAN server) still have the older synchronous copy command.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

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
