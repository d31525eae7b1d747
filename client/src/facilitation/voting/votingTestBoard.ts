import { journeyMap } from '@kohtaamo/shared';
import { createShapeId, type Editor, type TLShapeId, toRichText } from 'tldraw';
import { insertTemplate } from '../../shapes/template/insertTemplate';
import { createTemplateTestEditor } from '../../shapes/template/templateTestEditor';

/** The shapes of {@link createVotingTestBoard}. */
export interface VotingTestBoard {
  readonly editor: Editor;
  readonly template: TLShapeId;
  /** Notes inside the template. */
  readonly inTemplate: readonly [TLShapeId, TLShapeId];
  /** Notes on the page, outside any template. */
  readonly loose: readonly [TLShapeId, TLShapeId];
  /** A note on a second page. */
  readonly elsewhere: TLShapeId;
}

/**
 * A board for voting tests: a journey map with two notes in it, two loose
 * notes ("Faster onboarding", "Clear prices") and a note on another page.
 * Import '../../canvas/testSetup' first.
 */
export function createVotingTestBoard(userId = 'fanni'): VotingTestBoard {
  const editor = createTemplateTestEditor({ userId });
  const template = insertTemplate(editor, journeyMap);
  const bounds = editor.getShapePageBounds(template);
  if (!bounds) throw new Error('no template bounds');
  const inTemplate = [createShapeId('in-a'), createShapeId('in-b')] as const;
  inTemplate.forEach((id, i) => {
    editor.createShape({
      id,
      type: 'note',
      parentId: template,
      x: 20 + i * 240,
      y: 60,
      props: { richText: toRichText(`Step ${i + 1}`) },
    });
  });
  const loose = [createShapeId('loose-a'), createShapeId('loose-b')] as const;
  editor.createShape({
    id: loose[0],
    type: 'note',
    x: bounds.maxX + 100,
    y: bounds.minY,
    props: { richText: toRichText('Faster onboarding') },
  });
  editor.createShape({
    id: loose[1],
    type: 'note',
    x: bounds.maxX + 400,
    y: bounds.minY,
    props: { richText: toRichText('Clear prices') },
  });
  const pageId = editor.getCurrentPageId();
  editor.createPage({ name: 'Other' });
  const other = editor.getPages().find((page) => page.id !== pageId);
  if (!other) throw new Error('no second page');
  const elsewhere = createShapeId('elsewhere');
  editor.createShape({
    id: elsewhere,
    type: 'note',
    parentId: other.id,
    props: { richText: toRichText('Elsewhere') },
  });
  editor.selectNone();
  return { editor, template, inTemplate, loose, elsewhere };
}
