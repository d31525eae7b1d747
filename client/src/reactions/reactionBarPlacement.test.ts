import { describe, expect, it } from 'vitest';
import { placeReactionBar } from './reactionBarPlacement';

const phone = { width: 390, height: 844 };
const bar = { width: 268, height: 52 };

describe('placeReactionBar', () => {
  it('centres the bar above the shape when there is room', () => {
    expect(placeReactionBar({ minX: 100, minY: 300, maxX: 300, maxY: 500 }, phone, bar)).toEqual({
      x: 66,
      y: 240,
    });
  });

  it('keeps the bar inside a 390 px phone near either edge', () => {
    const left = placeReactionBar({ minX: -200, minY: 300, maxX: 20, maxY: 400 }, phone, bar);
    const right = placeReactionBar({ minX: 350, minY: 300, maxX: 600, maxY: 400 }, phone, bar);
    expect(left.x).toBe(8);
    expect(right.x).toBe(390 - 8 - 268);
  });

  it('goes below a shape at the top, and pins to the top for a shape filling the screen', () => {
    expect(placeReactionBar({ minX: 100, minY: 60, maxX: 300, maxY: 200 }, phone, bar).y).toBe(208);
    expect(placeReactionBar({ minX: 0, minY: -100, maxX: 390, maxY: 900 }, phone, bar).y).toBe(56);
  });
});
