import {
  participantIdFromKey,
  participantKeyBytes,
  participantKeyFromBytes,
  participantKeySchema,
} from '@kohtaamo/shared';
import { z } from 'zod';
import type { LocalUser } from '../canvas/types';
import { type KeyValueStorage, readJson, writeJson } from './browserStorage';

/** localStorage key of the person at this browser (`{ id, key, name, color }` JSON). */
export const localUserStorageKey = 'kohtaamo.user';

/** Longest display name, in characters; long names crowd cursor labels. */
export const userNameMaxLength = 40;

/**
 * Cursor and presence colours. Each keeps at least 4.5:1 contrast with white
 * (WCAG AA for normal text), so a white name label on it stays readable, and
 * the colour itself stays readable as text or a stroke on the white canvas.
 */
export const userColors = [
  '#b3261e', // red
  '#a33d00', // burnt orange
  '#7a5900', // ochre
  '#2e7d32', // green
  '#00695c', // teal
  '#1565c0', // blue
  '#4527a0', // indigo
  '#8e24aa', // purple
  '#ad1457', // pink
  '#455a64', // slate
] as const;

const userNameSchema = z.string().trim().min(1).max(userNameMaxLength);

/** Sources of randomness, injectable so tests are deterministic. */
export interface UserRandomness {
  /** {@link participantKeyBytes} bytes from a CSPRNG. */
  keyBytes(): Uint8Array;
  /** A number in [0, 1). */
  fraction(): number;
}

const browserRandomness: UserRandomness = {
  keyBytes: () => globalThis.crypto.getRandomValues(new Uint8Array(participantKeyBytes)),
  fraction: () => {
    const value = new Uint32Array(1);
    globalThis.crypto.getRandomValues(value);
    return (value[0] ?? 0) / 2 ** 32;
  },
};

function withNewKey(user: Pick<LocalUser, 'name' | 'color'>, random: UserRandomness): LocalUser {
  const key = participantKeyFromBytes(random.keyBytes());
  return { id: participantIdFromKey(key), key, name: user.name, color: user.color };
}

/**
 * Shape of a stored local user; anything else is treated as no user. Users
 * stored before participant keys existed have no `key`; they are upgraded
 * when read (see {@link readLocalUser}).
 */
export const localUserSchema = z.object({
  id: z.string().min(1).max(128),
  key: participantKeySchema.optional(),
  name: userNameSchema,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});

/**
 * The stored user, or `undefined` if none is stored or the stored value is
 * unusable. The id is always the one derived from the stored key. A user
 * stored without a key (before keys existed) gets a new key, and so a new
 * id, keeping name and colour; the upgrade is stored at once, so it happens
 * only once per browser.
 */
export function readLocalUser(
  storage: KeyValueStorage,
  random: UserRandomness = browserRandomness,
): LocalUser | undefined {
  const result = localUserSchema.safeParse(readJson(storage, localUserStorageKey));
  if (!result.success) return undefined;
  const { key, name, color } = result.data;
  if (key !== undefined) return { id: participantIdFromKey(key), key, name, color };
  const upgraded = withNewKey({ name, color }, random);
  saveLocalUser(storage, upgraded);
  return upgraded;
}

/** Stores the user for later visits. */
export function saveLocalUser(storage: KeyValueStorage, user: LocalUser): void {
  writeJson(storage, localUserStorageKey, user);
}

/** A display name cleaned for use, or `undefined` if it is empty or too long. */
export function normalizeUserName(input: string): string | undefined {
  const collapsed = input.replace(/\s+/g, ' ');
  const result = userNameSchema.safeParse(collapsed);
  return result.success ? result.data : undefined;
}

/** A new user with a fresh key (and so id) and a palette colour. `name` must already be normalized. */
export function createLocalUser(
  name: string,
  random: UserRandomness = browserRandomness,
): LocalUser {
  const index = Math.floor(random.fraction() * userColors.length) % userColors.length;
  return withNewKey({ name, color: userColors[index] ?? userColors[0] }, random);
}

/**
 * The user with a new name: keeps the existing key, id and colour (others
 * recognise the same cursor, and their content stays theirs), or creates a
 * user on first visit.
 */
export function withUserName(
  existing: LocalUser | undefined,
  name: string,
  random: UserRandomness = browserRandomness,
): LocalUser {
  return existing ? { ...existing, name } : createLocalUser(name, random);
}
