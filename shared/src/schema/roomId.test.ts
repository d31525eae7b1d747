import { describe, expect, it } from 'vitest';
import { createRoomId, generatedRoomIdLength, roomIdSchema } from './roomId.js';

describe('roomIdSchema', () => {
  it('accepts URL-safe ids', () => {
    expect(roomIdSchema.parse('abc-DEF_123')).toBe('abc-DEF_123');
  });

  it.each(['ab', 'a'.repeat(65), 'has space', 'slash/inside', 'dot.dot', 'ä-umlaut', ''])(
    'rejects %j',
    (id) => {
      expect(roomIdSchema.safeParse(id).success).toBe(false);
    },
  );
});

describe('createRoomId', () => {
  it('makes distinct valid ids of the documented length', () => {
    const ids = new Set(Array.from({ length: 200 }, () => createRoomId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toHaveLength(generatedRoomIdLength);
      expect(roomIdSchema.safeParse(id).success).toBe(true);
    }
  });
});
