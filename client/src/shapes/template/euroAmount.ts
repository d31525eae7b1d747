import { maxCostAmountCents, maxCostQuantity } from '@kohtaamo/shared';
import type { Locale } from '../../i18n/messages';

/**
 * Euro amounts as people type them and as the board shows them. Amounts are
 * integer cents: parsing works on the digits as text and BigInt, and
 * formatting hands Intl an exact decimal string, so no value ever passes
 * through a binary fraction.
 */

/** Why a typed amount was refused. */
export type EuroAmountError = 'empty' | 'invalid' | 'negative' | 'decimals' | 'tooLarge';

/** The result of {@link parseEuroAmount}. */
export type EuroAmountResult =
  | { readonly ok: true; readonly cents: number }
  | { readonly ok: false; readonly error: EuroAmountError };

/** Spaces (including the no-break spaces Finnish grouping uses) and the euro sign. */
const ignored = /[\s\u00a0\u202f€]|eur(?:oa?)?$/gi;

/**
 * Reads an amount in euros: `12,50`, `12.50`, `1 200,00 €`, `1.200,50`,
 * `1,200.50` or `€5`. One `,` or `.` is the decimal mark; when both occur,
 * the last one is, and the other must group the digits in threes. A mark
 * used more than once groups digits (`1.200.000`). At most two decimals.
 */
export function parseEuroAmount(text: string): EuroAmountResult {
  const compact = text.replace(ignored, '');
  if (compact === '') return { ok: false, error: 'empty' };
  if (/^[-−–]/.test(compact)) return { ok: false, error: 'negative' };
  const commas = count(compact, ',');
  const dots = count(compact, '.');
  let decimalMark: string | undefined;
  let groupMark: string | undefined;
  if (commas > 0 && dots > 0) {
    decimalMark = compact.lastIndexOf(',') > compact.lastIndexOf('.') ? ',' : '.';
    groupMark = decimalMark === ',' ? '.' : ',';
    if (count(compact, decimalMark) > 1) return { ok: false, error: 'invalid' };
  } else if (commas + dots === 1) {
    decimalMark = commas === 1 ? ',' : '.';
  } else if (commas + dots > 1) {
    groupMark = commas > 0 ? ',' : '.';
  }
  const [integerPart = '', fractionPart, ...rest] =
    decimalMark === undefined ? [compact] : compact.split(decimalMark);
  if (rest.length > 0) return { ok: false, error: 'invalid' };
  const integer = groupMark === undefined ? integerPart : ungroup(integerPart, groupMark);
  if (integer === undefined || !/^\d*$/.test(integer)) return { ok: false, error: 'invalid' };
  const fraction = fractionPart ?? '';
  if (!/^\d*$/.test(fraction)) return { ok: false, error: 'invalid' };
  if (integer === '' && fraction === '') return { ok: false, error: 'invalid' };
  if (fraction.length > 2) return { ok: false, error: 'decimals' };
  const cents = BigInt(integer || '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  if (cents > BigInt(maxCostAmountCents)) return { ok: false, error: 'tooLarge' };
  return { ok: true, cents: Number(cents) };
}

function count(text: string, mark: string): number {
  return text.split(mark).length - 1;
}

/** `1.234.567` → `1234567` if every group after the first has three digits, else `undefined`. */
function ungroup(text: string, mark: string): string | undefined {
  const groups = text.split(mark);
  const [first = '', ...others] = groups;
  if (!/^\d{1,3}$/.test(first) || others.some((group) => !/^\d{3}$/.test(group))) {
    return undefined;
  }
  return groups.join('');
}

/** The result of {@link parseQuantity}. */
export type QuantityResult =
  | { readonly ok: true; readonly quantity: number | undefined }
  | { readonly ok: false };

/**
 * Reads an optional quantity: empty means none (counted as 1), otherwise a
 * whole number from 0 to {@link maxCostQuantity}; spaces are ignored.
 */
export function parseQuantity(text: string): QuantityResult {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: true, quantity: undefined };
  if (!/^\d+$/.test(compact)) return { ok: false };
  const quantity = Number(compact);
  return quantity <= maxCostQuantity ? { ok: true, quantity } : { ok: false };
}

/** Exact decimal text of `cents` for Intl: `-1234.05`. */
function decimalText(cents: number): `${number}` {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return text as `${number}`;
}

const intlLocales: Record<Locale, string> = { fi: 'fi-FI', en: 'en-GB' };

/** Cents as money in the locale's style: `1 200,00 €` (fi) or `€1,200.00` (en). Exact. */
export function formatEuros(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocales[locale], { style: 'currency', currency: 'EUR' }).format(
    decimalText(cents),
  );
}

/**
 * Cents as text for an input field, to be read back by
 * {@link parseEuroAmount}: two decimals, the locale's decimal mark, no
 * grouping and no currency sign (`1200,50` or `1200.50`).
 */
export function formatEuroInput(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocales[locale], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: false,
  }).format(decimalText(cents));
}

/** A percentage with at most one decimal in the locale's style: `40 %` (fi), `40%` (en). */
export function formatPercent(percent: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocales[locale], {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(percent / 100);
}

/** A mean rating with at most two decimals in the locale's style: `3`, `3,5` (fi), `3.5` (en). */
export function formatMean(mean: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits: 2 }).format(mean);
}
