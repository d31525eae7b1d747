import { participantIdFromKey, participantKeySchema } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './browserStorage';
import {
  createLocalUser,
  localUserStorageKey,
  normalizeUserName,
  readLocalUser,
  saveLocalUser,
  userColors,
  userNameMaxLength,
  withUserName,
} from './localUser';

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

const fixedRandom = { keyBytes: () => new Uint8Array(32).fill(7), fraction: () => 0.55 };
const fixedKey = 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc';

describe('local user', () => {
  it('is absent on a first visit', () => {
    expect(readLocalUser(createMemoryStorage())).toBeUndefined();
  });

  it('survives a save and read as { id, key, name, color } JSON', () => {
    const storage = createMemoryStorage();
    const user = createLocalUser('Aino', fixedRandom);
    saveLocalUser(storage, user);
    expect(Object.keys(JSON.parse(storage.getItem(localUserStorageKey) ?? 'null'))).toEqual([
      'id',
      'key',
      'name',
      'color',
    ]);
    expect(readLocalUser(storage)).toEqual(user);
  });

  it('treats corrupt or incomplete stored data as absent', () => {
    const storage = createMemoryStorage();
    for (const stored of [
      '{"id":',
      'null',
      '"Aino"',
      JSON.stringify({ id: 'u1', name: 'Aino' }),
      JSON.stringify({ id: '', name: 'Aino', color: '#1565c0' }),
      JSON.stringify({ id: 'u1', name: '   ', color: '#1565c0' }),
      JSON.stringify({ id: 'u1', name: 'Aino', color: 'red; background:url(x)' }),
      JSON.stringify({ id: 'u1', name: 'x'.repeat(userNameMaxLength + 1), color: '#1565c0' }),
      JSON.stringify({ id: 'u1', key: 'too-short', name: 'Aino', color: '#1565c0' }),
    ]) {
      storage.setItem(localUserStorageKey, stored);
      expect(readLocalUser(storage), stored).toBeUndefined();
    }
  });

  it('derives the id from the stored key, whatever id was stored beside it', () => {
    const storage = createMemoryStorage();
    storage.setItem(
      localUserStorageKey,
      JSON.stringify({ id: 'someone-else', key: fixedKey, name: 'Aino', color: '#1565C0' }),
    );
    expect(readLocalUser(storage)).toEqual({
      id: participantIdFromKey(fixedKey),
      key: fixedKey,
      name: 'Aino',
      color: '#1565C0',
    });
  });

  it('upgrades a user stored before keys existed once: new key and id, same name and colour', () => {
    const storage = createMemoryStorage();
    storage.setItem(
      localUserStorageKey,
      JSON.stringify({ id: 'e2e-user-aino', name: 'Aino', color: '#1565C0' }),
    );
    const upgraded = readLocalUser(storage, fixedRandom);
    expect(upgraded).toEqual({
      id: participantIdFromKey(fixedKey),
      key: fixedKey,
      name: 'Aino',
      color: '#1565C0',
    });
    expect(JSON.parse(storage.getItem(localUserStorageKey) ?? 'null')).toEqual(upgraded);
    // Read again with other randomness: the stored upgrade is kept, not redone.
    const other = { keyBytes: () => new Uint8Array(32).fill(9), fraction: () => 0 };
    expect(readLocalUser(storage, other)).toEqual(upgraded);
  });

  it('creates users with a random key, the id derived from it, and a palette colour', () => {
    const user = createLocalUser('Aino', fixedRandom);
    expect(user).toEqual({
      id: participantIdFromKey(fixedKey),
      key: fixedKey,
      name: 'Aino',
      color: userColors[5],
    });
    const real = createLocalUser('Bertta');
    expect(participantKeySchema.safeParse(real.key).success).toBe(true);
    expect(real.id).toBe(participantIdFromKey(real.key));
    expect(real.key).not.toBe(createLocalUser('Bertta').key);
    expect(userColors).toContain(real.color);
    expect(createLocalUser('X', { ...fixedRandom, fraction: () => 0.999999 }).color).toBe(
      userColors[userColors.length - 1],
    );
  });

  it('keeps key, id and colour when the name changes', () => {
    const user = createLocalUser('Aino', fixedRandom);
    expect(withUserName(user, 'Aino K.')).toEqual({ ...user, name: 'Aino K.' });
    expect(withUserName(undefined, 'Uusi', fixedRandom).key).toBe(fixedKey);
  });

  it('normalizes names: trims, collapses whitespace, rejects empty and too long', () => {
    expect(normalizeUserName('  Aino \n  Virtanen ')).toBe('Aino Virtanen');
    expect(normalizeUserName(' \t ')).toBeUndefined();
    expect(normalizeUserName('x'.repeat(userNameMaxLength))).toHaveLength(userNameMaxLength);
    expect(normalizeUserName('x'.repeat(userNameMaxLength + 1))).toBeUndefined();
  });

  it('has only colours with AA contrast (4.5:1) against white', () => {
    expect(new Set(userColors).size).toBe(userColors.length);
    for (const color of userColors) {
      expect(contrastWithWhite(color), color).toBeGreaterThanOrEqual(4.5);
    }
  });
});
