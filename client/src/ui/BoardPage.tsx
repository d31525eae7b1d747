import { boardPath } from '@kohtaamo/shared';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useDocumentTitle } from '../app/useDocumentTitle';
import type { ConnectionState, LocalUser } from '../canvas/types';
import { useI18n } from '../i18n/I18nProvider';
import { BoardTopBar } from './BoardTopBar';
import { CanvasErrorBoundary } from './CanvasErrorBoundary';
import { LazyBoardCanvas, preloadBoardCanvas } from './LazyBoardCanvas';
import { NameDialog } from './NameDialog';
import './board.css';

/** Codes are 22 characters; the title only needs enough to tell tabs apart. */
function shortCode(roomId: string): string {
  return roomId.length > 8 ? `${roomId.slice(0, 6)}…` : roomId;
}

/**
 * One board: top bar over a full-height canvas. Without a stored name the
 * name dialog comes first and the canvas (and its connection) waits for it,
 * so nobody appears to others as a nameless cursor.
 */
export function BoardPage(props: {
  roomId: string;
  user: LocalUser | undefined;
  onUserNameChange(name: string): void;
  onOpened(roomId: string): void;
}) {
  const { roomId, user, onUserNameChange, onOpened } = props;
  const { locale, t } = useI18n();
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [editingName, setEditingName] = useState(false);
  const nameButtonRef = useRef<HTMLButtonElement>(null);
  const dialogOpen = user === undefined || editingName;
  const code = shortCode(roomId);

  useDocumentTitle(t('board.title', { code }));

  useEffect(() => {
    onOpened(roomId);
  }, [onOpened, roomId]);

  useEffect(() => {
    preloadBoardCanvas();
  }, []);

  const boardUrl = `${window.location.origin}${boardPath(roomId)}`;

  return (
    <>
      <div className="board-page" inert={dialogOpen}>
        <BoardTopBar
          roomId={roomId}
          boardUrl={boardUrl}
          connection={connection}
          userName={user?.name}
          userColor={user?.color}
          onEditName={() => setEditingName(true)}
          nameButtonRef={nameButtonRef}
        />
        <main className="board-main">
          <h1 className="visually-hidden" tabIndex={-1} data-page-heading="">
            {t('board.heading', { code: roomId })}
          </h1>
          {user && (
            <CanvasErrorBoundary
              fallback={
                <div className="board-message" role="alert">
                  <p>{t('board.loadFailed')}</p>
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => window.location.reload()}
                  >
                    {t('app.reload')}
                  </button>
                </div>
              }
            >
              <Suspense fallback={<p className="board-message">{t('board.loading')}</p>}>
                <div className="board-canvas">
                  <LazyBoardCanvas
                    roomId={roomId}
                    user={user}
                    locale={locale}
                    onConnectionChange={setConnection}
                  />
                </div>
              </Suspense>
            </CanvasErrorBoundary>
          )}
        </main>
      </div>
      {dialogOpen && (
        <NameDialog
          mode={user === undefined ? 'welcome' : 'edit'}
          initialName={user?.name ?? ''}
          onSubmit={(name) => {
            onUserNameChange(name);
            setEditingName(false);
          }}
          onCancel={() => setEditingName(false)}
          returnFocusRef={nameButtonRef}
        />
      )}
    </>
  );
}
