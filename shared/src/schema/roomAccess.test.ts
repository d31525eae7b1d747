import { describe, expect, it } from 'vitest';
import {
  createRoomRequestSchema,
  renameRoomRequestSchema,
  roomLink,
  roomRoleSchema,
} from './roomAccess.js';

describe('createRoomRequestSchema', () => {
  it('accepts a title and a language, trimming the title', () => {
    expect(createRoomRequestSchema.parse({ title: ' Kick-off ', language: 'fi' })).toEqual({
      title: 'Kick-off',
      language: 'fi',
    });
  });

  it('leaves both fields optional', () => {
    expect(createRoomRequestSchema.parse({})).toEqual({});
    expect(createRoomRequestSchema.parse({ language: 'en' })).toEqual({ language: 'en' });
  });

  it('refuses empty and too long titles, unknown languages and extra keys', () => {
    expect(createRoomRequestSchema.safeParse({ title: '  ', language: 'en' }).success).toBe(false);
    expect(
      createRoomRequestSchema.safeParse({ title: 'x'.repeat(121), language: 'en' }).success,
    ).toBe(false);
    expect(createRoomRequestSchema.safeParse({ title: 'x', language: 'sv' }).success).toBe(false);
    expect(
      createRoomRequestSchema.safeParse({ title: 'x', language: 'en', owner: 1 }).success,
    ).toBe(false);
  });
});

describe('renameRoomRequestSchema', () => {
  it('takes a trimmed title and nothing else', () => {
    expect(renameRoomRequestSchema.parse({ title: ' Uusi ' })).toEqual({ title: 'Uusi' });
    expect(renameRoomRequestSchema.safeParse({}).success).toBe(false);
    expect(renameRoomRequestSchema.safeParse({ title: ' ' }).success).toBe(false);
    expect(renameRoomRequestSchema.safeParse({ title: 'x', language: 'en' }).success).toBe(false);
  });
});

describe('roomRoleSchema', () => {
  it('knows the four roles', () => {
    expect(roomRoleSchema.options).toEqual(['facilitator', 'participant', 'guest', 'viewer']);
    expect(roomRoleSchema.safeParse('admin').success).toBe(false);
  });
});

describe('roomLink', () => {
  it('is a board path carrying the token in t', () => {
    expect(roomLink('abc_123', 'x.y-z')).toBe('/b/abc_123?t=x.y-z');
  });
});
