import type { RecentBoard } from '../app/recentBoards';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { CreateBoardForm } from './CreateBoardForm';
import { LanguageSelect } from './LanguageSelect';
import { OpenBoardForm } from './OpenBoardForm';
import { RecentBoardList } from './RecentBoardList';
import './pages.css';

/** Front page: what Kohtaamo is, create a board, open one, and boards opened before. */
export function LandingPage(props: {
  recentBoards: readonly RecentBoard[];
  /** Creates a board titled `title` and opens it; rejects with a `RoomApiError`. */
  onCreateBoard(title: string): Promise<void>;
  onOpenBoard(roomId: string): void;
  onRemoveRecentBoard(roomId: string): void;
}) {
  const { t } = useI18n();
  useDocumentTitle(t('landing.title'));
  return (
    <div className="page">
      <header className="page-header page-header-end">
        <LanguageSelect />
      </header>
      <main className="page-main">
        <section className="hero">
          <h1 tabIndex={-1} data-page-heading="" className="hero-title">
            <img src="/favicon.svg" alt="" width={48} height={48} />
            {t('app.name')}
          </h1>
          <p className="lead">{t('app.tagline')}</p>
          <CreateBoardForm onCreate={props.onCreateBoard} />
        </section>
        <OpenBoardForm onOpen={props.onOpenBoard} />
        <RecentBoardList boards={props.recentBoards} onRemove={props.onRemoveRecentBoard} />
      </main>
    </div>
  );
}
