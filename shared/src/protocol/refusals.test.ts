import { describe, expect, it } from 'vitest';
import { editRefusalCodes } from '../access/editRefusals.js';
import {
  decodeRefusalCloseReason,
  encodeRefusalCloseReason,
  maxCloseReasonBytes,
  refusal,
} from './refusals.js';

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe('refusal', () => {
  it('leaves out empty params', () => {
    expect(refusal('guest.notAuthor', 'no', {})).toEqual({ code: 'guest.notAuthor', reason: 'no' });
    expect(refusal('document.tooLarge', 'big', { limitBytes: 5 }).params).toEqual({
      limitBytes: 5,
    });
  });
});

describe('encodeRefusalCloseReason', () => {
  it('writes the code alone, or the code and its params as JSON, without the English reason', () => {
    expect(encodeRefusalCloseReason(refusal('guest.notAuthor', 'a guest cannot…'))).toBe(
      'guest.notAuthor',
    );
    expect(
      encodeRefusalCloseReason(refusal('document.tooLarge', 'too big', { limitBytes: 67108864 })),
    ).toBe('document.tooLarge {"limitBytes":67108864}');
  });

  it('round-trips through decodeRefusalCloseReason', () => {
    const cases = [
      refusal('lock.locked', 'x'),
      refusal('document.tooLarge', 'x', { limitBytes: 1024 }),
      refusal('record.unknownType', 'x', { typeName: 'camera "ä"' }),
    ];
    for (const refused of cases) {
      const { code, params } = refused;
      expect(decodeRefusalCloseReason(encodeRefusalCloseReason(refused))).toEqual(
        params ? { code, params } : { code },
      );
    }
  });

  it('stays within 123 bytes by dropping the params, never cutting the code', () => {
    expect(maxCloseReasonBytes).toBe(123);
    const long = refusal('record.unknownType', 'x', { typeName: 'ö'.repeat(200) });
    const encoded = encodeRefusalCloseReason(long);
    expect(encoded).toBe('record.unknownType');
    // Just at the bound the params stay.
    const prefix = 'record.unknownType {"typeName":""}';
    const fits = refusal('record.unknownType', 'x', {
      typeName: 'a'.repeat(maxCloseReasonBytes - prefix.length),
    });
    expect(bytes(encodeRefusalCloseReason(fits))).toBe(maxCloseReasonBytes);
    const over = refusal('record.unknownType', 'x', {
      typeName: 'a'.repeat(maxCloseReasonBytes - prefix.length + 1),
    });
    expect(encodeRefusalCloseReason(over)).toBe('record.unknownType');
    for (const code of editRefusalCodes) {
      expect(bytes(encodeRefusalCloseReason(refusal(code, 'x', { n: 1 })))).toBeLessThanOrEqual(
        maxCloseReasonBytes,
      );
    }
  });

  it('throws on a code that is not a dotted code or cannot fit', () => {
    expect(() => encodeRefusalCloseReason(refusal('no dots here', 'x'))).toThrow(RangeError);
    expect(() => encodeRefusalCloseReason(refusal(`a.${'b'.repeat(130)}`, 'x'))).toThrow(
      RangeError,
    );
  });
});

describe('decodeRefusalCloseReason', () => {
  it('returns undefined for an older server’s English reason', () => {
    for (const reason of [
      "a guest cannot change other people's content",
      'invalid shape shape:bad: color',
      'viewers cannot edit',
      'board would exceed its 67108864 byte limit',
      '',
    ]) {
      expect(decodeRefusalCloseReason(reason)).toBeUndefined();
    }
  });

  it('returns undefined for garbage after a code', () => {
    for (const reason of [
      'guest.notAuthor {',
      'guest.notAuthor not json',
      'guest.notAuthor [1,2]',
      'guest.notAuthor null',
      'guest.notAuthor {"a":{"b":1}}',
      'guest.notAuthor {"a":true}',
      '.notAuthor',
      'guest.',
      'guest..notAuthor',
      '1guest.notAuthor',
    ]) {
      expect(decodeRefusalCloseReason(reason)).toBeUndefined();
    }
  });

  it('keeps params as params, even one named __proto__', () => {
    expect(decodeRefusalCloseReason('guest.notAuthor {}')).toEqual({ code: 'guest.notAuthor' });
    const decoded = decodeRefusalCloseReason('x.y {"__proto__":"p","n":2}');
    expect(Object.keys(decoded?.params ?? {})).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(decoded?.params)).toBe(Object.prototype);
  });
});
