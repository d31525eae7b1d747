import { describe, expect, it } from 'vitest';
import type { Box } from './layout.js';
import { layoutMoodboard, type MoodboardRect } from './moodboard.js';

const field: Box = { minX: 600, minY: 520, maxX: 1200, maxY: 940 };

function inside(rect: MoodboardRect, box: Box, padding = 0): boolean {
  return (
    rect.x >= box.minX + padding &&
    rect.y >= box.minY + padding &&
    rect.x + rect.w <= box.maxX - padding &&
    rect.y + rect.h <= box.maxY - padding
  );
}

/** The space between two rectangles along the axis where they are apart; negative when they overlap. */
function separation(a: MoodboardRect, b: MoodboardRect): number {
  return Math.max(b.x - (a.x + a.w), a.x - (b.x + b.w), b.y - (a.y + a.h), a.y - (b.y + b.h));
}

/** Every invariant the module promises, for one call. */
function expectTidy(
  aspects: readonly number[],
  box: Box,
  spacing: { padding: number; gap: number },
): MoodboardRect[] {
  const rects = layoutMoodboard(aspects, box, spacing);
  expect(rects).toHaveLength(aspects.length);
  rects.forEach((rect, index) => {
    expect(rect.w, `width of ${index}`).toBeGreaterThan(0);
    expect(rect.h, `height of ${index}`).toBeGreaterThan(0);
    expect(inside(rect, box, spacing.padding), `rect ${index} inside`).toBe(true);
    expect(rect.w / rect.h / (aspects[index] as number), `aspect of ${index}`).toBeCloseTo(1, 9);
    for (const [other, next] of rects.slice(index + 1).entries()) {
      expect(
        separation(rect, next),
        `rects ${index} and ${index + 1 + other} apart`,
      ).toBeGreaterThanOrEqual(spacing.gap - 1e-9);
    }
  });
  return rects;
}

describe('layoutMoodboard', () => {
  it('returns nothing for no pictures', () => {
    expect(layoutMoodboard([], field, { padding: 10, gap: 8 })).toEqual([]);
  });

  it('shows one picture as large as the box allows, centred', () => {
    const [wide] = expectTidy([2], field, { padding: 10, gap: 8 });
    // 580 wide inside the padding: a 2:1 picture is 290 tall and fits the 400 available.
    expect(wide?.w).toBeCloseTo(580, 4);
    expect(wide?.y).toBeCloseTo(520 + 10 + (400 - 290) / 2, 4);

    const [tall] = expectTidy([0.5], field, { padding: 10, gap: 8 });
    // Height-limited: 400 tall, 200 wide, centred across.
    expect(tall?.h).toBeCloseTo(400, 4);
    expect(tall?.x).toBeCloseTo(600 + 10 + (580 - 200) / 2, 4);
  });

  it('lays many pictures out in justified rows that keep their order', () => {
    const aspects = [1.5, 0.75, 1, 1.78, 1.33, 0.66, 1, 2.4, 0.8];
    const rects = expectTidy(aspects, field, { padding: 12, gap: 6 });
    const rows = new Map<number, MoodboardRect[]>();
    for (const rect of rects) {
      const key = Math.round(rect.y * 1e6);
      rows.set(key, [...(rows.get(key) ?? []), rect]);
    }
    expect(rows.size).toBeGreaterThan(1);
    expect(rows.size).toBeLessThan(aspects.length);
    // Reading order: each picture is right of the one before in its row, or on a lower row.
    for (const [index, rect] of rects.slice(1).entries()) {
      const before = rects[index] as MoodboardRect;
      expect(rect.y > before.y || (rect.y === before.y && rect.x > before.x)).toBe(true);
    }
    // Every row has one height.
    for (const row of rows.values()) {
      expect(new Set(row.map((rect) => rect.h)).size).toBe(1);
    }
  });

  it('fills the box well: nine similar pictures cover more than half of it', () => {
    const aspects = [1.5, 0.75, 1, 1.78, 1.33, 0.66, 1, 2.4, 0.8];
    const rects = layoutMoodboard(aspects, field, { padding: 0, gap: 0 });
    const covered = rects.reduce((sum, rect) => sum + rect.w * rect.h, 0);
    expect(covered / (600 * 420)).toBeGreaterThan(0.5);
  });

  it('copes with extreme aspect ratios', () => {
    expectTidy([100, 0.01, 1, 40, 0.025], field, { padding: 10, gap: 8 });
    expectTidy([1e-4, 1e4], { minX: 0, minY: 0, maxX: 10, maxY: 10 }, { padding: 1, gap: 1 });
    expectTidy(
      Array.from({ length: 60 }, (_, index) => (index % 3 === 0 ? 3 : 0.4)),
      field,
      { padding: 4, gap: 2 },
    );
  });

  it('drops the spacing rather than fail when the box is smaller than its padding', () => {
    const tiny: Box = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
    const rects = layoutMoodboard([1, 1, 1], tiny, { padding: 20, gap: 20 });
    expect(rects).toHaveLength(3);
    for (const rect of rects) expect(inside(rect, tiny)).toBe(true);
    for (const [index, rect] of rects.entries()) {
      for (const other of rects.slice(index + 1)) {
        expect(separation(rect, other)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('gives the same answer for the same arguments', () => {
    const aspects = [1.2, 0.7, 3, 1, 1, 0.5, 1.9];
    const first = layoutMoodboard(aspects, field, { padding: 8, gap: 4 });
    expect(layoutMoodboard([...aspects], { ...field }, { padding: 8, gap: 4 })).toEqual(first);
  });

  it('keeps neighbours exactly touching, not overlapping, without a gap', () => {
    const rects = expectTidy([1, 1, 1, 1], field, { padding: 0, gap: 0 });
    expect(
      rects.some((rect, index) =>
        rects.some((other, j) => j !== index && separation(rect, other) === 0),
      ),
    ).toBe(true);
  });

  it('refuses arguments that have no layout', () => {
    expect(() => layoutMoodboard([1, 0], field)).toThrow(RangeError);
    expect(() => layoutMoodboard([Number.NaN], field)).toThrow(RangeError);
    expect(() => layoutMoodboard([Number.POSITIVE_INFINITY], field)).toThrow(RangeError);
    expect(() => layoutMoodboard([1], { minX: 0, minY: 0, maxX: 0, maxY: 10 })).toThrow(RangeError);
    expect(() => layoutMoodboard([1], field, { gap: -1 })).toThrow(RangeError);
  });
});
