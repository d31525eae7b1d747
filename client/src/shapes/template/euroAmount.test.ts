import { maxCostAmountCents } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import {
  formatEuroInput,
  formatEuros,
  formatMean,
  formatPercent,
  parseEuroAmount,
  parseQuantity,
} from './euroAmount';

describe('parseEuroAmount', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['12,', 1200],
    [',05', 5],
    ['0', 0],
    ['1 200,00', 120_000],
    ['1\u00a0200,00\u00a0€', 120_000],
    ['1\u202f200,00 €', 120_000],
    ['€5', 500],
    ['5 eur', 500],
    ['1.200,50', 120_050],
    ['1,200.50', 120_050],
    ['1.200.000', 120_000_000],
    ['  7.25  ', 725],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseEuroAmount(text)).toEqual({ ok: true, cents });
  });

  it('is exact where binary floating point is not', () => {
    // 0.1 + 0.2 and 1.005 * 100 are the classic float traps.
    expect(parseEuroAmount('1,005')).toEqual({ ok: false, error: 'decimals' });
    expect(parseEuroAmount('0,29')).toEqual({ ok: true, cents: 29 });
    expect(parseEuroAmount('4,35')).toEqual({ ok: true, cents: 435 });
    expect(parseEuroAmount('999999999,99')).toEqual({ ok: true, cents: 99_999_999_999 });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['€', 'empty'],
    ['abc', 'invalid'],
    ['12a', 'invalid'],
    ['1e5', 'invalid'],
    ['1,2,3.4.5', 'invalid'],
    ['1.20,00.5', 'invalid'],
    ['12,34,56', 'invalid'],
    ['.', 'invalid'],
    ['-5', 'negative'],
    ['−5,00', 'negative'],
    ['1,200', 'decimals'],
    ['12.345', 'decimals'],
  ])('refuses %j (%s)', (text, error) => {
    expect(parseEuroAmount(text)).toEqual({ ok: false, error });
  });

  it('refuses amounts over the largest line amount', () => {
    expect(parseEuroAmount('1000000000')).toEqual({ ok: true, cents: maxCostAmountCents });
    expect(parseEuroAmount('1000000000,01')).toEqual({ ok: false, error: 'tooLarge' });
    expect(parseEuroAmount('99999999999999999999')).toEqual({ ok: false, error: 'tooLarge' });
  });
});

describe('parseQuantity', () => {
  it('reads empty as no quantity and whole numbers up to the limit', () => {
    expect(parseQuantity('')).toEqual({ ok: true, quantity: undefined });
    expect(parseQuantity(' 3 ')).toEqual({ ok: true, quantity: 3 });
    expect(parseQuantity('1 000')).toEqual({ ok: true, quantity: 1000 });
    expect(parseQuantity('0')).toEqual({ ok: true, quantity: 0 });
    expect(parseQuantity('1000000')).toEqual({ ok: true, quantity: 1_000_000 });
  });

  it.each(['1000001', '2,5', '-1', 'x'])('refuses %j', (text) => {
    expect(parseQuantity(text)).toEqual({ ok: false });
  });
});

describe('formatEuros', () => {
  it('formats in the locale’s style', () => {
    expect(formatEuros(120_000, 'fi')).toBe('1\u00a0200,00\u00a0€');
    expect(formatEuros(120_000, 'en')).toBe('€1,200.00');
    expect(formatEuros(-80_000, 'fi')).toBe('−800,00\u00a0€');
    expect(formatEuros(5, 'en')).toBe('€0.05');
  });

  it('stays exact for totals beyond what a float holds with cents', () => {
    expect(formatEuros(1_000_000_000_000_000, 'en')).toBe('€10,000,000,000,000.00');
    expect(formatEuros(999_999_999_999_999, 'en')).toBe('€9,999,999,999,999.99');
  });
});

describe('formatEuroInput', () => {
  it('writes what parseEuroAmount reads back, without grouping or sign', () => {
    expect(formatEuroInput(120_050, 'fi')).toBe('1200,50');
    expect(formatEuroInput(120_050, 'en')).toBe('1200.50');
    for (const cents of [0, 1, 99, 120_050, maxCostAmountCents]) {
      for (const locale of ['fi', 'en'] as const) {
        expect(parseEuroAmount(formatEuroInput(cents, locale))).toEqual({ ok: true, cents });
      }
    }
  });
});

describe('formatPercent and formatMean', () => {
  it('use the locale’s marks and at most one or two decimals', () => {
    expect(formatPercent(40, 'fi')).toBe('40\u00a0%');
    expect(formatPercent(40, 'en')).toBe('40%');
    expect(formatPercent(-12.345, 'en')).toBe('-12.3%');
    expect(formatMean(3, 'fi')).toBe('3');
    expect(formatMean(3.5, 'fi')).toBe('3,5');
    expect(formatMean(10 / 3, 'en')).toBe('3.33');
  });
});
