import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../protocol/docLayout.js';
import { childBox } from './childBox.js';

function shape(type: string, fields: Partial<StoredRecord>, props: StoredRecord['props'] = {}) {
  return { id: `shape:${type}`, typeName: 'shape', type, x: 0, y: 0, ...fields, props };
}

describe('childBox', () => {
  it('sizes a note by its scale and growY, as tldraw draws it', () => {
    expect(childBox(shape('note', { x: 10, y: 20 }, {}))).toEqual({ x: 10, y: 20, w: 200, h: 200 });
    expect(childBox(shape('note', { x: 10, y: 20 }, { scale: 0.5, growY: 40 }))).toEqual({
      x: 10,
      y: 20,
      w: 100,
      h: 120,
    });
  });

  it('sizes a geo shape by w and h plus growY, and others by w and h', () => {
    expect(childBox(shape('geo', {}, { w: 100, h: 50, growY: 10, scale: 2 }))).toEqual({
      x: 0,
      y: 0,
      w: 100,
      h: 60,
    });
    expect(childBox(shape('image', { x: 5, y: 5 }, { w: 10, h: 20 }))).toEqual({
      x: 5,
      y: 5,
      w: 10,
      h: 20,
    });
  });

  it('estimates a text shape from its lines and font size', () => {
    const props = {
      w: 100,
      scale: 2,
      size: 's',
      richText: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
        ],
      },
    };
    const box = childBox(shape('text', {}, props));
    expect(box?.w).toBe(200);
    expect(box?.h).toBeCloseTo(2 * 18 * 1.35 * 2);
  });

  it('bounds a rotated shape by its corners rotated about its x/y corner', () => {
    // A quarter turn clockwise swings the 200 × 100 box to the left of its corner.
    const quarter = childBox(
      shape('geo', { x: 500, y: 300, rotation: Math.PI / 2 }, { w: 200, h: 100 }),
    );
    expect(quarter?.x).toBeCloseTo(400);
    expect(quarter?.y).toBeCloseTo(300);
    expect(quarter?.w).toBeCloseTo(100);
    expect(quarter?.h).toBeCloseTo(200);
    // A scaled note turned by 45° grows to its diagonal in both directions.
    const diagonal = childBox(shape('note', { x: 0, y: 0, rotation: Math.PI / 4 }, { scale: 0.5 }));
    expect(diagonal?.w).toBeCloseTo(100 * Math.SQRT2);
    expect(diagonal?.h).toBeCloseTo(100 * Math.SQRT2);
    expect(diagonal?.x).toBeCloseTo(-50 * Math.SQRT2);
    expect(diagonal?.y).toBeCloseTo(0);
  });

  it('treats shapes without a size as points and refuses positions that are not numbers', () => {
    expect(childBox(shape('draw', { x: 7, y: 8 }, { w: 'wide' }))).toEqual({
      x: 7,
      y: 8,
      w: 0,
      h: 0,
    });
    expect(childBox(shape('note', { x: Number.NaN }))).toBeUndefined();
    expect(childBox(shape('note', { x: '1' }))).toBeUndefined();
    expect(childBox(shape('note', { rotation: Number.POSITIVE_INFINITY }))).toEqual({
      x: 0,
      y: 0,
      w: 200,
      h: 200,
    });
  });
});
