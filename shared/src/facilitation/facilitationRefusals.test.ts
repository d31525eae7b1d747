import { describe, expect, it } from 'vitest';
import { serverControlMessageSchema } from './controlMessages.js';
import {
  accepted,
  facilitationIdSchema,
  facilitationRefusalCodes,
  refused,
} from './facilitationRefusals.js';

describe('facilitation refusals', () => {
  it('has each code once, each one a dotted code the wire accepts', () => {
    expect(new Set(facilitationRefusalCodes).size).toBe(facilitationRefusalCodes.length);
    for (const code of facilitationRefusalCodes) {
      expect(
        serverControlMessageSchema.safeParse({ type: 'refused', id: null, code }).success,
        code,
      ).toBe(true);
    }
  });

  it('makes results, leaving out empty params', () => {
    expect(accepted(3)).toEqual({ ok: true, value: 3 });
    expect(refused('vote.limit', 'no votes left', {})).toEqual({
      ok: false,
      refusal: { code: 'vote.limit', reason: 'no votes left' },
    });
  });

  it('accepts tldraw-style ids and refuses empty, long or control-character ids', () => {
    expect(facilitationIdSchema.safeParse('shape:Ab_c-1').success).toBe(true);
    expect(facilitationIdSchema.safeParse('').success).toBe(false);
    expect(facilitationIdSchema.safeParse('x'.repeat(201)).success).toBe(false);
    expect(facilitationIdSchema.safeParse('a\u0000b').success).toBe(false);
  });
});
