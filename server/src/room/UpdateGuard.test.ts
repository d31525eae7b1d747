import {
  createRecordsKeyValue,
  diffRecord,
  type EditActor,
  type EditRefusalCode,
  getMetaMap,
  getRecordsArray,
  type RecordsKeyValue,
  reactionMetaKey,
  type StoredRecord,
  writeFieldChanges,
} from '@kohtaamo/shared';
import { noteRecord } from '@kohtaamo/shared/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadRecordValidator, type RecordValidator } from './recordSchema.js';
import { UpdateGuard } from './UpdateGuard.js';

const guestId = 'guestParticipantId0001';
const facilitatorId = 'facilitatorParticipant';

const page: StoredRecord = {
  id: 'page:page',
  typeName: 'page',
  name: 'Page 1',
  index: 'a1',
  meta: {},
};
const theirs = noteRecord('shape:theirs', facilitatorId);

let validate: RecordValidator;
beforeAll(async () => {
  validate = await loadRecordValidator();
});

/** A server document holding a page and the facilitator's note, a guard on it, and one client. */
function setup() {
  const server = new Y.Doc();
  const seed = new Y.Doc();
  const seedKv = createRecordsKeyValue(seed);
  writeFieldChanges(seedKv, diffRecord(null, page), 'seed');
  writeFieldChanges(seedKv, diffRecord(null, theirs), 'seed');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(seed));
  const guard = new UpdateGuard(server, validate);
  // Each change is made on a fresh copy of the server's document, as a client that was
  // refused and dropped its local copy would.
  const client = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    return { doc, kv: createRecordsKeyValue(doc) };
  };
  /** The update a client change makes, applied to the server only if the guard accepts it. */
  const send = (actor: EditActor, change: (kv: RecordsKeyValue, doc: Y.Doc) => void) => {
    const { doc, kv } = client();
    const before = Y.encodeStateVector(doc);
    change(kv, doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    const refusal = guard.check(update, actor);
    if (refusal === undefined) Y.applyUpdate(server, update);
    return refusal;
  };
  const write = (prev: StoredRecord | null, next: StoredRecord | null) => (kv: RecordsKeyValue) =>
    writeFieldChanges(kv, diffRecord(prev, next), 'local');
  return { server, guard, send, write };
}

/** A refusal with `code` whose English reason matches `reason`. */
const refused = (code: EditRefusalCode, reason: RegExp) => ({
  code,
  reason: expect.stringMatching(reason),
});

const guest: EditActor = { role: 'guest', participantId: guestId };
const participant: EditActor = { role: 'participant', participantId: 'participantId000000001' };
const facilitator: EditActor = { role: 'facilitator', participantId: facilitatorId };

describe('UpdateGuard', () => {
  it("lets a participant move someone else's note, and refuses the same from a guest", () => {
    const moved = { ...theirs, x: 300 };
    expect(setup().send(participant, setup().write(theirs, moved))).toBeUndefined();
    const { send, write, server } = setup();
    expect(send(guest, write(theirs, moved))).toEqual(refused('guest.notAuthor', /other people/));
    expect(
      getRecordsArray(server)
        .toArray()
        .find((e) => e.key.endsWith('\u001fx'))?.val,
    ).toBe(0);
  });

  it('lets a guest add, move and delete a note of their own, and only with their id on it', () => {
    const { send, write } = setup();
    const mine = noteRecord('shape:mine', guestId);
    expect(send(guest, write(null, noteRecord('shape:fake', facilitatorId)))).toEqual(
      refused('guest.authorRequired', /author/),
    );
    expect(send(guest, write(null, mine))).toBeUndefined();
    expect(send(guest, write(mine, { ...mine, x: 50 }))).toBeUndefined();
    expect(send(guest, write({ ...mine, x: 50 }, null))).toBeUndefined();
  });

  it("refuses a guest deleting someone else's note", () => {
    const { send, write } = setup();
    expect(send(guest, write(theirs, null))).toEqual(refused('guest.notAuthor', /other people/));
    expect(send(facilitator, write(theirs, null))).toBeUndefined();
  });

  it('refuses records that break the schema, from any role', () => {
    const { send, write } = setup();
    const bad = {
      ...noteRecord('shape:bad', facilitatorId),
      props: { ...(noteRecord('x', '').props as object), color: 'plaid' },
    };
    expect(send(facilitator, write(null, bad))).toEqual(
      refused('record.invalid', /invalid shape shape:bad.*color/),
    );
    expect(send(facilitator, write(null, { ...page, id: 'page:2', typeName: 'camera' }))).toEqual(
      refused('record.invalid', /camera/),
    );
    expect(send(facilitator, write(null, { ...page, id: 'shape:page' }))).toEqual(
      refused('record.invalid', /does not match/),
    );
  });

  it('refuses writes outside the records array and the schema key', () => {
    const { send } = setup();
    expect(send(facilitator, (_kv, doc) => doc.getMap('evil').set('x', 1))).toEqual(
      refused('update.layout', /outside/),
    );
    expect(send(facilitator, (_kv, doc) => getMetaMap(doc).set('other', 1))).toEqual(
      refused('update.layout', /metadata/),
    );
    expect(send(facilitator, (_kv, doc) => getMetaMap(doc).set('schema', 'nope'))).toEqual(
      refused('update.malformed', /schema written is malformed/),
    );
    expect(
      send(facilitator, (_kv, doc) =>
        getMetaMap(doc).set('schema', { schemaVersion: 2, sequences: {} }),
      ),
    ).toBeUndefined();
  });

  it('refuses nested types, non-JSON values and malformed entries in the records array', () => {
    const { send } = setup();
    expect(
      send(facilitator, (_kv, doc) => getRecordsArray(doc).push([new Y.Map() as never])),
    ).toEqual(refused('update.layout', /outside|unsupported/));
    expect(
      send(facilitator, (_kv, doc) =>
        getRecordsArray(doc).push([
          { key: 'shape:theirs\u001fx', val: new Uint8Array(2) as never },
        ]),
      ),
    ).toEqual(refused('update.malformed', /not JSON/));
    expect(
      send(facilitator, (_kv, doc) => getRecordsArray(doc).push([{ key: 'nokey', val: 1 }])),
    ).toEqual(refused('update.malformed', /entry key/));
    expect(send(facilitator, (_kv, doc) => getRecordsArray(doc).insert(0, ['x' as never]))).toEqual(
      refused('update.malformed', /malformed record entry/),
    );
  });

  it('refuses an update that builds on items the server does not have', () => {
    const { guard, server } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    const kv = createRecordsKeyValue(other);
    writeFieldChanges(kv, diffRecord(null, noteRecord('shape:a', guestId)), 'x');
    const first = Y.encodeStateVector(other);
    writeFieldChanges(kv, diffRecord(null, noteRecord('shape:b', guestId)), 'x');
    const second = Y.encodeStateAsUpdate(other, first);
    expect(guard.check(second, guest)).toEqual(refused('update.unknownBase', /does not have/));
  });

  it('judges the record as the document holds it after earlier accepted updates', () => {
    const { send, write } = setup();
    const mine = noteRecord('shape:mine', guestId);
    expect(send(guest, write(null, mine))).toBeUndefined();
    // A participant takes the note over; the guest may no longer move it.
    const taken = { ...mine, meta: { authorId: 'participantId000000001' } };
    expect(send(participant, write(mine, taken))).toBeUndefined();
    expect(send(guest, write(taken, { ...taken, x: 9 }))).toEqual(
      refused('guest.notAuthor', /other people/),
    );
  });

  it('ignores items the server already has, as when a sync step 2 races an update', () => {
    const { guard, send, write } = setup();
    const mine = noteRecord('shape:mine', guestId);
    let created: Uint8Array | undefined;
    expect(
      send(guest, (kv, doc) => {
        doc.once('update', (update: Uint8Array) => {
          created = update;
        });
        write(null, mine)(kv);
      }),
    ).toBeUndefined();
    // The note changes hands; the guest's old creation, sent again, is no longer news.
    expect(
      send(participant, write(mine, { ...mine, meta: { authorId: 'someoneElse' } })),
    ).toBeUndefined();
    expect(created).toBeDefined();
    expect(guard.check(created as Uint8Array, guest)).toBeUndefined();
  });

  it("takes a guest's own reaction on someone else's locked note, and refuses a forged one", () => {
    const { send, write } = setup();
    const locked: StoredRecord = { ...theirs, isLocked: true };
    expect(send(facilitator, write(theirs, locked))).toBeUndefined();
    const withMeta = (key: string): StoredRecord => ({
      ...locked,
      meta: { ...(locked.meta as object), [key]: true },
    });
    expect(send(guest, write(locked, withMeta(reactionMetaKey('idea', guestId))))).toBeUndefined();
    expect(send(guest, write(locked, withMeta(reactionMetaKey('idea', facilitatorId))))).toEqual(
      refused('reaction.notOwn', /person it names/),
    );
    expect(send(participant, write(locked, { ...locked, x: 1 }))).toEqual(
      refused('lock.locked', /locked/),
    );
  });

  it('accepts an empty update and orphan clean-up from anyone who may edit', () => {
    const { guard, send } = setup();
    expect(guard.check(Y.encodeStateAsUpdate(new Y.Doc()), guest)).toBeUndefined();
    expect(
      send(guest, (kv) =>
        writeFieldChanges(kv, { set: new Map([['shape:gone\u001fx', 1]]), remove: new Set() }, 'x'),
      ),
    ).toBeUndefined();
    expect(
      send(guest, (kv) =>
        writeFieldChanges(kv, { set: new Map(), remove: new Set(['shape:gone\u001fx']) }, 'x'),
      ),
    ).toBeUndefined();
  });
});
