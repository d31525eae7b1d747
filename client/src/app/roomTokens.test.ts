import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './browserStorage';
import {
  decodeRoomToken,
  forgetRoomLinks,
  readRoomLinks,
  resolveRoomToken,
  saveRoomLinks,
  tabTokenKey,
  tokenFromSearch,
  turnedOffLink,
  updateRoomLink,
  withoutToken,
} from './roomTokens';

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function token(claims: unknown): string {
  return `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify(claims))}.sig`;
}

const links = {
  facilitator: `/b/room-1?t=${token({ room: 'room-1', role: 'facilitator', lid: 'a' })}`,
  participant: '/b/room-1?t=p',
  guest: '/b/room-1?t=g',
  viewer: '/b/room-1?t=v',
};

describe('decodeRoomToken', () => {
  it('reads room, role and expiry from the payload', () => {
    expect(decodeRoomToken(token({ room: 'room-1', role: 'viewer', lid: 'x', exp: 99 }))).toEqual({
      room: 'room-1',
      role: 'viewer',
      exp: 99,
    });
  });

  it('reads payloads whose base64url uses - and _ (non-ASCII titles, long ids)', () => {
    const claims = { room: 'röom-ÿÿÿ>>>???', role: 'guest', lid: '~~~' };
    expect(decodeRoomToken(token(claims))?.room).toBe(claims.room);
  });

  it('is null for anything that is not a token with a known role', () => {
    expect(decodeRoomToken('')).toBeNull();
    expect(decodeRoomToken('abc')).toBeNull();
    expect(decodeRoomToken('a.!!!.c')).toBeNull();
    expect(decodeRoomToken(token({ room: 'r', role: 'admin' }))).toBeNull();
    expect(decodeRoomToken(token('just a string'))).toBeNull();
  });
});

describe('URL handling', () => {
  it('finds the token in the query', () => {
    expect(tokenFromSearch('?t=abc.def')).toBe('abc.def');
    expect(tokenFromSearch('?x=1')).toBeNull();
    expect(tokenFromSearch('?t=')).toBeNull();
  });

  it('removes only the token from the address', () => {
    expect(withoutToken('http://host/b/room-1?t=abc')).toBe('/b/room-1');
    expect(withoutToken('http://host/b/room-1?x=1&t=abc#here')).toBe('/b/room-1?x=1#here');
  });
});

describe('token storage', () => {
  it("keeps the URL's token for the tab and uses it once the address bar is clean", () => {
    const storages = { tab: createMemoryStorage(), device: createMemoryStorage() };
    expect(resolveRoomToken(storages, 'room-1', 'tok')).toBe('tok');
    expect(storages.tab.getItem(tabTokenKey('room-1'))).toBe('tok');
    expect(resolveRoomToken(storages, 'room-1', null)).toBe('tok');
    expect(resolveRoomToken(storages, 'room-2', null)).toBeNull();
  });

  it("falls back to the facilitator link of the device's own board", () => {
    const storages = { tab: createMemoryStorage(), device: createMemoryStorage() };
    saveRoomLinks(storages.device, 'room-1', links);
    expect(resolveRoomToken(storages, 'room-1', null)).toBe(
      tokenFromSearch(links.facilitator.split('?')[1] ?? ''),
    );
  });

  it('replaces a rotated link and forgets a deleted board', () => {
    const device = createMemoryStorage();
    saveRoomLinks(device, 'room-1', links);
    saveRoomLinks(device, 'room-2', links);
    expect(updateRoomLink(device, 'room-1', 'guest', '/b/room-1?t=new')?.guest).toBe(
      '/b/room-1?t=new',
    );
    expect(readRoomLinks(device, 'room-1')?.guest).toBe('/b/room-1?t=new');
    expect(updateRoomLink(device, 'room-3', 'guest', 'x')).toBeUndefined();
    forgetRoomLinks(device, 'room-1');
    expect(readRoomLinks(device, 'room-1')).toBeUndefined();
    expect(readRoomLinks(device, 'room-2')).toEqual(links);
  });

  it('keeps a turned-off link as off, and a new link after it', () => {
    const device = createMemoryStorage();
    saveRoomLinks(device, 'room-1', links);
    updateRoomLink(device, 'room-1', 'viewer', turnedOffLink);
    expect(readRoomLinks(device, 'room-1')).toEqual({ ...links, viewer: '' });
    updateRoomLink(device, 'room-1', 'viewer', '/b/room-1?t=v2');
    expect(readRoomLinks(device, 'room-1')?.viewer).toBe('/b/room-1?t=v2');
  });

  it('treats unreadable stored links as none', () => {
    const device = createMemoryStorage();
    device.setItem('kohtaamo.ownRooms', '{"room-1": 5}');
    expect(readRoomLinks(device, 'room-1')).toBeUndefined();
  });
});
