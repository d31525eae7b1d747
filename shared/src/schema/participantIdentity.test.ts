import { describe, expect, it } from 'vitest';
import {
  participantIdFromKey,
  participantKeyFromBytes,
  participantKeySchema,
} from './participantIdentity.js';

describe('participant identity', () => {
  it('makes a 43-character key from 32 bytes and refuses other lengths', () => {
    const key = participantKeyFromBytes(new Uint8Array(32).fill(255));
    expect(key).toBe(`${'_'.repeat(42)}8`);
    expect(participantKeySchema.safeParse(key).success).toBe(true);
    expect(() => participantKeyFromBytes(new Uint8Array(16))).toThrow(/32 random bytes/);
  });

  it('derives the id from SHA-256 of the key, so the same key gives the same id', () => {
    // SHA-256("abc") = ba7816bf…; base64url of the digest starts "ungWv48Bz-pBQUDeXa4iI7".
    expect(participantIdFromKey('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7');
    const key = participantKeyFromBytes(new Uint8Array(32).fill(7));
    expect(participantIdFromKey(key)).toBe(participantIdFromKey(key));
    expect(participantIdFromKey(key)).not.toBe(participantIdFromKey('abc'));
    expect(participantIdFromKey(key)).toHaveLength(22);
  });

  it('refuses keys that are not 43 base64url characters', () => {
    for (const bad of ['', 'short', `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`, 'a'.repeat(44)]) {
      expect(participantKeySchema.safeParse(bad).success).toBe(false);
    }
  });
});
