import { describe, expect, it } from 'vitest';
import { RoomTokens } from './RoomTokens.js';

const secret = new TextEncoder().encode('a'.repeat(32));
const grant = { roomId: 'room-1', role: 'guest', linkId: 'link-1' } as const;

describe('RoomTokens', () => {
  it('verifies what it signed', async () => {
    const tokens = new RoomTokens(secret);
    const check = await tokens.verify(await tokens.sign(grant));
    expect(check).toEqual({ ok: true, grant: { ...grant, expiresAt: undefined } });
  });

  it('keeps an expiry in the future', async () => {
    const tokens = new RoomTokens(secret);
    const expiresAt = Math.floor(Date.now() / 1000) + 60;
    const check = await tokens.verify(await tokens.sign({ ...grant, expiresAt }));
    expect(check).toEqual({ ok: true, grant: { ...grant, expiresAt } });
  });

  it('refuses an expired token as expired', async () => {
    const tokens = new RoomTokens(secret);
    const token = await tokens.sign({ ...grant, expiresAt: Math.floor(Date.now() / 1000) - 10 });
    expect(await tokens.verify(token)).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuses a token whose payload was changed', async () => {
    const tokens = new RoomTokens(secret);
    const [header, , signature] = (await tokens.sign(grant)).split('.');
    const payload = Buffer.from(
      JSON.stringify({ room: 'room-1', role: 'facilitator', lid: 'link-1' }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${payload}.${signature}`)).toEqual({
      ok: false,
      refusal: 'invalid',
    });
  });

  it('refuses a token signed with another secret', async () => {
    const other = new RoomTokens(new TextEncoder().encode('b'.repeat(32)));
    const token = await other.sign(grant);
    expect(await new RoomTokens(secret).verify(token)).toEqual({ ok: false, refusal: 'invalid' });
  });

  it('refuses garbage and an unsigned token', async () => {
    const tokens = new RoomTokens(secret);
    expect((await tokens.verify('not-a-token')).ok).toBe(false);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      '{"room":"room-1","role":"facilitator","lid":"x"}',
    ).toString('base64url')}.`;
    expect((await tokens.verify(none)).ok).toBe(false);
  });

  it('refuses a validly signed token with a role it does not know', async () => {
    const tokens = new RoomTokens(secret);
    const token = await tokens.sign({ ...grant, role: 'admin' as 'guest' });
    expect(await tokens.verify(token)).toEqual({ ok: false, refusal: 'invalid' });
  });

  it('refuses a short secret at construction', () => {
    expect(() => new RoomTokens(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
