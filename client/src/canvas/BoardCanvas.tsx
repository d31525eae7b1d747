import {
  CloseCode,
  defaultUploadLimits,
  type RoomLanguage,
  type RoomRole,
  timerRemainingMs,
} from '@kohtaamo/shared';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { type JSX, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Editor, Tldraw, useValue } from 'tldraw';
import 'tldraw/tldraw.css';
import { openBrowserStorage } from '../app/browserStorage';
import type { RoomApi } from '../app/roomApi';
import { TimerEndSound } from '../facilitation/endSignal';
import {
  FacilitationContext,
  type FacilitationContextValue,
} from '../facilitation/FacilitationContext';
import { FacilitationEffects } from '../facilitation/FacilitationUi';
import { boardTitleLoader } from '../facilitation/sessionSummaryExport';
import { formatMessage, type Locale, type MessageKey, messages } from '../i18n/messages';
import { boardShapeUtils } from '../shapes/kohtaamoShapeUtils';
import { cellOfShape } from '../shapes/template/cellOfShape';
import './BoardCanvas.css';
import { type BoardInfo, BoardInfoContext } from './BoardInfoContext';
import { BoardUploads } from './BoardUploads';
import { boardUiComponents, boardUiOverrides, guestUiComponents } from './boardUiComponents';
import { CameraMemory } from './CameraMemory';
import { exposeDebugHandle } from './debugHandle';
import { pageNameOverrides } from './defaultPageNames';
import { FirstPageName } from './FirstPageName';
import { FullBoardNotice } from './FullBoardNotice';
import { RefusalToasts } from './RefusalToasts';
import type { EditRefusal } from './roleGuards';
import { fatalCloseDetail, fatalCloseMessageKeys, SyncNotice } from './SyncNotice';
import type { ConnectionState, LocalUser } from './types';
import { acceptedImageTypes, acceptedVideoTypes } from './uploadPolicy';
import { useBoardSession } from './useBoardSession';
import { watchBoardTitle } from './watchBoardTitle';

/** Props of {@link BoardCanvas}. */
export interface BoardCanvasProps {
  /** Already validated. */
  roomId: string;
  user: LocalUser;
  locale: Locale;
  onConnectionChange(state: ConnectionState): void;
  /** The capability token of the link the board was opened with; `null` for a bare room id. */
  token?: string | null;
  /** The link's role, read from its token; `null` for a bare room id (full editing). */
  role?: RoomRole | null;
  /** Where the board's title is asked for the session summary; without it the summary has no title. */
  roomApi?: RoomApi;
  /** The board's language from the room directory (page names); `null`/absent while unknown. */
  boardLanguage?: RoomLanguage | null;
  /** Told the title the board's document holds, at once and after each rename (`undefined`: none yet). */
  onBoardTitleChange?(title: string | undefined): void;
}

// Bundled by Vite: fonts, icons and translations never come from tldraw's CDN.
const assetUrls = getAssetUrlsByImport();

// tldraw's own checks (file picker, replacing an image) agree with the server's.
const uploadLimits = defaultUploadLimits;
const maxUploadBytes = Math.max(uploadLimits.maxImageBytes, uploadLimits.maxVideoBytes);

/**
 * The collaborative board of one room: tldraw on a Y.Doc synced with the
 * server, persisted locally for offline use. Fills its parent.
 */
export function BoardCanvas(props: BoardCanvasProps): JSX.Element {
  const { roomId, user, locale, onConnectionChange } = props;
  const role = props.role ?? null;
  const viewOnly = role === 'viewer';
  const boardLanguage = props.boardLanguage ?? null;
  const session = useBoardSession(
    roomId,
    user,
    locale,
    { token: props.token ?? null, viewOnly, role },
    boardLanguage,
  );
  const t = useCallback((key: MessageKey) => formatMessage(messages[locale][key]), [locale]);
  const [endSound] = useState(() => new TimerEndSound());
  useEffect(() => {
    endSound.arm(window);
    return () => endSound.dispose();
  }, [endSound]);
  const facilitation = useMemo<FacilitationContextValue | null>(
    () =>
      session
        ? {
            control: session.control,
            state: session.facilitation,
            votes: session.votes,
            role,
            storage: openBrowserStorage(),
            playEndSound: () => endSound.play(),
            ...(session.privateNotes ? { privateIds: session.privateNotes.$ids } : {}),
          }
        : null,
    [session, role, endSound],
  );

  const token = props.token ?? null;
  const roomApi = props.roomApi;
  const boardInfo = useMemo<BoardInfo>(
    () => ({ roomId, loadTitle: boardTitleLoader(roomApi, roomId, token) }),
    [roomApi, roomId, token],
  );

  const storeWithStatus = useValue(
    'kohtaamo.store',
    () => session?.$storeWithStatus.get() ?? ({ status: 'loading' } as const),
    [session],
  );
  const connection = useValue(
    'kohtaamo.connection',
    () => session?.connection.$state.get() ?? 'connecting',
    [session],
  );
  const readOnlyReason = useValue(
    'kohtaamo.readOnly',
    () => session?.$readOnlyReason.get() ?? null,
    [session],
  );
  const fatalClose = useValue(
    'kohtaamo.fatal',
    () => session?.connection.$fatalClose.get() ?? null,
    [session],
  );

  const reportConnection = useRef(onConnectionChange);
  reportConnection.current = onConnectionChange;
  useEffect(() => {
    reportConnection.current(connection);
  }, [connection]);

  const reportTitle = useRef(props.onBoardTitleChange);
  reportTitle.current = props.onBoardTitleChange;
  useEffect(() => {
    if (!session) return;
    return watchBoardTitle(session.doc, (title) => reportTitle.current?.(title));
  }, [session]);

  const overrides = useMemo(
    () =>
      boardLanguage ? [...boardUiOverrides, pageNameOverrides(boardLanguage)] : boardUiOverrides,
    [boardLanguage],
  );
  const mayChangePages = role === null || role === 'facilitator' || role === 'participant';

  const onMount = useCallback(
    (editor: Editor) => {
      if (!session) return;
      const detach = session.attachEditor(editor);
      // The first view of the board: this device's last one, else its content (or the follow).
      const cameraMemory = new CameraMemory(editor, {
        roomId,
        storage: openBrowserStorage(),
        $follow: session.facilitation.$follow,
      });
      // Deliberately not limited to development builds: the browser tests run against the
      // production build and read the board through `window.kohtaamo`.
      const hide = exposeDebugHandle({
        editor,
        doc: session.doc,
        provider: session.provider,
        privateDoc: session.privateNotes?.doc ?? null,
        cellOfShape: (shapeId) => cellOfShape(editor, shapeId),
        facilitation: {
          control: session.control,
          state: session.facilitation,
          timerRemainingMs: () =>
            timerRemainingMs(session.facilitation.$timer.get(), session.control.serverNow()),
        },
      });
      return () => {
        hide();
        cameraMemory.dispose();
        detach();
      };
    },
    [session, roomId],
  );

  const reload = useCallback(() => window.location.reload(), []);
  // After a refused edit the local copy is deleted first, or the reload would send it again.
  const reloadAfterFatal = useCallback(() => {
    const refused = fatalClose?.code === CloseCode.editRejected;
    void (refused && session ? session.dropLocalCopy() : Promise.resolve()).finally(reload);
  }, [fatalClose, session, reload]);
  const subscribeToRefusals = useCallback(
    (listener: (refusal: EditRefusal) => void) => session?.onEditRefused(listener) ?? (() => {}),
    [session],
  );
  const outdated = readOnlyReason === 'outdated';
  const fatalKeys = fatalClose ? fatalCloseMessageKeys(fatalClose.code, viewOnly) : null;

  return (
    <div className="kohtaamo-board-canvas" data-connection={connection}>
      <div className="kohtaamo-board-editor" inert={outdated}>
        {session && (
          <FacilitationContext.Provider value={facilitation}>
            <BoardInfoContext.Provider value={boardInfo}>
              <Tldraw
                key={session.doc.guid}
                store={storeWithStatus}
                user={session.currentUser}
                assetUrls={assetUrls}
                licenseKey={import.meta.env.VITE_TLDRAW_LICENSE_KEY}
                onMount={onMount}
                shapeUtils={boardShapeUtils}
                components={role === 'guest' ? guestUiComponents : boardUiComponents}
                overrides={overrides}
                acceptedImageMimeTypes={acceptedImageTypes}
                acceptedVideoMimeTypes={acceptedVideoTypes}
                maxAssetSize={maxUploadBytes}
              >
                <BoardUploads locale={locale} limits={uploadLimits} />
                <RefusalToasts
                  locale={locale}
                  subscribe={subscribeToRefusals}
                  idPrefix="kohtaamo-edit-refused"
                  severity="info"
                />
                <FacilitationEffects />
                <FirstPageName language={boardLanguage} mayChangePages={mayChangePages} />
              </Tldraw>
            </BoardInfoContext.Provider>
          </FacilitationContext.Provider>
        )}
      </div>
      {viewOnly && !fatalKeys && !outdated && (
        <p className="kohtaamo-view-only" role="status" data-testid="view-only-notice">
          {t('rooms.viewOnly.notice')}
        </p>
      )}
      {storeWithStatus.status === 'loading' && (
        <div className="kohtaamo-board-loading" role="status">
          {t('sync.loading')}
        </div>
      )}
      {session && (
        <FullBoardNotice
          provider={session.provider}
          roomId={roomId}
          token={props.token ?? null}
          locale={locale}
        />
      )}
      {outdated && (
        <SyncNotice
          variant="dialog"
          title={t('sync.outdated.title')}
          body={t('sync.outdated.body')}
          actionLabel={t('sync.outdated.reload')}
          onAction={reload}
        />
      )}
      {!outdated && fatalKeys && (
        <SyncNotice
          variant="banner"
          title={t(fatalKeys.title)}
          detail={fatalClose ? fatalCloseDetail(t, fatalClose) : undefined}
          body={t(fatalKeys.body)}
          actionLabel={t('sync.fatal.reload')}
          onAction={reloadAfterFatal}
        />
      )}
    </div>
  );
}
