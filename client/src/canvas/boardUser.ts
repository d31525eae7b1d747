import {
  atom,
  computed,
  createTLCurrentUser,
  createUserId,
  getUserPreferences,
  type Signal,
  setUserPreferences,
  type TLCurrentUser,
  type TLUser,
  type TLUserPreferences,
  UserRecordType,
} from 'tldraw';
import type { Locale } from '../i18n/messages';
import type { LocalUser } from './types';

/** The local user as tldraw sees it. */
export interface BoardUser {
  /** For `<Tldraw user>`: preferences (identity from the app, the rest remembered by tldraw). */
  readonly currentUser: TLCurrentUser;
  /** The user record: for the store's `users` (attribution) and for presence. */
  readonly $user: Signal<TLUser>;
}

/**
 * Builds tldraw's user from the app's {@link LocalUser}. Identity (id, name,
 * colour) and locale always come from the app; other preferences (dark mode,
 * snapping, …) start from tldraw's saved ones and are saved back without the
 * identity, so tabs on different boards or locales don't overwrite each other.
 */
export function createBoardUser(user: LocalUser, locale: Locale): BoardUser {
  const saved = getUserPreferences();
  const $preferences = atom<TLUserPreferences>('kohtaamo.userPreferences', {
    ...saved,
    id: user.id,
    name: user.name,
    color: user.color,
    locale,
  });
  const currentUser = createTLCurrentUser({
    userPreferences: $preferences,
    setUserPreferences: (next) => {
      $preferences.set(next);
      const { id, name, color, locale } = getUserPreferences();
      setUserPreferences({ ...next, id, name, color, locale });
    },
  });
  const $user = computed<TLUser>(
    'kohtaamo.user',
    () => {
      const preferences = $preferences.get();
      return UserRecordType.create({
        id: createUserId(preferences.id),
        name: preferences.name ?? '',
        color: preferences.color ?? '',
      });
    },
    { isEqual: (a, b) => a.id === b.id && a.name === b.name && a.color === b.color },
  );
  return { currentUser, $user };
}
