import { describe, expect, it } from 'vitest';
import { freeSpot } from './freeSpot';

const size = { w: 400, h: 300 };
const margin = 50;

function overlapsWithMargin(
  spot: { x: number; y: number },
  box: { x: number; y: number; w: number; h: number },
) {
  return (
    spot.x - margin < box.x + box.w &&
    box.x < spot.x + size.w + margin &&
    spot.y - margin < box.y + box.h &&
    box.y < spot.y + size.h + margin
  );
}

describe('freeSpot', () => {
  it('centres the shape on the point on an empty page', () => {
    expect(freeSpot(size, [], { x: 100, y: 100 }, margin)).toEqual({ x: -100, y: -50 });
  });

  it('keeps the centred spot when nothing is there', () => {
    const far = { x: 5000, y: 5000, w: 100, h: 100 };
    expect(freeSpot(size, [far], { x: 100, y: 100 }, margin)).toEqual({ x: -100, y: -50 });
  });

  it('puts the shape beside a shape that covers the centre, with the margin', () => {
    const first = { x: -500, y: -300, w: 1000, h: 600 };
    const spot = freeSpot(size, [first], { x: 0, y: 0 }, margin);
    expect(overlapsWithMargin(spot, first)).toBe(false);
    // Below it is nearer to the centre than right of it: the box is wider than tall.
    expect(spot).toEqual({ x: -500, y: 350 });
  });

  it('never overlaps any box, also in a crowded row, and picks the nearest free spot', () => {
    const boxes = [
      { x: 0, y: 0, w: 1000, h: 600 },
      { x: 1050, y: 0, w: 1000, h: 600 },
      { x: -1050, y: 0, w: 1000, h: 600 },
      { x: 0, y: 650, w: 300, h: 300 },
    ];
    const spot = freeSpot(size, boxes, { x: 500, y: 300 }, margin);
    for (const box of boxes) expect(overlapsWithMargin(spot, box)).toBe(false);
    // Right of the small box under the middle one.
    expect(spot).toEqual({ x: 350, y: 650 });
  });

  it('finds a free spot among any boxes', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const boxes = Array.from({ length: 1 + Math.floor(random() * 12) }, () => ({
        x: random() * 3000 - 1500,
        y: random() * 3000 - 1500,
        w: 50 + random() * 1500,
        h: 50 + random() * 1500,
      }));
      const spot = freeSpot(size, boxes, { x: random() * 1000, y: random() * 1000 }, margin);
      for (const box of boxes) expect(overlapsWithMargin(spot, box)).toBe(false);
    }
  });
});
