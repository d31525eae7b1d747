import type { Box, GridLayout, Point } from '@kohtaamo/shared';

/** Which label of a grid template: a stage in the header row or a lane in the header column. */
export interface HeaderRef {
  readonly axis: 'stage' | 'lane';
  readonly itemId: string;
}

/** A header label and the box it is drawn in, in the template's own coordinates. */
export interface HeaderBox extends HeaderRef {
  readonly box: Box;
}

/** Every header label of `layout` in reading order: the stages left to right, then the lanes top to bottom. */
export function headersOf(layout: GridLayout): HeaderBox[] {
  return [
    ...layout.stageHeaders.map(({ stageId, box }) => ({
      axis: 'stage' as const,
      itemId: stageId,
      box,
    })),
    ...layout.laneHeaders.map(({ laneId, box }) => ({
      axis: 'lane' as const,
      itemId: laneId,
      box,
    })),
  ];
}

/**
 * The header label containing `point` (template coordinates), or `undefined`
 * for the corner, the cells, points outside the template and non-finite
 * coordinates. Borders follow the layout's ownership rule: a box owns its top
 * and left edges, and its bottom and right edges only on the template's outer
 * edge, so neighbouring labels never both claim a point.
 */
export function headerAt(layout: GridLayout, point: Point): HeaderBox | undefined {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return undefined;
  const { bounds } = layout;
  return headersOf(layout).find(
    ({ box }) =>
      owns(box.minX, box.maxX, bounds.maxX, point.x) &&
      owns(box.minY, box.maxY, bounds.maxY, point.y),
  );
}

/** The same header in `headers` (matched by axis and id), if it still exists. */
export function findHeader(
  headers: readonly HeaderBox[],
  ref: HeaderRef | null | undefined,
): HeaderBox | undefined {
  if (!ref) return undefined;
  return headers.find((header) => header.axis === ref.axis && header.itemId === ref.itemId);
}

function owns(min: number, max: number, outerMax: number, value: number): boolean {
  return value >= min && (value < max || (value === max && max === outerMax));
}
