import { atom, type Signal } from 'tldraw';
import type { RecordScope } from '../../canvas/YjsStoreBinding';

/**
 * Which records of the one tldraw store belong to this person's private
 * document rather than the board, during and after a private round. The
 * board's and the private document's bindings both write from that store;
 * this decides, per record, which of them does ({@link boardScope},
 * {@link privateScope}), so every record is written to exactly one document.
 *
 * A record is private from the moment it is created in a round (or found in
 * the private document) until the board takes it over: the reveal writes it
 * into the board document with the same id, and the board binding claims it
 * whichever of the two documents' messages arrives first. A private id
 * stays private after the record is deleted, so an undo brings it back
 * into the private document, not onto the board.
 *
 * A few records belong to neither: a binding from a board shape to a private
 * one (an arrow on the board pointed at a private note) would name a shape
 * the others do not have, and the private document may hold only bindings
 * that start from its own shapes. Such a binding stays in this browser.
 */
export class PrivateOwnership {
  /** The ids of private records (present in the store or not), as one immutable set. */
  readonly $ids: Signal<ReadonlySet<string>>;

  private readonly ids = atom<ReadonlySet<string>>('kohtaamo.private.ids', new Set());
  private readonly localOnly = new Set<string>();

  /** The board binding's scope: everything that is neither private nor local-only. */
  readonly boardScope: RecordScope = {
    owns: (id) => !this.isPrivate(id) && !this.localOnly.has(id),
    // The board document has the record: it was revealed (or moved there by the server).
    claim: (id) => this.release(id),
  };

  /** The private binding's scope: the private records. */
  readonly privateScope: RecordScope = {
    owns: (id) => this.isPrivate(id),
    // A record the board already holds stays the board's: this browser's copy of the
    // private document may still hold it from before the reveal.
    claim: (id) => {
      if (!this.boardHolds(id)) this.markPrivate(id);
    },
  };

  /** @param boardHolds whether the board document holds a live record with this id. */
  constructor(private readonly boardHolds: (id: string) => boolean) {
    this.$ids = this.ids;
  }

  /** Whether the record is written to the private document. */
  isPrivate(id: string): boolean {
    return this.ids.__unsafe__getWithoutCapture().has(id);
  }

  /** The record goes to the private document from now on. */
  markPrivate(id: string): void {
    const ids = this.ids.__unsafe__getWithoutCapture();
    if (ids.has(id)) return;
    this.localOnly.delete(id);
    this.ids.set(new Set([...ids, id]));
  }

  /** The record is written to no document (see the class comment). */
  markLocalOnly(id: string): void {
    if (!this.isPrivate(id)) this.localOnly.add(id);
  }

  /** The record is the board's from now on. */
  release(id: string): void {
    this.localOnly.delete(id);
    const ids = this.ids.__unsafe__getWithoutCapture();
    if (!ids.has(id)) return;
    const next = new Set(ids);
    next.delete(id);
    this.ids.set(next);
  }
}
