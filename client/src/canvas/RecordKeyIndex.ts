import { parseFieldKey } from '@kohtaamo/shared';

const noKeys: ReadonlySet<string> = new Set();

/**
 * Which entry keys of the records array belong to which record id. Kept up
 * to date from YKeyValue change events so that assembling or deleting one
 * record does not scan every entry of the board.
 */
export class RecordKeyIndex {
  private readonly keysById = new Map<string, Set<string>>();

  /** Replaces the index with the given keys. */
  rebuild(keys: Iterable<string>): void {
    this.keysById.clear();
    for (const key of keys) this.add(key);
  }

  /** Records that an entry with this key exists. */
  add(key: string): void {
    const parsed = parseFieldKey(key);
    if (!parsed) return;
    let keys = this.keysById.get(parsed.recordId);
    if (!keys) {
      keys = new Set();
      this.keysById.set(parsed.recordId, keys);
    }
    keys.add(key);
  }

  /** Records that the entry with this key is gone. */
  remove(key: string): void {
    const parsed = parseFieldKey(key);
    if (!parsed) return;
    const keys = this.keysById.get(parsed.recordId);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.keysById.delete(parsed.recordId);
  }

  /** The entry keys of a record (live or orphaned). */
  keysOf(recordId: string): ReadonlySet<string> {
    return this.keysById.get(recordId) ?? noKeys;
  }
}
