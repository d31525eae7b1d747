import '../canvas/testSetup';
import { reactionMetaKey } from '@kohtaamo/shared';
import { createShapeId, type Editor, toRichText } from 'tldraw';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAuthorMeta } from '../canvas/authorMeta';
import { type EditRefusal, registerRoleGuards } from '../canvas/roleGuards';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { hasReactions, mayReact, reactionCountsOf, toggleOwnReaction } from './ownReaction';

const me = 'guest-1';
const other = 'bertta-1';
const theirs = createShapeId('theirs');

let editor: Editor;
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  editor.dispose();
});

/** An editor of `me` holding Bertta's note, which already has her heart. */
function boardWithTheirNote(): Editor {
  editor = createTemplateTestEditor({ userId: me });
  editor.createShape({
    id: theirs,
    type: 'note',
    props: { richText: toRichText('Bertta’s idea') },
    meta: { authorId: other, authorName: 'Bertta', [reactionMetaKey('heart', other)]: true },
  });
  return editor;
}

function metaOfTheirs() {
  return editor.getShape(theirs)?.meta;
}

describe('toggleOwnReaction', () => {
  it('writes exactly the own key, then removes exactly it', () => {
    boardWithTheirNote();
    expect(toggleOwnReaction(editor, theirs, 'idea')).toBe(true);
    expect(metaOfTheirs()).toEqual({
      authorId: other,
      authorName: 'Bertta',
      [reactionMetaKey('heart', other)]: true,
      [reactionMetaKey('idea', me)]: true,
    });
    expect(toggleOwnReaction(editor, theirs, 'idea')).toBe(false);
    expect(metaOfTheirs()).toEqual({
      authorId: other,
      authorName: 'Bertta',
      [reactionMetaKey('heart', other)]: true,
    });
  });

  it('is one undo step', () => {
    boardWithTheirNote();
    toggleOwnReaction(editor, theirs, 'thumbsUp');
    editor.undo();
    expect(metaOfTheirs()?.[reactionMetaKey('thumbsUp', me)]).toBeUndefined();
  });

  it('reacts on a locked shape, which tldraw’s updateShape would skip', () => {
    boardWithTheirNote();
    editor.toggleLock([theirs]);
    expect(toggleOwnReaction(editor, theirs, 'question')).toBe(true);
    expect(editor.getShape(theirs)).toMatchObject({ isLocked: true });
    expect(metaOfTheirs()?.[reactionMetaKey('question', me)]).toBe(true);
  });

  it('changes nothing in a read-only editor or for a missing shape', () => {
    boardWithTheirNote();
    expect(toggleOwnReaction(editor, createShapeId('gone'), 'idea')).toBeUndefined();
    editor.updateInstanceState({ isReadonly: true });
    expect(toggleOwnReaction(editor, theirs, 'idea')).toBeUndefined();
    expect(metaOfTheirs()?.[reactionMetaKey('idea', me)]).toBeUndefined();
  });

  it('passes a guest’s role guards on someone else’s note, while moving that note does not', () => {
    boardWithTheirNote();
    const refusals: EditRefusal[] = [];
    stops.push(registerAuthorMeta(editor, { guest: true }));
    stops.push(registerRoleGuards(editor, 'guest', (refusal) => refusals.push(refusal)));

    toggleOwnReaction(editor, theirs, 'thumbsUp');
    expect(metaOfTheirs()?.[reactionMetaKey('thumbsUp', me)]).toBe(true);
    expect(refusals).toEqual([]);

    editor.updateShape({ id: theirs, type: 'note', x: 300 });
    expect(editor.getShape(theirs)).toMatchObject({ x: 0 });
    expect(refusals.map((refusal) => refusal.code)).toEqual(['guest.notAuthor']);

    toggleOwnReaction(editor, theirs, 'thumbsUp');
    expect(metaOfTheirs()?.[reactionMetaKey('thumbsUp', me)]).toBeUndefined();
    expect(refusals).toHaveLength(1);
  });
});

describe('toggleOwnReaction under the role guards of a locked board', () => {
  it('takes a participant’s reaction on a note the facilitator locked', () => {
    boardWithTheirNote();
    editor.toggleLock([theirs]);
    const refusals: EditRefusal[] = [];
    stops.push(registerRoleGuards(editor, 'participant', (refusal) => refusals.push(refusal)));
    toggleOwnReaction(editor, theirs, 'warning');
    expect(metaOfTheirs()?.[reactionMetaKey('warning', me)]).toBe(true);
    editor.toggleLock([theirs]);
    expect(editor.getShape(theirs)?.isLocked).toBe(true);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['lock.change']);
  });

  it('lets the facilitator lock and unlock anyone’s note with tldraw’s lock', () => {
    boardWithTheirNote();
    stops.push(registerRoleGuards(editor, 'facilitator', () => {}));
    editor.toggleLock([theirs]);
    expect(editor.getShape(theirs)?.isLocked).toBe(true);
    editor.toggleLock([theirs]);
    expect(editor.getShape(theirs)?.isLocked).toBe(false);
  });
});

describe('reading reactions', () => {
  it('counts every kind and tells shapes without reactions apart cheaply', () => {
    boardWithTheirNote();
    toggleOwnReaction(editor, theirs, 'heart');
    const note = editor.getShape(theirs);
    if (!note) throw new Error('no note');
    expect(reactionCountsOf(note)).toEqual({
      thumbsUp: 0,
      heart: 2,
      idea: 0,
      question: 0,
      warning: 0,
    });
    expect(hasReactions(note.meta)).toBe(true);
    expect(hasReactions({ authorId: other, [reactionMetaKey('idea', other)]: false })).toBe(false);
  });

  it('lets everyone but a viewer react', () => {
    expect(
      [null, 'facilitator', 'participant', 'guest', 'viewer'].map((role) =>
        mayReact(role as Parameters<typeof mayReact>[0]),
      ),
    ).toEqual([true, true, true, true, false]);
  });
});
