import type { RoomLanguage } from '@kohtaamo/shared';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { nextBoardTitle } from './boardTitle';
import type { RoomApi } from './roomApi';

/** The board's title and language as one page knows them, from {@link useBoardTitle}. */
export interface BoardTitleState {
  /** The title to show; `null` while unknown (a bare room id, or the server not answering). */
  readonly title: string | null;
  /** The board's language from the room directory; `null` until known. */
  readonly language: RoomLanguage | null;
  /** Reports the title the board's document holds (the canvas watches it). */
  readonly documentTitleChanged: (title: string | undefined) => void;
  /** Reports a rename of this page that the server accepted. */
  readonly renamed: (title: string) => void;
}

/**
 * Asks the room directory for the board's title and language once (any
 * link's token may), then follows the title through the board's document
 * and this page's own renames (see `nextBoardTitle`).
 */
export function useBoardTitle(
  roomApi: RoomApi | undefined,
  roomId: string,
  token: string | null,
): BoardTitleState {
  const [title, dispatch] = useReducer(nextBoardTitle, null);
  const [language, setLanguage] = useState<RoomLanguage | null>(null);

  useEffect(() => {
    if (!roomApi || !token) return;
    let current = true;
    roomApi.getRoom(roomId, token).then(
      (room) => {
        if (!current) return;
        dispatch({ kind: 'roomInfo', title: room.title });
        setLanguage(room.language);
      },
      // Without it the page shows the board's code, as for a board opened by code alone.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [roomApi, roomId, token]);

  const documentTitleChanged = useCallback(
    (next: string | undefined) => dispatch({ kind: 'document', title: next }),
    [],
  );
  const renamed = useCallback((next: string) => dispatch({ kind: 'renamed', title: next }), []);
  return { title, language, documentTitleChanged, renamed };
}
