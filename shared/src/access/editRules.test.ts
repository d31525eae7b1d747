import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../protocol/docLayout.js';
import type { RoomRole } from '../schema/roomAccess.js';
import { changedFields, type EditActor, refuseRecordEdit } from './editRules.js';

const guestId = 'guest-1';
const otherId = 'other-9';

function note(
  id: string,
  author: string | undefined,
  extra: Partial<StoredRecord> = {},
): StoredRecord {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: 0,
    y: 0,
    isLocked: false,
    props: { color: 'yellow' },
    meta: author === undefined ? {} : { authorId: author },
    ...extra,
  };
}

function template(locked: boolean, meta: Record<string, string | number> = {}): StoredRecord {
  return {
    id: 'shape:t',
    typeName: 'shape',
    type: 'kohtaamo-template',
    x: 0,
    y: 0,
    isLocked: locked,
    props: { stages: [] },
    meta,
  };
}

const binding = (fromId: string, toId: string): StoredRecord => ({
  id: 'binding:b',
  typeName: 'binding',
  type: 'arrow',
  fromId,
  toId,
  props: {},
  meta: {},
});

const records = new Map<string, StoredRecord>([
  ['shape:mine', note('shape:mine', guestId)],
  ['shape:theirs', note('shape:theirs', otherId)],
]);
const lookup = (id: string) => records.get(id);

const actor = (
  role: RoomRole | undefined,
  participantId: string | undefined = guestId,
): EditActor => ({
  role,
  participantId,
});

function verdict(role: RoomRole | undefined, before?: StoredRecord, after?: StoredRecord) {
  return refuseRecordEdit(actor(role), before, after, lookup);
}

describe('refuseRecordEdit', () => {
  it('lets a facilitator and an open room do anything but add foreign record types', () => {
    for (const role of ['facilitator', undefined] as const) {
      expect(verdict(role, template(true), template(false))).toBeUndefined();
      expect(verdict(role, note('shape:theirs', otherId), undefined)).toBeUndefined();
    }
    const camera = { id: 'camera:x', typeName: 'camera' } as StoredRecord;
    expect(verdict('facilitator', undefined, camera)).toMatch(/do not belong/);
  });

  it('refuses every change by a viewer', () => {
    expect(verdict('viewer', undefined, note('shape:new', guestId))).toMatch(/viewer/);
  });

  it('lets a participant change anything except template locks', () => {
    const theirs = note('shape:theirs', otherId);
    expect(verdict('participant', theirs, { ...theirs, x: 50 })).toBeUndefined();
    expect(verdict('participant', theirs, undefined)).toBeUndefined();
    expect(
      verdict('participant', template(false), { ...template(false), props: { stages: [1] } }),
    ).toBeUndefined();
    expect(verdict('participant', template(false), template(true))).toMatch(/lock or unlock/);
    expect(verdict('participant', template(true), template(false))).toMatch(/lock or unlock/);
    expect(verdict('participant', undefined, template(true))).toMatch(/lock or unlock/);
    expect(verdict('participant', template(true), { ...template(true), x: 9 })).toMatch(/locked/);
    expect(verdict('participant', template(true), undefined)).toMatch(/locked/);
    // An ordinary shape's lock is an ordinary edit.
    expect(verdict('participant', theirs, { ...theirs, isLocked: true })).toBeUndefined();
  });

  it('lets anyone but a viewer vote with their own id on a locked template', () => {
    const voted = template(true, { [`fit:${guestId}`]: 4, [`feelings:${guestId}`]: 2 } as never);
    expect(verdict('participant', template(true), voted)).toBeUndefined();
    expect(verdict('guest', template(true), voted)).toBeUndefined();
    const forged = template(true, { [`fit:${otherId}`]: 1 });
    expect(verdict('guest', template(true), forged)).toMatch(/other people/);
    expect(
      refuseRecordEdit({ role: 'guest', participantId: undefined }, template(true), voted, lookup),
    ).toMatch(/other people/);
  });

  it('lets a guest add, change and delete only content naming them as author', () => {
    const mine = note('shape:new', guestId);
    expect(verdict('guest', undefined, mine)).toBeUndefined();
    expect(verdict('guest', undefined, note('shape:new', otherId))).toMatch(/author/);
    expect(verdict('guest', undefined, note('shape:new', undefined))).toMatch(/author/);
    expect(verdict('guest', mine, { ...mine, x: 5 })).toBeUndefined();
    expect(verdict('guest', mine, undefined)).toBeUndefined();
    expect(verdict('guest', mine, note('shape:new', otherId))).toMatch(/someone else/);
    const theirs = note('shape:theirs', otherId);
    expect(verdict('guest', theirs, { ...theirs, x: 5 })).toMatch(/other people/);
    expect(verdict('guest', theirs, undefined)).toMatch(/other people/);
    expect(verdict('guest', undefined, template(false, { authorId: guestId }))).toMatch(
      /templates/,
    );
    expect(verdict('guest', template(false), { ...template(false), x: 1 })).toMatch(/other people/);
    const page = {
      id: 'page:p',
      typeName: 'page',
      name: 'P',
      index: 'a1',
      meta: {},
    } as StoredRecord;
    expect(verdict('guest', undefined, page)).toMatch(/only add content/);
  });

  it('gives a guest the bindings that start from their shapes, and lets them drop ones that end there', () => {
    expect(verdict('guest', undefined, binding('shape:mine', 'shape:theirs'))).toBeUndefined();
    expect(verdict('guest', undefined, binding('shape:theirs', 'shape:mine'))).toMatch(
      /other people/,
    );
    expect(verdict('guest', binding('shape:theirs', 'shape:mine'), undefined)).toBeUndefined();
    expect(verdict('guest', binding('shape:theirs', 'shape:theirs'), undefined)).toMatch(
      /other people/,
    );
    expect(
      verdict('guest', binding('shape:theirs', 'shape:mine'), binding('shape:mine', 'shape:mine')),
    ).toMatch(/other people/);
  });

  it("lets a guest write only their own user record, and a participant anyone's", () => {
    const user = (id: string) =>
      ({
        id: `user:${id}`,
        typeName: 'user',
        name: 'N',
        color: '#000000',
        meta: {},
      }) as StoredRecord;
    expect(verdict('guest', undefined, user(guestId))).toBeUndefined();
    expect(verdict('guest', user(guestId), { ...user(guestId), name: 'M' })).toBeUndefined();
    expect(verdict('guest', undefined, user(otherId))).toMatch(/names/);
    expect(verdict('guest', user(otherId), undefined)).toMatch(/names/);
    expect(verdict('participant', user(otherId), { ...user(otherId), name: 'M' })).toBeUndefined();
    expect(verdict('viewer', undefined, user(guestId))).toMatch(/viewer/);
  });

  it('accepts an unchanged record from anyone who may edit', () => {
    const theirs = note('shape:theirs', otherId);
    expect(verdict('guest', theirs, structuredClone(theirs))).toBeUndefined();
  });
});

describe('changedFields', () => {
  it('names top-level fields and dotted props and meta keys', () => {
    const before = note('shape:a', guestId);
    const after = {
      ...before,
      x: 3,
      props: { color: 'red' },
      meta: { authorId: guestId, 'fit:x': 2 },
    };
    expect([...changedFields(before, after)].sort()).toEqual(['meta.fit:x', 'props.color', 'x']);
  });
});
