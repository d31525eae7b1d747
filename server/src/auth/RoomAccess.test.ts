import { CloseCode } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { MemoryRoomDirectory } from './MemoryRoomDirectory.js';
import { RoomAccess, requestToken, roleAllows } from './RoomAccess.js';
import { RoomTokens } from './RoomTokens.js';

const tokens = new RoomTokens(new TextEncoder().encode('s'.repeat(32)));
const linkIds = { facilitator: 'f1', participant: 'p1', guest: 'g1', viewer: 'v1' };

async function setup(requireTokens = false) {
  const directory = new MemoryRoomDirectory();
  await directory.create({
    roomId: 'protected',
    title: 'P',
    language: 'en',
    createdAt: 0,
    linkIds,
  });
  return { directory, access: new RoomAccess({ directory, tokens, requireTokens }) };
}

describe('RoomAccess', () => {
  it('grants a current token of the room its role', async () => {
    const { access } = await setup();
    const token = await tokens.sign({ roomId: 'protected', role: 'viewer', linkId: 'v1' });
    expect(await access.check('protected', token)).toEqual({
      kind: 'granted',
      grant: { roomId: 'protected', role: 'viewer', linkId: 'v1', expiresAt: undefined },
    });
  });

  it('refuses a protected room without a token with 401 / 4401', async () => {
    const { access } = await setup();
    expect(await access.check('protected', undefined)).toMatchObject({
      kind: 'refused',
      status: 401,
      closeCode: CloseCode.unauthorized,
    });
  });

  it('refuses a revoked link after rotation, and accepts the new one', async () => {
    const { access, directory } = await setup();
    const old = await tokens.sign({ roomId: 'protected', role: 'guest', linkId: 'g1' });
    await directory.replaceLink('protected', 'guest', 'g2');
    expect(await access.check('protected', old)).toMatchObject({ status: 401, reason: /revoked/ });
    const fresh = await tokens.sign({ roomId: 'protected', role: 'guest', linkId: 'g2' });
    expect((await access.check('protected', fresh)).kind).toBe('granted');
  });

  it('refuses another room token with 403 / 4403', async () => {
    const { access } = await setup();
    const token = await tokens.sign({ roomId: 'elsewhere', role: 'facilitator', linkId: 'f1' });
    expect(await access.check('protected', token)).toMatchObject({
      status: 403,
      closeCode: CloseCode.forbidden,
    });
  });

  it('refuses expired tokens and tokens of deleted rooms with 401', async () => {
    const { access, directory } = await setup();
    const expired = await tokens.sign({
      roomId: 'protected',
      role: 'guest',
      linkId: 'g1',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    expect(await access.check('protected', expired)).toMatchObject({
      status: 401,
      reason: /expired/,
    });
    const token = await tokens.sign({ roomId: 'protected', role: 'guest', linkId: 'g1' });
    await directory.delete('protected');
    expect(await access.check('protected', token)).toMatchObject({ status: 401 });
  });

  it('keeps rooms outside the directory open unless tokens are required', async () => {
    expect(await (await setup(false)).access.check('legacy-room', undefined)).toEqual({
      kind: 'open',
    });
    expect(await (await setup(true)).access.check('legacy-room', undefined)).toMatchObject({
      status: 401,
    });
  });
});

describe('roleAllows', () => {
  it('lets viewers read and export, guests and up upload, facilitators manage', () => {
    expect(roleAllows('viewer', 'export')).toBe(true);
    expect(roleAllows('viewer', 'read-upload')).toBe(true);
    expect(roleAllows('viewer', 'upload')).toBe(false);
    expect(roleAllows('guest', 'upload')).toBe(true);
    expect(roleAllows('participant', 'manage')).toBe(false);
    expect(roleAllows('facilitator', 'manage')).toBe(true);
    expect(roleAllows(undefined, 'upload')).toBe(true);
    expect(roleAllows(undefined, 'manage')).toBe(false);
  });
});

describe('requestToken', () => {
  it('reads t, then token', () => {
    expect(requestToken(new URL('http://x/a?t=one&token=two'))).toBe('one');
    expect(requestToken(new URL('http://x/a?token=two'))).toBe('two');
    expect(requestToken(new URL('http://x/a'))).toBeUndefined();
  });
});
