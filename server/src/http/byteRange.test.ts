import { describe, expect, it } from 'vitest';
import { decideRange, entityTag, ifNoneMatchHits, ifRangeHolds } from './byteRange.js';

describe('decideRange', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', offset: 0, length: 100 }],
    ['bytes=100-', { kind: 'partial', offset: 100, length: 900 }],
    ['bytes=0-', { kind: 'partial', offset: 0, length: 1000 }],
    ['bytes=999-999', { kind: 'partial', offset: 999, length: 1 }],
    ['bytes=500-5000', { kind: 'partial', offset: 500, length: 500 }],
    ['bytes=-10', { kind: 'partial', offset: 990, length: 10 }],
    ['bytes=-5000', { kind: 'partial', offset: 0, length: 1000 }],
    ['bytes = 10 - 19', { kind: 'partial', offset: 10, length: 10 }],
  ] as const)('serves %s of 1000 bytes as one part', (header, expected) => {
    expect(decideRange(header, 1000)).toEqual(expected);
  });

  it.each(['bytes=1000-', 'bytes=1000-1001', 'bytes=5000-', 'bytes=-0'])(
    'finds %s unsatisfiable for 1000 bytes',
    (header) => {
      expect(decideRange(header, 1000)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  it.each([
    undefined,
    '',
    'bytes=',
    'bytes=-',
    'bytes=abc-',
    'bytes=20-10',
    'bytes=0-1,5-6',
    'items=0-1',
    'bytes=1.5-2',
  ])('answers %j with the whole body', (header) => {
    expect(decideRange(header, 1000)).toEqual({ kind: 'full' });
  });
});

describe('conditional headers', () => {
  const etag = entityTag('ab12');

  it('quotes the hash as a strong tag', () => {
    expect(etag).toBe('"ab12"');
  });

  it.each([
    ['"ab12"', true],
    ['W/"ab12"', true],
    ['"other", "ab12"', true],
    ['*', true],
    ['"other"', false],
    ['ab12', false],
    [undefined, false],
  ] as const)('If-None-Match %j hits: %s', (header, hits) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hits);
  });

  it.each([
    [undefined, true],
    ['"ab12"', true],
    ['W/"ab12"', false],
    ['"other"', false],
    ['Wed, 21 Oct 2015 07:28:00 GMT', false],
  ] as const)('If-Range %j lets the range through: %s', (header, holds) => {
    expect(ifRangeHolds(header, etag)).toBe(holds);
  });
});
