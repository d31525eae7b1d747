import {
  type Computed,
  computed,
  isUninitialized,
  RESET_VALUE,
  type TLShape,
  type TLShapeId,
  type TLStore,
  unsafe__withoutCapture,
} from 'tldraw';

/**
 * The ids of the shapes that satisfy `predicate`, kept up to date from the
 * store's change history: a change costs as much as the shapes it touched,
 * not as much as the board. For layers that mark a few shapes of a big board
 * (reactions, locks): looping over every shape on each change made every
 * remote move of any note cost a pass over the whole page.
 *
 * `predicate` must depend on the shape alone. The set keeps its identity
 * while its members stay the same.
 */
export function shapeIdsWhere(
  store: TLStore,
  name: string,
  predicate: (shape: TLShape) => boolean,
): Computed<ReadonlySet<TLShapeId>> {
  const history = store.query.filterHistory('shape');
  const fromScratch = () =>
    unsafe__withoutCapture(() => {
      const ids = new Set<TLShapeId>();
      for (const record of store.allRecords()) {
        if (record.typeName === 'shape' && predicate(record)) ids.add(record.id);
      }
      return ids;
    });
  return computed<ReadonlySet<TLShapeId>>(name, (previous, lastEpoch) => {
    if (isUninitialized(previous)) {
      history.get();
      return fromScratch();
    }
    const diff = history.getDiffSince(lastEpoch);
    if (diff === RESET_VALUE) return fromScratch();
    let next: Set<TLShapeId> | null = null;
    const set = (id: TLShapeId, member: boolean) => {
      if ((next ?? previous).has(id) === member) return;
      next ??= new Set(previous);
      if (member) next.add(id);
      else next.delete(id);
    };
    for (const { added, updated, removed } of diff) {
      for (const shape of Object.values(added)) set(shape.id, predicate(shape as TLShape));
      for (const [, shape] of Object.values(updated)) set(shape.id, predicate(shape as TLShape));
      for (const shape of Object.values(removed)) set(shape.id, false);
    }
    return next ?? previous;
  });
}
