import './testSetup';
import { AssetRecordType, createShapeId, type Editor, toRichText } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { registerAuthorMeta } from './authorMeta';

let editor: Editor;
let stop: () => void;

beforeEach(() => {
  editor = createTemplateTestEditor();
  editor.user.updateUserPreferences({ id: 'aino-1', name: 'Aino' });
  stop = registerAuthorMeta(editor);
});

afterEach(() => {
  stop();
  editor.dispose();
});

describe('registerAuthorMeta', () => {
  it('stamps the local user on notes, text and other content this user creates', () => {
    const note = createShapeId();
    const text = createShapeId();
    editor.createShapes([
      { id: note, type: 'note', props: { richText: toRichText('Idea') } },
      { id: text, type: 'text', x: 300, props: { richText: toRichText('Otsikko') } },
    ]);
    for (const id of [note, text]) {
      expect(editor.getShape(id)?.meta).toEqual({ authorId: 'aino-1', authorName: 'Aino' });
    }
  });

  it('leaves other shapes, and shapes that already name an author, alone', () => {
    const geo = createShapeId();
    const pasted = createShapeId();
    editor.createShapes([
      { id: geo, type: 'geo' },
      { id: pasted, type: 'note', meta: { authorId: 'bertta-1', authorName: 'Bertta' } },
    ]);
    expect(editor.getShape(geo)?.meta).toEqual({});
    expect(editor.getShape(pasted)?.meta).toEqual({ authorId: 'bertta-1', authorName: 'Bertta' });
  });

  it('keeps the meta of shapes that arrive from peers', () => {
    const remote = createShapeId();
    const record = editor.store.schema.types.shape.create({
      id: remote,
      type: 'note',
      parentId: editor.getCurrentPageId(),
      index: 'a5',
      props: {
        ...editor.getShapeUtil('note').getDefaultProps(),
        richText: toRichText('from Bertta'),
      },
    } as never);
    editor.store.mergeRemoteChanges(() => editor.store.put([record]));
    expect(editor.getShape(remote)?.meta).toEqual({});
  });

  it('stamps assets this user creates, but keeps an author already named', () => {
    const mine = AssetRecordType.createId('mine');
    const theirs = AssetRecordType.createId('theirs');
    editor.createAssets([
      imageAsset(mine),
      { ...imageAsset(theirs), meta: { authorId: 'bertta-1', authorName: 'Bertta' } },
    ]);
    expect(editor.getAsset(mine)?.meta).toEqual({ authorId: 'aino-1', authorName: 'Aino' });
    expect(editor.getAsset(theirs)?.meta).toEqual({ authorId: 'bertta-1', authorName: 'Bertta' });
  });

  it('for a guest, stamps every shape and asset with their own id, even a copy of someone else’s', () => {
    stop();
    stop = registerAuthorMeta(editor, { guest: true });
    const geo = createShapeId();
    const pasted = createShapeId();
    const asset = AssetRecordType.createId('pasted');
    editor.createShapes([
      { id: geo, type: 'geo' },
      { id: pasted, type: 'note', meta: { authorId: 'bertta-1', authorName: 'Bertta', x: 1 } },
    ]);
    editor.createAssets([{ ...imageAsset(asset), meta: { authorId: 'bertta-1' } }]);
    const own = { authorId: 'aino-1', authorName: 'Aino' };
    expect(editor.getShape(geo)?.meta).toEqual(own);
    expect(editor.getShape(pasted)?.meta).toEqual({ ...own, x: 1 });
    expect(editor.getAsset(asset)?.meta).toEqual(own);
  });

  it('decides per record when the guest flag is a function (a private round stamps what goes private)', () => {
    stop();
    let privateRound = false;
    stop = registerAuthorMeta(editor, {
      guest: (record) => privateRound && record.typeName === 'shape',
    });
    const before = createShapeId();
    const during = createShapeId();
    const copy = createShapeId();
    editor.createShape({ id: before, type: 'geo' });
    privateRound = true;
    editor.createShapes([
      { id: during, type: 'geo' },
      { id: copy, type: 'note', meta: { authorId: 'bertta-1', authorName: 'Bertta' } },
    ]);
    const own = { authorId: 'aino-1', authorName: 'Aino' };
    expect(editor.getShape(before)?.meta).toEqual({});
    expect(editor.getShape(during)?.meta).toEqual(own);
    expect(editor.getShape(copy)?.meta).toEqual(own);
  });

  it('stops when disposed', () => {
    stop();
    const note = createShapeId();
    editor.createShape({ id: note, type: 'note' });
    expect(editor.getShape(note)?.meta).toEqual({});
  });
});

function imageAsset(id: ReturnType<typeof AssetRecordType.createId>) {
  return AssetRecordType.create({
    id,
    type: 'image',
    props: { name: 'a.png', src: null, w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
  });
}
