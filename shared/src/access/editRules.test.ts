import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue, StoredRecord } from '../protocol/docLayout.js';
import { reactionMetaKey } from '../schema/reactions.js';
import type { RoomRole } from '../schema/roomAccess.js';
import {
  changedFields,
  type EditActor,
  isLockedShape,
  isLockedTemplate,
  refuseRecordEdit,
} from './editRules.js';

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

/** The code of the rule that refuses the change, if any. */
function verdict(role: RoomRole | undefined, before?: StoredRecord, after?: StoredRecord) {
  return refuseRecordEdit(actor(role), before, after, lookup)?.code;
}

describe('refuseRecordEdit', () => {
  it('lets a facilitator and an open room do anything but add foreign record types', () => {
    for (const role of ['facilitator', undefined] as const) {
      expect(verdict(role, template(true), template(false))).toBeUndefined();
      expect(verdict(role, note('shape:theirs', otherId), undefined)).toBeUndefined();
    }
    const camera = { id: 'camera:x', typeName: 'camera' } as StoredRecord;
    expect(refuseRecordEdit(actor('facilitator'), undefined, camera, lookup)).toEqual({
      code: 'record.unknownType',
      params: { typeName: 'camera' },
      reason: 'records of type "camera" do not belong in a board',
    });
    expect(verdict('facilitator', undefined, camera)).toBe('record.unknownType');
  });

  it('refuses every change by a viewer', () => {
    expect(verdict('viewer', undefined, note('shape:new', guestId))).toBe('viewer.readOnly');
  });

  it('lets a participant change anything unlocked, but not lock or unlock templates', () => {
    const theirs = note('shape:theirs', otherId);
    expect(verdict('participant', theirs, { ...theirs, x: 50 })).toBeUndefined();
    expect(verdict('participant', theirs, undefined)).toBeUndefined();
    expect(
      verdict('participant', template(false), { ...template(false), props: { stages: [1] } }),
    ).toBeUndefined();
    expect(verdict('participant', template(false), template(true))).toBe('lock.change');
    expect(verdict('participant', template(true), template(false))).toBe('lock.change');
    expect(verdict('participant', undefined, template(true))).toBe('lock.change');
    expect(verdict('participant', template(true), { ...template(true), x: 9 })).toBe('lock.locked');
    expect(verdict('participant', template(true), undefined)).toBe('lock.locked');
  });

  it('locks any shape the facilitator locked, for participants and guests alike', () => {
    const theirs = note('shape:theirs', otherId);
    const mine = note('shape:mine', guestId);
    const lockedTheirs = { ...theirs, isLocked: true };
    const lockedMine = { ...mine, isLocked: true };
    for (const role of ['participant', 'guest'] as const) {
      // Only the facilitator locks or unlocks, any shape, their own too.
      expect(verdict(role, mine, lockedMine)).toBe('lock.change');
      expect(verdict(role, lockedMine, mine)).toBe('lock.change');
      expect(verdict(role, undefined, lockedMine)).toBe('lock.change');
      // A locked shape of their own cannot be changed, moved or deleted.
      expect(verdict(role, lockedMine, { ...lockedMine, x: 5 })).toBe('lock.locked');
      expect(verdict(role, lockedMine, { ...lockedMine, props: { color: 'red' } })).toBe(
        'lock.locked',
      );
      expect(verdict(role, lockedMine, undefined)).toBe('lock.locked');
      expect(verdict(role, mine, { ...mine, x: 5 })).toBeUndefined();
    }
    expect(verdict('participant', lockedTheirs, { ...lockedTheirs, x: 5 })).toBe('lock.locked');
    expect(verdict('participant', lockedTheirs, undefined)).toBe('lock.locked');
    // A guest was never allowed someone else's shape; that stays the reason.
    expect(verdict('guest', lockedTheirs, undefined)).toBe('guest.notAuthor');
    for (const role of ['facilitator', undefined] as const) {
      expect(verdict(role, theirs, lockedTheirs)).toBeUndefined();
      expect(verdict(role, lockedTheirs, { ...lockedTheirs, x: 5 })).toBeUndefined();
      expect(verdict(role, lockedTheirs, undefined)).toBeUndefined();
    }
  });

  it('lets anyone but a viewer vote with their own id on a locked template', () => {
    const voted = template(true, { [`fit:${guestId}`]: 4, [`feelings:${guestId}`]: 2 } as never);
    expect(verdict('participant', template(true), voted)).toBeUndefined();
    expect(verdict('guest', template(true), voted)).toBeUndefined();
    const forged = template(true, { [`fit:${otherId}`]: 1 });
    expect(verdict('guest', template(true), forged)).toBe('guest.notAuthor');
    expect(
      refuseRecordEdit({ role: 'guest', participantId: undefined }, template(true), voted, lookup)
        ?.code,
    ).toBe('guest.notAuthor');
  });

  it('lets anyone but a viewer give and take back only their own reactions, on any shape', () => {
    const react = (record: StoredRecord, key: string, value: JsonValue = true): StoredRecord => ({
      ...record,
      meta: { ...(record.meta as JsonObject), [key]: value },
    });
    const mineKey = reactionMetaKey('heart', guestId);
    const theirs = note('shape:theirs', otherId);
    const shapes = [
      theirs,
      { ...theirs, isLocked: true },
      template(false),
      template(true),
      note('shape:mine', guestId),
    ];
    for (const role of ['participant', 'guest'] as const) {
      for (const shape of shapes) {
        const reacted = react(shape, mineKey);
        expect(verdict(role, shape, reacted)).toBeUndefined();
        expect(verdict(role, reacted, shape)).toBeUndefined();
        // Someone else's reaction: neither given nor taken back, even where the shape may change.
        const forged = react(shape, reactionMetaKey('heart', otherId));
        expect(verdict(role, shape, forged)).toBe('reaction.notOwn');
        expect(verdict(role, forged, shape)).toBe('reaction.notOwn');
        expect(verdict(role, shape, react(shape, `reaction:thumbsDown:${guestId}`))).toBe(
          'reaction.malformed',
        );
        expect(verdict(role, shape, react(shape, 'reaction:heart'))).toBe('reaction.malformed');
        expect(verdict(role, shape, react(shape, mineKey, 'yes'))).toBe('reaction.malformed');
      }
      // A reaction does not carry other changes along.
      const locked = { ...theirs, isLocked: true };
      expect(verdict(role, locked, { ...react(locked, mineKey), x: 9 })).toBe(
        role === 'guest' ? 'guest.notAuthor' : 'lock.locked',
      );
    }
    expect(
      refuseRecordEdit(
        { role: 'guest', participantId: undefined },
        theirs,
        react(theirs, mineKey),
        lookup,
      )?.code,
    ).toBe('reaction.notOwn');
    expect(verdict('viewer', theirs, react(theirs, mineKey))).toBe('viewer.readOnly');
    // The facilitator may tidy anyone's reactions.
    expect(
      verdict('facilitator', theirs, react(theirs, reactionMetaKey('idea', otherId))),
    ).toBeUndefined();
  });

  it('leaves reactions a created shape carries alone (a copy, an undo of a deletion)', () => {
    const copied = note('shape:copy', guestId, {
      meta: { authorId: guestId, [reactionMetaKey('idea', otherId)]: true },
    });
    expect(verdict('guest', undefined, copied)).toBeUndefined();
    expect(verdict('participant', undefined, copied)).toBeUndefined();
  });

  it('lets a guest add, change and delete only content naming them as author', () => {
    const mine = note('shape:new', guestId);
    expect(verdict('guest', undefined, mine)).toBeUndefined();
    expect(verdict('guest', undefined, note('shape:new', otherId))).toBe('guest.authorRequired');
    expect(verdict('guest', undefined, note('shape:new', undefined))).toBe('guest.authorRequired');
    expect(verdict('guest', mine, { ...mine, x: 5 })).toBeUndefined();
    expect(verdict('guest', mine, undefined)).toBeUndefined();
    expect(verdict('guest', mine, note('shape:new', otherId))).toBe('guest.giveAway');
    const theirs = note('shape:theirs', otherId);
    expect(verdict('guest', theirs, { ...theirs, x: 5 })).toBe('guest.notAuthor');
    expect(verdict('guest', theirs, undefined)).toBe('guest.notAuthor');
    expect(verdict('guest', undefined, template(false, { authorId: guestId }))).toBe(
      'guest.templates',
    );
    expect(verdict('guest', template(false), { ...template(false), x: 1 })).toBe('guest.notAuthor');
    const page = {
      id: 'page:p',
      typeName: 'page',
      name: 'P',
      index: 'a1',
      meta: {},
    } as StoredRecord;
    expect(verdict('guest', undefined, page)).toBe('guest.contentOnly');
  });

  it('gives a guest the bindings that start from their shapes, and lets them drop ones that end there', () => {
    expect(verdict('guest', undefined, binding('shape:mine', 'shape:theirs'))).toBeUndefined();
    expect(verdict('guest', undefined, binding('shape:theirs', 'shape:mine'))).toBe(
      'guest.notAuthor',
    );
    expect(verdict('guest', binding('shape:theirs', 'shape:mine'), undefined)).toBeUndefined();
    expect(verdict('guest', binding('shape:theirs', 'shape:theirs'), undefined)).toBe(
      'guest.notAuthor',
    );
    expect(
      verdict('guest', binding('shape:theirs', 'shape:mine'), binding('shape:mine', 'shape:mine')),
    ).toBe('guest.notAuthor');
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
    expect(verdict('guest', undefined, user(otherId))).toBe('guest.otherUser');
    expect(verdict('guest', user(otherId), undefined)).toBe('guest.otherUser');
    expect(verdict('participant', user(otherId), { ...user(otherId), name: 'M' })).toBeUndefined();
    expect(verdict('viewer', undefined, user(guestId))).toBe('viewer.readOnly');
  });

  it('accepts an unchanged record from anyone who may edit', () => {
    const theirs = note('shape:theirs', otherId);
    expect(verdict('guest', theirs, structuredClone(theirs))).toBeUndefined();
  });
});

describe('isLockedShape', () => {
  it('says any locked shape is locked, and only templates are locked templates', () => {
    expect(isLockedShape(note('shape:a', guestId, { isLocked: true }))).toBe(true);
    expect(isLockedShape(note('shape:a', guestId))).toBe(false);
    expect(isLockedTemplate(note('shape:a', guestId, { isLocked: true }))).toBe(false);
    expect(isLockedShape(template(true))).toBe(true);
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
