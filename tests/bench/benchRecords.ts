import { createHash } from 'node:crypto';
import {
  type JsonObject,
  participantIdFromKey,
  participantKeyFromBytes,
  participantUserRecordId,
  type StoredRecord,
} from '@kohtaamo/shared';
import { noteRecord } from '@kohtaamo/shared/testing';

/**
 * What the bench's clients write and publish: tldraw 5 records as the
 * client binding stores them, and a tldraw presence as `PresenceSync`
 * publishes it. The same for every server, so documents and awareness
 * frames have the same size everywhere; only our server checks them.
 */

/** A bench client's identity: a participant key (sent to our server) and its public id. */
export interface BenchPerson {
  readonly key: string;
  readonly id: string;
}

/** A fixed identity per room and client, so every server sees the same documents. */
export function benchPerson(roomName: string, client: number): BenchPerson {
  const key = participantKeyFromBytes(
    createHash('sha256').update(`kohtaamo-bench/${roomName}/${client}`).digest(),
  );
  return { key, id: participantIdFromKey(key) };
}

/** tldraw rich text of one paragraph; an empty text is an empty document, as tldraw writes it. */
export function richText(text: string): JsonObject {
  if (text === '') return { type: 'doc', content: [] };
  return {
    type: 'doc',
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}

/** The text of a note at edit `seq`; {@link seqOfRichText} reads the number back. */
export function noteText(client: number, note: number, seq: number): string {
  return `Asiakkaan polku ${client}.${note}: odotukset ja tunteet, versio #${seq}`;
}

/** The edit number in a note's rich text written by {@link noteText}, if any. */
export function seqOfRichText(value: unknown): number | undefined {
  const text = (value as { content?: { content?: { text?: unknown }[] }[] } | null)?.content?.[0]
    ?.content?.[0]?.text;
  if (typeof text !== 'string') return undefined;
  const at = text.lastIndexOf('#');
  return at === -1 ? undefined : Number(text.slice(at + 1));
}

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The `n`th of an ascending run of tldraw index keys (fractional indexing:
 * `a0`…`az`, then `b00`…`bzz`, then `c000`…), all valid for the record check.
 */
export function indexKey(n: number): string {
  let digits = 1;
  let first = n;
  while (first >= base62.length ** digits) {
    first -= base62.length ** digits;
    digits += 1;
  }
  let tail = '';
  for (let place = 0; place < digits; place += 1) {
    tail = base62[first % base62.length] + tail;
    first = Math.floor(first / base62.length);
  }
  return `${String.fromCharCode('a'.charCodeAt(0) + digits - 1)}${tail}`;
}

/** A note by `authorId` at (x, y) with `text`, valid for the server's record check. */
export function benchNote(
  id: string,
  authorId: string,
  x: number,
  y: number,
  index: string,
  text: string,
): StoredRecord {
  const note = noteRecord(id, authorId, x);
  return {
    ...note,
    y,
    index,
    props: { ...(note.props as JsonObject), richText: richText(text) },
  };
}

/** The `user` record the client writes for its person (name and colour). */
export function userRecord(person: BenchPerson, name: string): StoredRecord {
  return {
    id: participantUserRecordId(person.id),
    typeName: 'user',
    name,
    color: '#2e7d32',
    imageUrl: '',
    meta: {},
  };
}

/** The awareness state of a client whose cursor is at (x, y): a tldraw `instance_presence`. */
export function presenceState(person: BenchPerson, name: string, x: number, y: number): string {
  return JSON.stringify({
    presence: {
      id: `instance_presence:${person.id}`,
      typeName: 'instance_presence',
      userId: participantUserRecordId(person.id),
      userName: name,
      lastActivityTimestamp: Date.now(),
      color: '#2e7d32',
      camera: { x: -120, y: -80, z: 1 },
      screenBounds: { x: 0, y: 0, w: 1440, h: 900 },
      followingUserId: null,
      cursor: { x, y, type: 'default', rotation: 0 },
      chatMessage: '',
      brush: null,
      scribbles: [],
      selectedShapeIds: [],
      currentPageId: 'page:page',
      meta: {},
    },
  });
}
