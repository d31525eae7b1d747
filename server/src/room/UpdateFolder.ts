import * as Y from 'yjs';

/**
 * Folds a document's stored updates (snapshot first, then the log, in
 * order) into one update: the document they make, encoded whole, with
 * deleted content collected as the room's own document would encode it.
 *
 * A room's compaction of a big board goes through one of these, so the
 * whole-document work runs away from the event loop that serves every
 * room (`ThreadUpdateFolder`, a worker thread). {@link inlineUpdateFolder}
 * does the same work in place, for unit tests.
 */
export interface UpdateFolder {
  /**
   * Rejects when the updates do not make a document (a broken update), or
   * when the folding itself failed (a worker that died).
   */
  fold(updates: readonly Uint8Array[]): Promise<Uint8Array>;
}

/** Applies `updates` in order to a new document and encodes it whole (the folding itself). */
export function foldUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** An {@link UpdateFolder} that folds on the caller's thread (unit tests). */
export const inlineUpdateFolder: UpdateFolder = {
  fold: async (updates) => foldUpdates(updates),
};
