import { type RoomLanguage, type RoomRole, syncPath } from '@kohtaamo/shared';
import { useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Locale } from '../i18n/messages';
import { BoardSession } from './BoardSession';
import { nameFirstPageInBoardLanguage } from './defaultPageNames';
import type { LocalUser } from './types';

/** The link a board was opened with: its token, and whether it only lets its holder view. */
export interface BoardAccess {
  readonly token: string | null;
  readonly viewOnly: boolean;
  /** The link's role; `null`/absent for a bare room id. */
  readonly role?: RoomRole | null;
}

/** The sync server's WebSocket base URL on the page's own origin (the dev server proxies it). */
export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${syncPath}`;
}

/**
 * One {@link BoardSession} per room and user id, destroyed when either changes
 * or the component unmounts. Created in an effect rather than during render,
 * so React's strict-mode double mount gets two clean sessions instead of a
 * destroyed one. `null` until the effect has run. A new board's first page
 * is named in `boardLanguage` if it is known by the time the board loads.
 */
export function useBoardSession(
  roomId: string,
  user: LocalUser,
  locale: Locale,
  access: BoardAccess = { token: null, viewOnly: false },
  boardLanguage: RoomLanguage | null = null,
): BoardSession | null {
  const { token, viewOnly } = access;
  const role = access.role ?? null;
  const [session, setSession] = useState<BoardSession | null>(null);
  // Name, colour and locale changes are applied in place; only the id needs a new session.
  const latest = useRef({ user, locale });
  latest.current = { user, locale };
  const language = useRef(boardLanguage);
  language.current = boardLanguage;
  const userId = user.id;

  useEffect(() => {
    const created = new BoardSession({
      roomId,
      // Keyed on the id: the rest of the user may have changed since and is applied in place.
      user: { ...latest.current.user, id: userId },
      locale: latest.current.locale,
      serverUrl: syncServerUrl(window.location),
      token,
      viewOnly,
      role,
      openPersistence: (name, doc) =>
        typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(name, doc),
    });
    // Before the board loads (never synchronously in the constructor), when tldraw adds the page.
    const stopNamingPages = nameFirstPageInBoardLanguage(created.store, () => language.current);
    setSession(created);
    return () => {
      stopNamingPages();
      created.destroy();
      setSession((current) => (current === created ? null : current));
    };
  }, [roomId, userId, token, viewOnly, role]);

  const { name, color } = user;
  useEffect(() => {
    session?.updateUser({ name, color }, locale);
  }, [session, name, color, locale]);

  return session;
}
