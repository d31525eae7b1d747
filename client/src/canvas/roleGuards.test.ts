import './testSetup';
import { fitRatingMetaKey, journeyMap, type RoomRole, reactionMetaKey } from '@kohtaamo/shared';
import { createShapeId, type Editor, type TLShapeId, toRichText, UserRecordType } from 'tldraw';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTemplate } from '../shapes/template/insertTemplate';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { registerAuthorMeta } from './authorMeta';
import { type EditRefusal, registerRoleGuards, withoutTemplates } from './roleGuards';

const me = 'guest-1';
const other = 'bertta-1';

let editor: Editor;
let refusals: EditRefusal[];
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  editor.dispose();
});

/** An editor for `role` holding someone else's note and a template, made before the guards. */
function board(role: RoomRole | null, options: { locked?: boolean } = {}) {
  editor = createTemplateTestEditor({ userId: me });
  const theirs = createShapeId('theirs');
  editor.createShape({
    id: theirs,
    type: 'note',
    props: { richText: toRichText('Bertta’s idea') },
    meta: { authorId: other, authorName: 'Bertta' },
  });
  const template = insertTemplate(editor, journeyMap);
  if (options.locked) editor.toggleLock([template]);
  refusals = [];
  stops.push(registerAuthorMeta(editor, { guest: role === 'guest' }));
  stops.push(registerRoleGuards(editor, role, (refusal) => refusals.push(refusal)));
  return { theirs, template };
}

function noteOfMine(): TLShapeId {
  const id = createShapeId();
  editor.createShape({ id, type: 'note', x: 500, props: { richText: toRichText('Mine') } });
  return id;
}

describe('registerRoleGuards for a guest', () => {
  it('keeps someone else’s note where it is and on the board, and says why', () => {
    const { theirs } = board('guest');
    editor.updateShape({ id: theirs, type: 'note', x: 300 });
    editor.deleteShapes([theirs]);
    expect(editor.getShape(theirs)).toMatchObject({ x: 0 });
    expect(refusals.map((refusal) => [refusal.code, refusal.recordId])).toEqual([
      ['guest.notAuthor', theirs],
      ['guest.notAuthor', theirs],
    ]);
  });

  it('lets the guest move, change and delete their own note', () => {
    board('guest');
    const mine = noteOfMine();
    editor.updateShape({ id: mine, type: 'note', x: 700, props: { color: 'blue' } });
    expect(editor.getShape(mine)).toMatchObject({ x: 700, props: { color: 'blue' } });
    editor.deleteShapes([mine]);
    expect(editor.getShape(mine)).toBeUndefined();
    expect(refusals).toEqual([]);
  });

  it('lets the guest vote on a template but not change it', () => {
    const { template } = board('guest');
    const x = editor.getShape(template)?.x;
    editor.updateShape({
      id: template,
      type: 'kohtaamo-template',
      meta: { [fitRatingMetaKey(me)]: 4 },
    });
    expect(editor.getShape(template)?.meta).toEqual({ [fitRatingMetaKey(me)]: 4 });
    editor.updateShape({ id: template, type: 'kohtaamo-template', x: 999 });
    editor.updateShape({
      id: template,
      type: 'kohtaamo-template',
      meta: { [fitRatingMetaKey(other)]: 1 },
    });
    expect(editor.getShape(template)).toMatchObject({ x, meta: { [fitRatingMetaKey(me)]: 4 } });
    expect(refusals.map((refusal) => refusal.code)).toEqual(['guest.notAuthor', 'guest.notAuthor']);
  });

  it('does not let a guest rename or delete the page', () => {
    board('guest');
    const page = editor.getCurrentPage();
    editor.renamePage(page.id, 'Mine now');
    expect(editor.getCurrentPage().name).toBe(page.name);
    expect(refusals.map((refusal) => refusal.recordId)).toEqual([page.id]);
  });

  it('leaves changes that arrive from peers alone', () => {
    const { theirs } = board('guest');
    const note = editor.getShape(theirs);
    if (!note) throw new Error('note missing');
    editor.store.mergeRemoteChanges(() => {
      editor.store.put([{ ...note, x: 42 }]);
    });
    expect(editor.getShape(theirs)?.x).toBe(42);
    editor.store.mergeRemoteChanges(() => editor.store.remove([theirs]));
    expect(editor.getShape(theirs)).toBeUndefined();
    expect(refusals).toEqual([]);
  });

  it('leaves templates, and what is inside them, out of what a guest duplicates or pastes', () => {
    const { template } = board('guest');
    const mine = noteOfMine();
    const inside = createShapeId('inside');
    editor.store.mergeRemoteChanges(() => {
      const note = editor.getShape(mine);
      if (note) editor.store.put([{ ...note, id: inside, parentId: template, x: 10, y: 10 }]);
    });
    const content = editor.getContentFromCurrentPage([template, mine]);
    if (!content) throw new Error('nothing to copy');
    expect(content.shapes.map((shape) => shape.id).sort()).toEqual([inside, mine, template].sort());

    editor.duplicateShapes([template, mine]);
    editor.putContentOntoCurrentPage(content);
    const types = editor.getCurrentPageShapes().map((shape) => shape.type);
    expect(types.filter((type) => type === 'kohtaamo-template')).toHaveLength(1);
    // The original three notes, plus one duplicate and one pasted copy of the guest's own.
    expect(types.filter((type) => type === 'note')).toHaveLength(5);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['guest.templates', 'guest.templates']);
  });

  it('keeps other people’s user records, in the store and out of a paste', () => {
    const { theirs } = board('guest');
    const bertta = UserRecordType.create({ id: UserRecordType.createId(other), name: 'Bertta' });
    editor.store.mergeRemoteChanges(() => editor.store.put([bertta]));
    editor.store.put([{ ...bertta, name: 'Not Bertta' }]);
    editor.store.remove([bertta.id]);
    expect(editor.store.get(bertta.id)?.name).toBe('Bertta');

    const content = editor.getContentFromCurrentPage([theirs]);
    if (!content) throw new Error('nothing to copy');
    const stranger = UserRecordType.create({ id: UserRecordType.createId('stranger'), name: 'S' });
    editor.putContentOntoCurrentPage({ ...content, users: [stranger] });
    expect(editor.store.get(stranger.id)).toBeUndefined();
    expect(refusals.map((refusal) => refusal.recordId)).toEqual([bertta.id, bertta.id]);
  });

  it('stops guarding when removed', () => {
    const { theirs } = board('guest');
    for (const stop of stops.splice(0)) stop();
    editor.deleteShapes([theirs]);
    expect(editor.getShape(theirs)).toBeUndefined();
  });
});

describe('registerRoleGuards for a participant', () => {
  it('lets a participant change anyone’s content and unlocked templates', () => {
    const { theirs, template } = board('participant');
    editor.updateShape({ id: theirs, type: 'note', x: 300 });
    editor.updateShape({ id: template, type: 'kohtaamo-template', x: 50 });
    expect(editor.getShape(theirs)?.x).toBe(300);
    expect(editor.getShape(template)?.x).toBe(50);
    editor.deleteShapes([theirs]);
    expect(editor.getShape(theirs)).toBeUndefined();
    expect(refusals).toEqual([]);
  });

  it('does not let a participant lock a template', () => {
    const { template } = board('participant');
    editor.toggleLock([template]);
    expect(editor.getShape(template)?.isLocked).toBe(false);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['lock.change']);
  });

  it('keeps a locked template locked and unchanged, but takes the participant’s own vote', () => {
    const { template } = board('participant', { locked: true });
    const x = editor.getShape(template)?.x;
    editor.toggleLock([template]);
    editor.run(
      () => {
        editor.updateShape({ id: template, type: 'kohtaamo-template', x: 80 });
        editor.deleteShapes([template]);
      },
      { ignoreShapeLock: true },
    );
    editor.run(
      () =>
        editor.updateShape({
          id: template,
          type: 'kohtaamo-template',
          meta: { [fitRatingMetaKey(me)]: 5 },
        }),
      { ignoreShapeLock: true },
    );
    expect(editor.getShape(template)).toMatchObject({
      isLocked: true,
      x,
      meta: { [fitRatingMetaKey(me)]: 5 },
    });
    expect(refusals.map((refusal) => refusal.code)).toEqual([
      'lock.change',
      'lock.locked',
      'lock.locked',
    ]);
  });
});

describe('registerRoleGuards for a participant, copying', () => {
  it('unlocks a participant’s copy of a locked template, and lets them copy templates', () => {
    const { template } = board('participant', { locked: true });
    const content = editor.getContentFromCurrentPage([template]);
    if (!content) throw new Error('nothing to copy');
    expect(content.shapes[0]?.isLocked).toBe(true);
    editor.putContentOntoCurrentPage(content);
    const copies = editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'kohtaamo-template' && shape.id !== template);
    expect(copies.map((copy) => copy.isLocked)).toEqual([false]);
    expect(editor.getShape(template)?.isLocked).toBe(true);
    expect(refusals).toEqual([]);
  });
});

describe('registerRoleGuards and locked shapes', () => {
  for (const role of ['participant', 'guest'] as const) {
    it(`does not let a ${role} lock, unlock, move or delete a note, their own included`, () => {
      board(role);
      const mine = noteOfMine();
      editor.toggleLock([mine]);
      expect(editor.getShape(mine)?.isLocked).toBe(false);
      // The facilitator locks it.
      editor.store.mergeRemoteChanges(() => {
        const note = editor.getShape(mine);
        if (note) editor.store.put([{ ...note, isLocked: true }]);
      });
      editor.toggleLock([mine]);
      editor.run(
        () => {
          editor.updateShape({ id: mine, type: 'note', x: 80 });
          editor.deleteShapes([mine]);
        },
        { ignoreShapeLock: true },
      );
      expect(editor.getShape(mine)).toMatchObject({ isLocked: true, x: 500 });
      expect(refusals.map((refusal) => refusal.code)).toEqual([
        'lock.change',
        'lock.change',
        'lock.locked',
        'lock.locked',
      ]);
    });

    it(`takes a ${role}'s own reaction on someone else's locked note, and no one else's`, () => {
      const { theirs } = board(role);
      editor.store.mergeRemoteChanges(() => {
        const note = editor.getShape(theirs);
        if (note) editor.store.put([{ ...note, isLocked: true }]);
      });
      const react = (meta: Record<string, true>) =>
        editor.run(
          () =>
            editor.updateShape({
              id: theirs,
              type: 'note',
              meta: { ...editor.getShape(theirs)?.meta, ...meta },
            }),
          { ignoreShapeLock: true },
        );
      react({ [reactionMetaKey('idea', me)]: true });
      react({ [reactionMetaKey('heart', other)]: true });
      expect(editor.getShape(theirs)?.meta).toEqual({
        authorId: other,
        authorName: 'Bertta',
        [reactionMetaKey('idea', me)]: true,
      });
      expect(refusals.map((refusal) => refusal.code)).toEqual(['reaction.notOwn']);
    });

    it(`unlocks a ${role}'s copy of a locked note`, () => {
      board(role);
      const mine = noteOfMine();
      editor.store.mergeRemoteChanges(() => {
        const note = editor.getShape(mine);
        if (note) editor.store.put([{ ...note, isLocked: true }]);
      });
      const content = editor.getContentFromCurrentPage([mine]);
      if (!content) throw new Error('nothing to copy');
      editor.putContentOntoCurrentPage(content);
      const copies = editor
        .getCurrentPageShapes()
        .filter(
          (shape) => shape.type === 'note' && shape.meta.authorId !== other && shape.id !== mine,
        );
      expect(copies.map((copy) => copy.isLocked)).toEqual([false]);
      expect(editor.getShape(mine)?.isLocked).toBe(true);
      expect(refusals).toEqual([]);
    });
  }
});

describe('withoutTemplates', () => {
  it('returns content without templates unchanged', () => {
    board(null);
    const mine = noteOfMine();
    const content = editor.getContentFromCurrentPage([mine]);
    if (!content) throw new Error('nothing to copy');
    expect(withoutTemplates(content)).toBe(content);
  });
});

describe('registerRoleGuards for other roles', () => {
  for (const role of ['facilitator', null] as const) {
    it(`lets ${role ?? 'an open room'} lock, unlock and delete anything`, () => {
      const { theirs, template } = board(role);
      editor.toggleLock([template]);
      expect(editor.getShape(template)?.isLocked).toBe(true);
      editor.toggleLock([template]);
      editor.deleteShapes([theirs, template]);
      expect(editor.getShape(theirs)).toBeUndefined();
      expect(editor.getShape(template)).toBeUndefined();
      expect(refusals).toEqual([]);
    });
  }
});
