import type { BoxLike, VecLike } from 'tldraw';

/**
 * Where a new shape of `size` goes on a page that already holds `occupied`
 * (page bounds): the free spot nearest to `near` (the middle of the
 * viewport) among the spot centred there and the spots beside every
 * occupied box (right of it, below it, left of it, above it, aligned with
 * its top or left edge), a spot being free when the shape and a `margin`
 * around it touch no occupied box. Right of everything is always free, so
 * there always is one. Returns the top-left corner. Ties go to the earlier
 * candidate, so the result depends only on the input.
 */
export function freeSpot(
  size: { readonly w: number; readonly h: number },
  occupied: readonly BoxLike[],
  near: VecLike,
  margin: number,
): VecLike {
  const centred = { x: near.x - size.w / 2, y: near.y - size.h / 2 };
  if (occupied.length === 0) return centred;
  const union = {
    minX: Math.min(...occupied.map((box) => box.x)),
    minY: Math.min(...occupied.map((box) => box.y)),
    maxX: Math.max(...occupied.map((box) => box.x + box.w)),
  };
  const candidates: VecLike[] = [centred];
  for (const box of occupied) {
    candidates.push(
      { x: box.x + box.w + margin, y: box.y },
      { x: box.x, y: box.y + box.h + margin },
      { x: box.x - margin - size.w, y: box.y },
      { x: box.x, y: box.y - margin - size.h },
    );
  }
  const rightOfAll = { x: union.maxX + margin, y: union.minY };
  candidates.push(rightOfAll);
  const free = (spot: VecLike) =>
    occupied.every(
      (box) =>
        spot.x - margin >= box.x + box.w ||
        box.x >= spot.x + size.w + margin ||
        spot.y - margin >= box.y + box.h ||
        box.y >= spot.y + size.h + margin,
    );
  const distance = (spot: VecLike) =>
    Math.hypot(spot.x + size.w / 2 - near.x, spot.y + size.h / 2 - near.y);
  let best = rightOfAll;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const spot of candidates) {
    if (!free(spot)) continue;
    const d = distance(spot);
    if (d < bestDistance) {
      best = spot;
      bestDistance = d;
    }
  }
  return best;
}
