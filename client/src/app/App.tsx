import { boardPath } from '@kohtaamo/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LocalUser } from '../canvas/types';
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { BoardPage } from '../ui/BoardPage';
import { LandingPage } from '../ui/LandingPage';
import { NotFoundPage } from '../ui/NotFoundPage';
import { createMemoryStorage, type KeyValueStorage } from './browserStorage';
import { initialLocale, storeLocale } from './localePreference';
import { readLocalUser, saveLocalUser, withUserName } from './localUser';
import { navigate, useCurrentPath } from './navigation';
import { forgetBoard, type RecentBoard, readRecentBoards, rememberBoard } from './recentBoards';
import { createRoomApi, type RoomApi } from './roomApi';
import {
  decodeRoomToken,
  resolveRoomToken,
  saveRoomLinks,
  tokenFromSearch,
  withoutToken,
} from './roomTokens';
import { matchRoute } from './routes';

/** Composition root of the client: storage and browser facts come in as props. */
export function App(props: {
  storage: KeyValueStorage;
  browserLanguages: readonly string[];
  /** sessionStorage: the token of the link this tab was opened with. In memory when absent. */
  tabStorage?: KeyValueStorage;
  /** The server's board-management API; over HTTP on this origin when absent. */
  roomApi?: RoomApi;
}) {
  const { storage, browserLanguages } = props;
  const [tabStorage] = useState(() => props.tabStorage ?? createMemoryStorage());
  const [roomApi] = useState(() => props.roomApi ?? createRoomApi());
  const [locale] = useState(() => initialLocale(storage, browserLanguages));
  const rememberLocale = useCallback((next: Locale) => storeLocale(storage, next), [storage]);
  return (
    <I18nProvider initialLocale={locale} onLocaleChange={rememberLocale}>
      <Pages storage={storage} tabStorage={tabStorage} roomApi={roomApi} />
    </I18nProvider>
  );
}

function Pages(props: { storage: KeyValueStorage; tabStorage: KeyValueStorage; roomApi: RoomApi }) {
  const { storage, tabStorage, roomApi } = props;
  const { locale } = useI18n();
  const path = useCurrentPath();
  const route = matchRoute(path);
  const [user, setUser] = useState<LocalUser | undefined>(() => readLocalUser(storage));
  const [recentBoards, setRecentBoards] = useState<RecentBoard[]>(() => readRecentBoards(storage));

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  usePageFocus(path);

  const changeUserName = useCallback(
    (name: string) => {
      const next = withUserName(user, name);
      saveLocalUser(storage, next);
      setUser(next);
    },
    [storage, user],
  );
  const openBoard = useCallback((roomId: string) => navigate(boardPath(roomId)), []);
  const createBoard = useCallback(
    async (title: string) => {
      const created = await roomApi.createRoom({ title, language: locale });
      saveRoomLinks(storage, created.roomId, created.links);
      navigate(created.links.facilitator);
    },
    [roomApi, storage, locale],
  );
  const boardOpened = useCallback(
    (roomId: string) => setRecentBoards(rememberBoard(storage, roomId, Date.now())),
    [storage],
  );
  const removeRecentBoard = useCallback(
    (roomId: string) => setRecentBoards(forgetBoard(storage, roomId)),
    [storage],
  );

  switch (route.page) {
    case 'landing':
      return (
        <LandingPage
          recentBoards={recentBoards}
          onCreateBoard={createBoard}
          onOpenBoard={openBoard}
          onRemoveRecentBoard={removeRecentBoard}
        />
      );
    case 'board':
      return (
        <BoardRoute
          // A new room is a new canvas, sync connection and dialog state.
          key={route.roomId}
          roomId={route.roomId}
          storage={storage}
          tabStorage={tabStorage}
          roomApi={roomApi}
          user={user}
          onUserNameChange={changeUserName}
          onOpened={boardOpened}
        />
      );
    case 'notFound':
      return <NotFoundPage reason={route.reason} />;
  }
}

/**
 * A board opened with or without a link token. The token is taken out of
 * the address bar (it should not end up in screenshots, bookmarks or a
 * shared screen) and kept for the tab.
 */
function BoardRoute(props: {
  roomId: string;
  storage: KeyValueStorage;
  tabStorage: KeyValueStorage;
  roomApi: RoomApi;
  user: LocalUser | undefined;
  onUserNameChange(name: string): void;
  onOpened(roomId: string): void;
}) {
  const { roomId, storage, tabStorage } = props;
  const [access] = useState(() => {
    const token = resolveRoomToken(
      { tab: tabStorage, device: storage },
      roomId,
      tokenFromSearch(window.location.search),
    );
    const claims = token ? decodeRoomToken(token) : null;
    return { token, role: claims?.room === roomId ? claims.role : null };
  });
  useEffect(() => {
    if (tokenFromSearch(window.location.search) === null) return;
    window.history.replaceState(window.history.state, '', withoutToken(window.location.href));
  }, []);
  return (
    <BoardPage
      roomId={roomId}
      token={access.token}
      role={access.role}
      storage={storage}
      roomApi={props.roomApi}
      user={props.user}
      onUserNameChange={props.onUserNameChange}
      onOpened={props.onOpened}
    />
  );
}

/**
 * After in-app navigation the clicked control is gone and focus falls to
 * <body>; screen-reader and keyboard users would start over from the top of
 * nowhere. Move focus to the new page's heading, unless something on the new
 * page (the name dialog) already took it.
 */
function usePageFocus(path: string): void {
  // Compared with the previous path, not a first-render flag: StrictMode runs effects twice.
  const previousPath = useRef(path);
  useEffect(() => {
    if (previousPath.current === path) return;
    previousPath.current = path;
    if (document.activeElement === null || document.activeElement === document.body) {
      document.querySelector<HTMLElement>('[data-page-heading]')?.focus();
    }
  }, [path]);
}
