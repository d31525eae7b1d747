import {
  type FieldEntry,
  getRecordsArray,
  recordToEntries,
  type StoredRecord,
} from '@kohtaamo/shared';
import * as Y from 'yjs';
import { benchNote, benchPerson, indexKey, richText, userRecord } from './benchRecords.js';

/** A large board, as the updates that made it. */
export interface BigBoard {
  readonly notes: number;
  /** One update per author, in order (each builds on the ones before). */
  readonly chunks: readonly Uint8Array[];
  /** Size of the whole board as one update (what a joiner receives). */
  readonly bytes: number;
  readonly stateVector: Uint8Array;
}

/**
 * A board of `notes` notes written by `authors` people in turn, in the
 * client binding's layout: each note is put on the board empty and then
 * given its text (one tombstone per note, as typing leaves). Short ids
 * (`shape:n123`, as the guard bench uses) make 10,000 notes about 10 MB,
 * the board of issue 15. Each author's part is one update of about half a
 * megabyte, under our server's message limit, so every server can be
 * seeded through its own protocol.
 */
export function buildBigBoard(notes: number, authors = 20): BigBoard {
  const doc = new Y.Doc();
  const records = getRecordsArray(doc);
  const push = (record: StoredRecord): FieldEntry[] => {
    const entries: FieldEntry[] = [];
    for (const [key, val] of recordToEntries(record)) entries.push({ key, val });
    doc.transact(() => records.push(entries));
    return entries;
  };
  const chunks: Uint8Array[] = [];
  let note = 0;
  for (let author = 0; author < authors; author += 1) {
    // One Yjs client per author, as each person's browser is.
    doc.clientID = 1_000_000 + author;
    const before = Y.encodeStateVector(doc);
    const person = benchPerson('big-board', author);
    push(userRecord(person, `Kirjoittaja ${author}`));
    const last = Math.round(((author + 1) * notes) / authors);
    for (; note < last; note += 1) {
      const entries = push(
        benchNote(
          `shape:n${note}`,
          person.id,
          (note % 100) * 220,
          Math.floor(note / 100) * 220,
          indexKey(note),
          '',
        ),
      );
      const at = entries.findIndex((entry) => entry.key.endsWith('props.richText'));
      const entry = entries[at] as FieldEntry;
      doc.transact(() => {
        records.delete(records.length - entries.length + at, 1);
        records.push([{ key: entry.key, val: richText(`Lappu ${note}`) }]);
      });
    }
    chunks.push(Y.encodeStateAsUpdate(doc, before));
  }
  const whole = Y.encodeStateAsUpdate(doc);
  const stateVector = Y.encodeStateVector(doc);
  doc.destroy();
  return { notes, chunks, bytes: whole.byteLength, stateVector };
}
