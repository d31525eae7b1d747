import type { Box } from './layout.js';

/**
 * Mood board layout: pictures of any proportions arranged as justified rows
 * inside a box, the way photo galleries do it. Every picture in a row has the
 * same height, rows keep the pictures' order (left to right, top to bottom),
 * and the number of rows is the one that shows the pictures largest. A block
 * narrower or shorter than the box is centred in it. Pure geometry: the
 * caller moves its shapes to the returned rectangles.
 */

/** Spacing of a mood board, in the box's units. */
export interface MoodboardSpacing {
  /** Empty space between the box's edges and the pictures. */
  readonly padding: number;
  /** Empty space between neighbouring pictures, across and down. */
  readonly gap: number;
}

/** Where one picture goes: its top-left corner and size, in the box's coordinate space. */
export interface MoodboardRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Shrinks every picture by a hair, so that rounding in the sums below can
 * never push an edge past the box or into a neighbour. Invisible at any
 * board size (a billionth of the size).
 */
const fitMargin = 1 - 1e-9;

/** A candidate: the rows as `[start, end)` index ranges and each row's height. */
interface Candidate {
  readonly rows: readonly (readonly [number, number])[];
  readonly heights: readonly number[];
  readonly area: number;
}

/**
 * Arranges pictures with the given aspect ratios (width / height) in `box`.
 * Returns one rectangle per picture, in the same order, each with exactly its
 * picture's aspect ratio, all inside the box less `padding`, none
 * overlapping and at least `gap` apart. The result depends only on the
 * arguments. When the spacing leaves no room (a box smaller than its
 * padding), the pictures are laid out without spacing instead.
 *
 * @throws RangeError if the box is empty or not finite, an aspect ratio is not
 *   a positive finite number, or the spacing is negative or not finite.
 */
export function layoutMoodboard(
  aspects: readonly number[],
  box: Box,
  spacing: Partial<MoodboardSpacing> = {},
): MoodboardRect[] {
  const width = box.maxX - box.minX;
  const height = box.maxY - box.minY;
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) {
    throw new RangeError(
      `the mood board box must have a positive finite size, got ${width} × ${height}`,
    );
  }
  aspects.forEach((aspect, index) => {
    if (!(Number.isFinite(aspect) && aspect > 0)) {
      throw new RangeError(`aspect ratio ${index} must be a positive finite number, got ${aspect}`);
    }
  });
  const padding = spacing.padding ?? 0;
  const gap = spacing.gap ?? 0;
  for (const [name, value] of [
    ['padding', padding],
    ['gap', gap],
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${name} must be a non-negative finite number, got ${value}`);
    }
  }
  if (aspects.length === 0) return [];

  const spaced = bestCandidate(aspects, width - 2 * padding, height - 2 * padding, gap);
  if (spaced) return place(aspects, spaced, box, padding, gap, width, height);
  const unspaced = bestCandidate(aspects, width, height, 0);
  if (unspaced) return place(aspects, unspaced, box, 0, 0, width, height);
  throw new RangeError(`the pictures cannot be shown in a ${width} × ${height} box`);
}

/** The row count that shows the pictures largest; fewer rows win a tie. */
function bestCandidate(
  aspects: readonly number[],
  innerWidth: number,
  innerHeight: number,
  gap: number,
): Candidate | undefined {
  if (!(innerWidth > 0 && innerHeight > 0)) return undefined;
  const prefix = prefixSums(aspects);
  let best: Candidate | undefined;
  for (let rowCount = 1; rowCount <= aspects.length; rowCount += 1) {
    const candidate = fitRows(
      aspects,
      prefix,
      splitRows(prefix, rowCount),
      innerWidth,
      innerHeight,
      gap,
    );
    // Relative tolerance: a bigger row count must win clearly, not by rounding.
    if (candidate && (!best || candidate.area > best.area * (1 + 1e-9))) best = candidate;
  }
  return best;
}

function prefixSums(values: readonly number[]): number[] {
  const sums = [0];
  for (const value of values) sums.push((sums[sums.length - 1] as number) + value);
  return sums;
}

/**
 * Splits the pictures, in order, into `rowCount` non-empty rows whose aspect
 * sums are close to equal: each border goes where the running sum is
 * nearest to its share of the total. The running sum only grows, so the
 * distance to a share falls and then rises, and each search can stop at the
 * first step that gets further away.
 */
function splitRows(prefix: readonly number[], rowCount: number): [number, number][] {
  const count = prefix.length - 1;
  const total = prefix[count] as number;
  const borders = [0];
  for (let row = 1; row < rowCount; row += 1) {
    const share = (total * row) / rowCount;
    const first = (borders[row - 1] as number) + 1;
    const last = count - (rowCount - row);
    let border = first;
    for (let index = first + 1; index <= last; index += 1) {
      if (
        Math.abs((prefix[index] as number) - share) < Math.abs((prefix[border] as number) - share)
      ) {
        border = index;
      } else {
        break;
      }
    }
    borders.push(border);
  }
  borders.push(count);
  return borders.slice(0, -1).map((start, row) => [start, borders[row + 1] as number]);
}

/**
 * Row heights that make every row as wide as the box, shrunk together when
 * the rows are taller than the box. `undefined` when the gaps alone do not
 * fit.
 */
function fitRows(
  aspects: readonly number[],
  prefix: readonly number[],
  rows: readonly (readonly [number, number])[],
  innerWidth: number,
  innerHeight: number,
  gap: number,
): Candidate | undefined {
  const heightForPictures = innerHeight - gap * (rows.length - 1);
  if (heightForPictures <= 0) return undefined;
  const fullWidthHeights: number[] = [];
  for (const [start, end] of rows) {
    const widthForPictures = innerWidth - gap * (end - start - 1);
    if (widthForPictures <= 0) return undefined;
    fullWidthHeights.push(widthForPictures / ((prefix[end] as number) - (prefix[start] as number)));
  }
  const stacked = fullWidthHeights.reduce((sum, rowHeight) => sum + rowHeight, 0);
  const scale = Math.min(1, heightForPictures / stacked) * fitMargin;
  const heights = fullWidthHeights.map((rowHeight) => rowHeight * scale);
  let area = 0;
  rows.forEach(([start, end], row) => {
    const rowHeight = heights[row] as number;
    for (let index = start; index < end; index += 1) {
      area += (aspects[index] as number) * rowHeight * rowHeight;
    }
  });
  if (!(Number.isFinite(area) && area > 0)) return undefined;
  return { rows, heights, area };
}

function place(
  aspects: readonly number[],
  candidate: Candidate,
  box: Box,
  padding: number,
  gap: number,
  width: number,
  height: number,
): MoodboardRect[] {
  const innerWidth = width - 2 * padding;
  const innerHeight = height - 2 * padding;
  const { rows, heights } = candidate;
  const blockHeight =
    heights.reduce((sum, rowHeight) => sum + rowHeight, 0) + gap * (rows.length - 1);
  const rects: MoodboardRect[] = [];
  let y = box.minY + padding + Math.max(0, (innerHeight - blockHeight) / 2);
  rows.forEach(([start, end], row) => {
    const h = heights[row] as number;
    let rowWidth = gap * (end - start - 1);
    for (let index = start; index < end; index += 1) rowWidth += (aspects[index] as number) * h;
    let x = box.minX + padding + Math.max(0, (innerWidth - rowWidth) / 2);
    for (let index = start; index < end; index += 1) {
      const w = (aspects[index] as number) * h;
      rects.push({ x, y, w, h });
      x = x + w + gap;
    }
    y = y + h + gap;
  });
  return rects;
}
