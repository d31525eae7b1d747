import {
  encodeFieldKey,
  type FieldEntry,
  getRecordsArray,
  recordToEntries,
  type StoredRecord,
} from '@kohtaamo/shared';
import { noteRecord } from '@kohtaamo/shared/testing';
import type * as Y from 'yjs';
import { connectSynced, type ProviderClient } from '../../helpers/yjsClients.js';
import { replaceOwnEntries } from '../NoteWriter.js';

/**
 * A remote user who moves one note of their own, as a stock y-websocket
 * client in Node writing the board layout the client binding writes (one
 * entry per field, the old entry deleted as the new one is pushed).
 *
 * It does not use a YKeyValue: that one copies the whole records array on
 * every update it receives, and ten of them beside the browser would take
 * the CPU the browser's frame rate is measured with. The mover only ever
 * rewrites entries it pushed itself, so it finds them among its own items
 * of the array without looking at anybody else's entries.
 */
export class NoteMover {
  readonly #client: ProviderClient;
  readonly #records: Y.Array<FieldEntry>;
  readonly #record: StoredRecord;
  /** The entries of the moved fields as last pushed, which the next move replaces. */
  #current: FieldEntry[] = [];

  private constructor(client: ProviderClient, record: StoredRecord) {
    this.#client = client;
    this.#records = getRecordsArray(client.doc);
    this.#record = record;
  }

  /** Connects, waits for the sync and puts the note on the board. */
  static async start(
    wsUrl: string,
    roomId: string,
    params: Record<string, string>,
    record: StoredRecord,
  ): Promise<NoteMover> {
    const client = await connectSynced(wsUrl, roomId, { params });
    const mover = new NoteMover(client, record);
    const entries = [...recordToEntries(record)].map(([key, val]) => ({ key, val }));
    client.doc.transact(() => mover.#records.push(entries));
    const moved = new Set([encodeFieldKey(record.id, 'x'), encodeFieldKey(record.id, 'y')]);
    mover.#current = entries.filter((entry) => moved.has(entry.key));
    return mover;
  }

  /** A note at (x, y) with the fields {@link noteRecord} gives it. */
  static note(id: string, authorId: string, x: number, y: number, index: string): StoredRecord {
    return { ...noteRecord(id, authorId, x), y, index };
  }

  /** Writes the note's new position: one update of two entries. */
  moveTo(x: number, y: number): void {
    const next: FieldEntry[] = [
      { key: encodeFieldKey(this.#record.id, 'x'), val: x },
      { key: encodeFieldKey(this.#record.id, 'y'), val: y },
    ];
    const doomed = new Set<unknown>(this.#current);
    replaceOwnEntries(this.#records, doomed, next);
    this.#current = next;
  }

  /** The last position written. */
  position(): { x: number; y: number } {
    const [x, y] = this.#current;
    return { x: Number(x?.val), y: Number(y?.val) };
  }

  destroy(): void {
    this.#client.destroy();
  }
}
