import './testSetup';
import { createShapeId, type Editor, toRichText } from 'tldraw';
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

  it('stops when disposed', () => {
    stop();
    const note = createShapeId();
    editor.createShape({ id: note, type: 'note' });
    expect(editor.getShape(note)?.meta).toEqual({});
  });
});
