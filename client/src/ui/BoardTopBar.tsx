import type { RoomRole } from '@kohtaamo/shared';
import type { RefObject } from 'react';
import type { KeyValueStorage } from '../app/browserStorage';
import type { RoomApi } from '../app/roomApi';
import type { ConnectionState } from '../canvas/types';
import { useI18n } from '../i18n/I18nProvider';
import { BoardTitle } from './BoardTitle';
import { ConnectionBadge } from './ConnectionBadge';
import { CopyLinkButton } from './CopyLinkButton';
import { LanguageSelect } from './LanguageSelect';
import { Link } from './Link';
import { SharePanel } from './SharePanel';

/** The thin bar above the canvas: home, board title, share, connection, name, language. */
export function BoardTopBar(props: {
  roomId: string;
  /** The board's title; `null` while unknown (the code is shown instead). */
  boardTitle: string | null;
  /** After the facilitator renamed the board here, with the new title. */
  onBoardRenamed?: (title: string) => void;
  boardUrl: string;
  /** The role of the link the board was opened with; `null` for a bare room id. */
  role?: RoomRole | null;
  token?: string | null;
  storage?: KeyValueStorage;
  roomApi?: RoomApi;
  connection: ConnectionState;
  userName: string | undefined;
  /** The user's cursor colour (AA on white), so people recognise their own cursor. */
  userColor: string | undefined;
  onEditName(): void;
  nameButtonRef: RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useI18n();
  const { roomId, token, roomApi } = props;
  const rename =
    props.role === 'facilitator' && token && roomApi
      ? async (title: string) => {
          await roomApi.renameRoom(roomId, title, token);
        }
      : undefined;
  return (
    <header className="board-bar">
      <Link href="/" className="board-home" aria-label={t('app.homeLink')}>
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span className="board-home-text">{t('app.name')}</span>
      </Link>
      <BoardTitle
        roomId={roomId}
        title={props.boardTitle}
        rename={rename}
        onRenamed={props.onBoardRenamed}
      />
      <div className="board-bar-controls">
        <ConnectionBadge state={props.connection} />
        {props.role === 'facilitator' && props.token && props.storage && props.roomApi ? (
          <SharePanel
            roomId={props.roomId}
            token={props.token}
            storage={props.storage}
            roomApi={props.roomApi}
          />
        ) : (
          props.role !== 'guest' &&
          props.role !== 'viewer' && <CopyLinkButton url={props.boardUrl} />
        )}
        {props.userName !== undefined && (
          <button
            ref={props.nameButtonRef}
            type="button"
            className="button button-quiet user-button"
            aria-label={t('board.changeName', { name: props.userName })}
            onClick={props.onEditName}
          >
            <svg
              className="icon"
              viewBox="0 0 24 24"
              aria-hidden="true"
              focusable="false"
              style={{ color: props.userColor }}
            >
              <circle cx="12" cy="8" r="4" />
              <path d="M4 21a8 8 0 0 1 16 0" />
            </svg>
            <span className="user-button-name">{props.userName}</span>
          </button>
        )}
        <LanguageSelect compact />
      </div>
    </header>
  );
}
