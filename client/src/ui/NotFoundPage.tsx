import { useDocumentTitle } from '../app/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageSelect } from './LanguageSelect';
import { Link } from './Link';
import './pages.css';

/** Shown for unknown paths and for board links whose code is broken. */
export function NotFoundPage(props: { reason: 'unknownPath' | 'invalidBoard' }) {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  const invalidBoard = props.reason === 'invalidBoard';
  return (
    <div className="page">
      <header className="page-header">
        <Link href="/" className="brand-link">
          {t('app.name')}
        </Link>
        <LanguageSelect />
      </header>
      <main className="page-main">
        <h1 tabIndex={-1} data-page-heading="">
          {t(invalidBoard ? 'notFound.invalidBoard.heading' : 'notFound.heading')}
        </h1>
        <p>{t(invalidBoard ? 'notFound.invalidBoard.body' : 'notFound.body')}</p>
        <p>
          <Link href="/" className="button button-primary">
            {t('notFound.home')}
          </Link>
        </p>
      </main>
    </div>
  );
}
