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

const fixedRandom = { uuid: () => '6f1c1d2e-0000-4000-8000-000000000001', fraction: () => 0.55 };

describe('local user', () => {
  it('is absent on a first visit', () => {
    expect(readLocalUser(createMemoryStorage())).toBeUndefined();
  });

  it('survives a save and read as { id, name, color } JSON', () => {
    const storage = createMemoryStorage();
    const user = createLocalUser('Aino', fixedRandom);
    saveLocalUser(storage, user);
    expect(JSON.parse(storage.getItem(localUserStorageKey) ?? 'null')).toEqual(user);
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
    ]) {
      storage.setItem(localUserStorageKey, stored);
      expect(readLocalUser(storage), stored).toBeUndefined();
    }
  });

  it('accepts users written by other clients and tests (any non-empty id)', () => {
    const storage = createMemoryStorage();
    storage.setItem(
      localUserStorageKey,
      JSON.stringify({ id: 'e2e-user-aino', name: 'Aino', color: '#1565C0' }),
    );
    expect(readLocalUser(storage)).toEqual({ id: 'e2e-user-aino', name: 'Aino', color: '#1565C0' });
  });

  it('creates users with a random id and a palette colour', () => {
    const user = createLocalUser('Aino', fixedRandom);
    expect(user).toEqual({ id: fixedRandom.uuid(), name: 'Aino', color: userColors[5] });
    const real = createLocalUser('Bertta');
    expect(real.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(real.id).not.toBe(createLocalUser('Bertta').id);
    expect(userColors).toContain(real.color);
    expect(createLocalUser('X', { ...fixedRandom, fraction: () => 0.999999 }).color).toBe(
      userColors[userColors.length - 1],
    );
  });

  it('keeps id and colour when the name changes', () => {
    const user = createLocalUser('Aino', fixedRandom);
    expect(withUserName(user, 'Aino K.')).toEqual({ ...user, name: 'Aino K.' });
    expect(withUserName(undefined, 'Uusi', fixedRandom).id).toBe(fixedRandom.uuid());
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
