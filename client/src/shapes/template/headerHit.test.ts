import { createTemplateInstance, journeyMap, layoutTemplate } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { findHeader, headerAt, headersOf } from './headerHit';

// 2000 × 1200: the header column is 300 wide, the header row 120 high, and
// seven stages and seven lanes share the rest.
const instance = createTemplateInstance(journeyMap);
if (instance.kind !== 'grid') throw new Error('the journey map is a grid');
const layout = layoutTemplate(instance, journeyMap);
const column = 1700 / 7;
const row = 1080 / 7;

function hit(x: number, y: number) {
  const header = headerAt(layout, { x, y });
  return header && `${header.axis}:${header.itemId}`;
}

describe('headersOf', () => {
  it('lists the stages left to right, then the lanes top to bottom', () => {
    const headers = headersOf(layout);
    expect(headers.map((header) => `${header.axis}:${header.itemId}`)).toEqual([
      ...journeyMap.stages.map((stage) => `stage:${stage.id}`),
      ...journeyMap.lanes.map((lane) => `lane:${lane.id}`),
    ]);
    expect(headers[1]?.box).toEqual({
      minX: 300 + column,
      minY: 0,
      maxX: 300 + 2 * column,
      maxY: 120,
    });
  });
});

describe('headerAt', () => {
  it('finds the stage label in the header row and the lane label in the header column', () => {
    expect(hit(300 + 1.5 * column, 60)).toBe('stage:needRecognition');
    expect(hit(150, 120 + 5.5 * row)).toBe('lane:painPoints');
  });

  it('gives a shared border to the label on its right or below', () => {
    expect(hit(300 + column, 10)).toBe('stage:needRecognition');
    expect(hit(300 + column - 0.001, 10)).toBe('stage:impulse');
    expect(hit(10, 120 + row)).toBe('lane:customerActions');
  });

  it('keeps the outer right and bottom edges in the last label', () => {
    expect(hit(2000, 0)).toBe('stage:endOfCustomership');
    expect(hit(0, 1200)).toBe('lane:opportunities');
  });

  it('finds nothing in the corner, the cells, outside or at non-finite points', () => {
    expect(hit(150, 60)).toBeUndefined();
    expect(hit(300, 120)).toBeUndefined();
    expect(hit(1000, 600)).toBeUndefined();
    expect(hit(-1, 60)).toBeUndefined();
    expect(hit(1000, 120)).toBeUndefined();
    expect(hit(2000.5, 60)).toBeUndefined();
    expect(hit(Number.NaN, 60)).toBeUndefined();
  });
});

describe('findHeader', () => {
  it('matches by axis and id, and misses a removed item', () => {
    const headers = headersOf(layout);
    expect(findHeader(headers, { axis: 'lane', itemId: 'feelings' })?.box.minY).toBeCloseTo(
      120 + 4 * row,
    );
    expect(findHeader(headers, { axis: 'stage', itemId: 'feelings' })).toBeUndefined();
    expect(findHeader(headers, null)).toBeUndefined();
  });
});
