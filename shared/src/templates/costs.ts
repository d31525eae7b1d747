import { z } from 'zod';
import { templateItemIdSchema } from '../schema/templateDefinition.js';

/**
 * The concept canvas's cost and revenue calculation. Amounts are integer
 * cents and all sums are computed with BigInt, so totals are exact; the
 * bounds keep every total below 2^53 so results fit a JSON number exactly.
 */

/** Largest amount of one line, in cents (€1,000,000,000). */
export const maxCostAmountCents = 100_000_000_000;
/** Largest quantity of one line. */
export const maxCostQuantity = 1_000_000;
/** Largest total of the costs or the revenues, in cents (€10,000,000,000,000; below 2^53). */
export const maxCostTotalCents = 1_000_000_000_000_000;
/** Most lines on each side of the table. */
export const maxCostLines = 100;
/** Longest line label. */
export const maxCostLabelLength = 200;

/**
 * One line of the table: a unit amount times an optional quantity (1 when
 * absent). An empty label is allowed: it is a line still being written.
 */
export const costLineSchema = z.strictObject({
  id: templateItemIdSchema,
  label: z.string().max(maxCostLabelLength),
  amountCents: z.number().int().min(0).max(maxCostAmountCents),
  quantity: z.number().int().min(0).max(maxCostQuantity).optional(),
});

/** A validated cost or revenue line. */
export type CostLine = z.infer<typeof costLineSchema>;

/** Costs and revenues of a concept; line ids are unique across both lists. */
export const costTableSchema = z
  .strictObject({
    costs: z.array(costLineSchema).max(maxCostLines),
    revenues: z.array(costLineSchema).max(maxCostLines),
  })
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    for (const side of ['costs', 'revenues'] as const) {
      table[side].forEach((line, index) => {
        if (seen.has(line.id)) {
          ctx.addIssue({
            code: 'custom',
            message: `duplicate id "${line.id}"`,
            path: [side, index, 'id'],
          });
        }
        seen.add(line.id);
      });
      if (sumCents(table[side]) > BigInt(maxCostTotalCents)) {
        ctx.addIssue({
          code: 'custom',
          message: `total ${side} must be at most ${maxCostTotalCents} cents`,
          path: [side],
        });
      }
    }
  });

/** A validated cost table. */
export type CostTable = z.infer<typeof costTableSchema>;

/** The result of {@link calculateCosts}. */
export interface CostSummary {
  readonly totalCostCents: number;
  readonly totalRevenueCents: number;
  /** Revenue minus cost; negative for a loss. */
  readonly marginCents: number;
  /** Margin as a percentage of revenue; `undefined` when there is no revenue. */
  readonly marginPercent: number | undefined;
}

/**
 * Totals and margin of a table. Cent amounts are exact.
 * @throws {RangeError} if a total exceeds {@link maxCostTotalCents} (only
 *   possible for a table that did not pass {@link costTableSchema}).
 */
export function calculateCosts(table: CostTable): CostSummary {
  const cost = sumCents(table.costs);
  const revenue = sumCents(table.revenues);
  for (const total of [cost, revenue]) {
    if (total > BigInt(maxCostTotalCents)) {
      throw new RangeError(`cost table total exceeds ${maxCostTotalCents} cents`);
    }
  }
  const margin = revenue - cost;
  return {
    totalCostCents: Number(cost),
    totalRevenueCents: Number(revenue),
    marginCents: Number(margin),
    // A display ratio: unlike the cent amounts it need not be exact.
    marginPercent: revenue === 0n ? undefined : (Number(margin) * 100) / Number(revenue),
  };
}

function sumCents(lines: readonly CostLine[]): bigint {
  let total = 0n;
  for (const line of lines) total += BigInt(line.amountCents) * BigInt(line.quantity ?? 1);
  return total;
}
