import { boardPath, type RoomRole, roomLink } from '@kohtaamo/shared';
import { Suspense, useEffect, useRef, useState } from 'react';
import type { KeyValueStorage } from '../app/browserStorage';
import { hasReadGuestNotice, rememberGuestNoticeRead } from '../app/guestNoticeMemory';
import type { RoomApi } from '../app/roomApi';
import { useBoardTitle } from '../app/useBoardTitle';
import { useDocumentTitle } from '../app/useDocumentTitle';
import type { ConnectionState, LocalUser } from '../canvas/types';
import { useI18n } from '../i18n/I18nProvider';
import { BoardTopBar } from './BoardTopBar';
import { CanvasErrorBoundary } from './CanvasErrorBoundary';
import { GuestNotice } from './GuestNotice';
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
  /** The capability token of the link the board was opened with; `null` for a bare room id. */
  token?: string | null;
  /** The link's role; `null` for a bare room id (everything allowed, as before invitations). */
  role?: RoomRole | null;
  /** localStorage, where the links of this device's own boards are kept (share panel). */
  storage?: KeyValueStorage;
  roomApi?: RoomApi;
  user: LocalUser | undefined;
  onUserNameChange(name: string): void;
  onOpened(roomId: string): void;
}) {
  const { roomId, user, onUserNameChange, onOpened } = props;
  const token = props.token ?? null;
  const role = props.role ?? null;
  const { locale, t } = useI18n();
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [editingName, setEditingName] = useState(false);
  // A guest first reads what joining means, then confirms the name others will see;
  // once per room and browser, so a reload goes straight to the board.
  const [guestStep, setGuestStep] = useState<'notice' | 'name' | 'done'>(() =>
    role === 'guest' && !(props.storage && hasReadGuestNotice(props.storage, roomId))
      ? 'notice'
      : 'done',
  );
  const nameButtonRef = useRef<HTMLButtonElement>(null);
  const nameDialogOpen = user === undefined || editingName || guestStep === 'name';
  const dialogOpen = nameDialogOpen || guestStep === 'notice';
  const code = shortCode(roomId);

  const board = useBoardTitle(props.roomApi, roomId, token);
  const boardTitle = board.title;

  useDocumentTitle(
    boardTitle === null
      ? t('board.title', { code })
      : t('boardTitle.documentTitle', { title: boardTitle }),
  );

  useEffect(() => {
    onOpened(roomId);
  }, [onOpened, roomId]);

  useEffect(() => {
    preloadBoardCanvas();
  }, []);

  // A participant shares the link they were given (it works when tokens are required);
  // guests and viewers have nothing to share, the facilitator has the share panel.
  const boardUrl = `${window.location.origin}${
    token && role === 'participant' ? roomLink(roomId, token) : boardPath(roomId)
  }`;

  return (
    <>
      <div className="board-page" inert={dialogOpen}>
        <BoardTopBar
          roomId={roomId}
          boardTitle={boardTitle}
          onBoardRenamed={board.renamed}
          boardUrl={boardUrl}
          role={role}
          token={token}
          storage={props.storage}
          roomApi={props.roomApi}
          connection={connection}
          userName={user?.name}
          userColor={user?.color}
          onEditName={() => setEditingName(true)}
          nameButtonRef={nameButtonRef}
        />
        <main className="board-main">
          <h1 className="visually-hidden" tabIndex={-1} data-page-heading="">
            {boardTitle ?? t('board.heading', { code: roomId })}
          </h1>
          {user && guestStep === 'done' && (
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
                    token={token}
                    role={role}
                    roomApi={props.roomApi}
                    boardLanguage={board.language}
                    onBoardTitleChange={board.documentTitleChanged}
                    onConnectionChange={setConnection}
                  />
                </div>
              </Suspense>
            </CanvasErrorBoundary>
          )}
        </main>
      </div>
      {guestStep === 'notice' && (
        <GuestNotice
          boardTitle={boardTitle}
          onContinue={() => {
            if (props.storage) rememberGuestNoticeRead(props.storage, roomId);
            setGuestStep('name');
          }}
        />
      )}
      {nameDialogOpen && guestStep !== 'notice' && (
        <NameDialog
          mode={user === undefined || guestStep === 'name' ? 'welcome' : 'edit'}
          initialName={user?.name ?? ''}
          onSubmit={(name) => {
            onUserNameChange(name);
            setEditingName(false);
            setGuestStep('done');
          }}
          onCancel={() => setEditingName(false)}
          returnFocusRef={nameButtonRef}
        />
      )}
    </>
  );
}
