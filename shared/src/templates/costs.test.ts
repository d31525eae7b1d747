import { describe, expect, it } from 'vitest';
import {
  type CostTable,
  calculateCosts,
  costTableSchema,
  maxCostAmountCents,
  maxCostQuantity,
  maxCostTotalCents,
} from './costs.js';

const table: CostTable = {
  costs: [
    { id: 'design', label: 'Design', amountCents: 1_250_000 },
    { id: 'staff', label: 'Staff training', amountCents: 9_999, quantity: 12 },
  ],
  revenues: [{ id: 'subs', label: 'Subscriptions', amountCents: 1_990, quantity: 1_000 }],
};

describe('costTableSchema', () => {
  it('accepts a table unchanged, including a line still without a label', () => {
    const withDraft = {
      ...table,
      costs: [...table.costs, { id: 'new', label: '', amountCents: 0 }],
    };
    expect(costTableSchema.parse(withDraft)).toEqual(withDraft);
  });

  it.each([
    ['a fractional amount', { id: 'x', label: 'X', amountCents: 10.5 }],
    ['a negative amount', { id: 'x', label: 'X', amountCents: -1 }],
    ['a huge amount', { id: 'x', label: 'X', amountCents: maxCostAmountCents + 1 }],
    ['a negative quantity', { id: 'x', label: 'X', amountCents: 1, quantity: -1 }],
    ['a fractional quantity', { id: 'x', label: 'X', amountCents: 1, quantity: 1.5 }],
    ['a huge quantity', { id: 'x', label: 'X', amountCents: 1, quantity: maxCostQuantity + 1 }],
    ['an amount as text', { id: 'x', label: 'X', amountCents: '100' }],
  ])('rejects %s', (_name, line) => {
    expect(costTableSchema.safeParse({ costs: [line], revenues: [] }).success).toBe(false);
  });

  it('rejects a line id used twice, even across costs and revenues', () => {
    const result = costTableSchema.safeParse({
      costs: table.costs,
      revenues: [{ id: 'design', label: 'Design sold on', amountCents: 1 }],
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['duplicate id "design"']);
  });

  it('rejects a side whose total exceeds the bound', () => {
    const line = { label: 'Big', amountCents: maxCostAmountCents, quantity: maxCostQuantity };
    const big = { costs: [{ id: 'a', ...line }], revenues: [] };
    expect(costTableSchema.safeParse(big).success).toBe(false);
    const justUnder = {
      costs: [{ id: 'a', label: 'Big', amountCents: maxCostAmountCents, quantity: 10_000 }],
      revenues: [],
    };
    expect(costTableSchema.safeParse(justUnder).success).toBe(true);
  });
});

describe('calculateCosts', () => {
  it('sums costs and revenues exactly and computes the margin', () => {
    expect(calculateCosts(table)).toEqual({
      totalCostCents: 1_250_000 + 9_999 * 12,
      totalRevenueCents: 1_990_000,
      marginCents: 1_990_000 - 1_369_988,
      marginPercent: ((1_990_000 - 1_369_988) * 100) / 1_990_000,
    });
  });

  it('reports a loss as a negative margin', () => {
    const loss = calculateCosts({
      costs: [{ id: 'c', label: 'C', amountCents: 300 }],
      revenues: [{ id: 'r', label: 'R', amountCents: 200 }],
    });
    expect(loss.marginCents).toBe(-100);
    expect(loss.marginPercent).toBe(-50);
  });

  it('leaves the margin percentage undefined without revenue', () => {
    expect(calculateCosts({ ...table, revenues: [] })).toEqual({
      totalCostCents: 1_369_988,
      totalRevenueCents: 0,
      marginCents: -1_369_988,
      marginPercent: undefined,
    });
    const zeroRevenue = { id: 'free', label: 'Free tier', amountCents: 0, quantity: 500 };
    expect(calculateCosts({ costs: [], revenues: [zeroRevenue] })).toEqual({
      totalCostCents: 0,
      totalRevenueCents: 0,
      marginCents: 0,
      marginPercent: undefined,
    });
  });

  it('computes totals up to the bound exactly, margin included', () => {
    const atBound = {
      costs: [{ id: 'c', label: '', amountCents: 1 }],
      revenues: [
        { id: 'r', label: '', amountCents: maxCostAmountCents, quantity: 9_999 },
        { id: 's', label: '', amountCents: maxCostAmountCents - 1 },
        { id: 't', label: '', amountCents: 1 },
      ],
    };
    expect(costTableSchema.safeParse(atBound).success).toBe(true);
    const summary = calculateCosts(atBound);
    expect(summary.totalRevenueCents).toBe(maxCostTotalCents);
    expect(summary.marginCents).toBe(maxCostTotalCents - 1);
  });

  it('refuses totals beyond the bound instead of rounding', () => {
    const overBound = {
      costs: [
        { id: 'c', label: '', amountCents: maxCostAmountCents, quantity: 10_000 },
        { id: 'd', label: '', amountCents: 1 },
      ],
      revenues: [],
    };
    expect(costTableSchema.safeParse(overBound).success).toBe(false);
    expect(() => calculateCosts(overBound)).toThrow(RangeError);
  });
});
