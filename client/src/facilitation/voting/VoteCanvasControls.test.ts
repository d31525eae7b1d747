import { describe, expect, it } from 'vitest';
import { placeVoteControl } from './VoteCanvasControls';

const phone = { width: 390, height: 844 };
const size = { width: 132, height: 32 };

describe('placeVoteControl', () => {
  it('puts the control inside the shape’s top right corner', () => {
    expect(placeVoteControl({ minX: 100, minY: 200, maxX: 300, maxY: 400 }, phone, size)).toEqual({
      x: 164,
      y: 204,
    });
  });

  it('moves the control down from under the menus, still on the shape', () => {
    expect(placeVoteControl({ minX: 100, minY: -50, maxX: 300, maxY: 150 }, phone, size)).toEqual({
      x: 164,
      y: 56,
    });
  });

  // Regression: on a 390 px phone a note cut by the screen's right edge had its control clamped
  // into view on top of the next note's, so a tap meant for one note voted for the other.
  it('keeps the control on the visible part of a shape at the screen’s edge, or gives none', () => {
    expect(placeVoteControl({ minX: 200, minY: 200, maxX: 500, maxY: 400 }, phone, size)).toEqual({
      x: 250,
      y: 200 + 4,
    });
    expect(placeVoteControl({ minX: 335, minY: 200, maxX: 535, maxY: 400 }, phone, size)).toBe(
      null,
    );
  });

  // Regression: zoomed out, a control wider than its note covered the notes beside it.
  it('gives a shape narrower than the control none', () => {
    expect(placeVoteControl({ minX: 100, minY: 200, maxX: 154, maxY: 254 }, phone, size)).toBe(
      null,
    );
  });

  it('gives a shape under the toolbar or above the menus none', () => {
    expect(placeVoteControl({ minX: 100, minY: 790, maxX: 300, maxY: 990 }, phone, size)).toBe(
      null,
    );
    expect(placeVoteControl({ minX: 100, minY: -200, maxX: 300, maxY: 60 }, phone, size)).toBe(
      null,
    );
  });
});
