import './testSetup';
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLShape,
  type TLStore,
} from 'tldraw';
import { describe, expect, it, vi } from 'vitest';
import { shapeIdsWhere } from './shapeIdsWhere';
import { testRectangle } from './testHarness';

function boardOf(count: number): TLStore {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  store.put(
    Array.from({ length: count }, (_, index) => ({
      ...testRectangle(store, createShapeId(`box${index}`)),
      x: index * 120,
    })),
  );
  return store;
}

describe('shapeIdsWhere', () => {
  it('follows shapes into and out of the set as they change, are added and removed', () => {
    const store = boardOf(5);
    const locked = shapeIdsWhere(store, 'locked', (shape) => shape.isLocked);
    expect(locked.get().size).toBe(0);

    store.update(createShapeId('box1'), (shape) => ({ ...shape, isLocked: true }));
    store.put([{ ...testRectangle(store, createShapeId('new')), isLocked: true }]);
    expect([...locked.get()].sort()).toEqual([createShapeId('box1'), createShapeId('new')]);

    store.update(createShapeId('box1'), (shape) => ({ ...shape, isLocked: false }));
    store.remove([createShapeId('new')]);
    expect(locked.get().size).toBe(0);
  });

  it('looks only at the changed shapes, and keeps the same set when its members stay (bug: each change re-read the whole board)', () => {
    const store = boardOf(1000);
    const predicate = vi.fn((shape: TLShape) => shape.isLocked);
    const locked = shapeIdsWhere(store, 'locked', predicate);
    store.update(createShapeId('box7'), (shape) => ({ ...shape, isLocked: true }));
    const before = locked.get();
    predicate.mockClear();

    for (let step = 0; step < 10; step++) {
      store.update(createShapeId('box500'), (shape) => ({ ...shape, x: shape.x + 1 }));
      expect(locked.get()).toBe(before);
    }
    expect(predicate).toHaveBeenCalledTimes(10);
  });
});
