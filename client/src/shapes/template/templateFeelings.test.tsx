import '../../canvas/testSetup';
import { feelingsMetaKey, journeyMap, persona } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { renderToStaticMarkup } from 'react-dom/server';
import { type Editor, EditorProvider } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectDocs } from '../../canvas/testHarness';
import { insertTemplate } from './insertTemplate';
import { TemplateDrawing } from './TemplateDrawing';
import { TemplateStructurePanel } from './TemplateStructurePanel';
import { feelingsOfShape, setOwnFeeling } from './templateFeelings';
import { instanceFromProps } from './templateShapeProps';
import {
  createSyncedTestPeers,
  createTemplateTestEditor,
  templateShapeOf,
} from './templateTestEditor';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('setOwnFeeling', () => {
  let editor: Editor;
  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'alice' });
  });
  afterEach(() => editor.dispose());

  it('writes only the local user’s key, keeps others’ and is one undo step', () => {
    const id = insertTemplate(editor, journeyMap);
    editor.updateShape({
      id,
      type: 'kohtaamo-template',
      meta: { [feelingsMetaKey('bob')]: { impulse: -1 } },
    });
    setOwnFeeling(editor, id, 'impulse', 2);
    setOwnFeeling(editor, id, 'purchase', -2);
    expect(templateShapeOf(editor, id).meta).toEqual({
      [feelingsMetaKey('bob')]: { impulse: -1 },
      [feelingsMetaKey('alice')]: { impulse: 2, purchase: -2 },
    });
    editor.undo();
    expect(templateShapeOf(editor, id).meta[feelingsMetaKey('alice')]).toEqual({ impulse: 2 });
    setOwnFeeling(editor, id, 'impulse', undefined);
    expect(templateShapeOf(editor, id).meta[feelingsMetaKey('alice')]).toEqual({});
  });
});

describe('the feelings section of the structure panel', () => {
  let editor: Editor;
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'alice' });
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    editor.dispose();
  });

  function render() {
    act(() =>
      root.render(
        <EditorProvider editor={editor}>
          <TemplateStructurePanel />
        </EditorProvider>,
      ),
    );
  }

  it('shows one labelled score per stage and writes only the local user’s key', () => {
    const id = insertTemplate(editor, journeyMap);
    editor.updateShape({
      id,
      type: 'kohtaamo-template',
      meta: { [feelingsMetaKey('bob')]: { impulse: 1 } },
    });
    editor.select(id);
    render();
    const section = container.querySelector('[data-testid="kohtaamo-feelings-editor"]');
    expect(section?.querySelector('legend')?.textContent).toBe('Your feelings');
    const selects = section?.querySelectorAll('select') ?? [];
    expect(selects).toHaveLength(journeyMap.stages.length);
    const impulse = section?.querySelector<HTMLSelectElement>('select[data-stage-id="impulse"]');
    if (!impulse) throw new Error('no impulse select');
    expect(container.querySelector(`label[for="${impulse.id}"]`)?.textContent).toBe('Impulse');
    expect(impulse.value).toBe('');
    expect([...impulse.options].map((option) => option.textContent)).toEqual([
      '—',
      '−2 very negative',
      '−1 negative',
      '0 neutral',
      '+1 positive',
      '+2 very positive',
    ]);
    act(() => {
      impulse.value = '-2';
      impulse.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(templateShapeOf(editor, id).meta).toEqual({
      [feelingsMetaKey('bob')]: { impulse: 1 },
      [feelingsMetaKey('alice')]: { impulse: -2 },
    });
    expect(impulse.value).toBe('-2');
  });

  it('is absent for a grid template without a feelings lane', () => {
    const id = insertTemplate(editor, persona);
    editor.select(id);
    render();
    expect(container.querySelector('[data-testid="kohtaamo-feelings-editor"]')).toBeNull();
  });
});

describe('feelings of two users on synced boards', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps both users’ scores for the same stage when they score at the same time', () => {
    const { peers, disconnect } = createSyncedTestPeers(
      [new Y.Doc(), new Y.Doc()],
      ['alice', 'bob'],
    );
    const [a, b] = peers;
    vi.advanceTimersByTime(1000);
    const id = insertTemplate(a.editor, journeyMap);
    vi.advanceTimersByTime(1000);
    expect(b.editor.getShape(id)).toBeDefined();

    // Offline from each other while both score, then reconnected.
    disconnect();
    setOwnFeeling(a.editor, id, 'impulse', 2);
    setOwnFeeling(b.editor, id, 'impulse', -2);
    vi.advanceTimersByTime(1000);
    connectDocs(a.doc, b.doc);
    vi.advanceTimersByTime(1000);

    for (const peer of peers) {
      expect(feelingsOfShape(templateShapeOf(peer.editor, id))).toEqual({
        alice: { impulse: 2 },
        bob: { impulse: -2 },
      });
    }
  });
});

describe('the feelings curve in the drawing', () => {
  it('draws one point per scored stage with its mean and count, and none for the others', () => {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    const id = insertTemplate(editor, journeyMap);
    const shape = templateShapeOf(editor, id);
    const markup = renderToStaticMarkup(
      <svg>
        <title>test</title>
        <TemplateDrawing
          instance={instanceFromProps(shape.props)}
          definition={journeyMap}
          locale="en"
          feelings={{ alice: { impulse: 2, purchase: 1 }, bob: { impulse: -2 } }}
        />
      </svg>,
    );
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const points = [...doc.querySelectorAll('[data-testid="kohtaamo-feelings-point"]')];
    expect(points.map((point) => point.getAttribute('data-stage-id'))).toEqual([
      'impulse',
      'purchase',
    ]);
    expect(points.map((point) => point.getAttribute('data-mean'))).toEqual(['0', '1']);
    expect(points.map((point) => point.getAttribute('data-count'))).toEqual(['2', '1']);
    expect(points[0]?.textContent).toBe('n=2');
    expect(doc.querySelectorAll('.kohtaamo-template-feelings-spread')).toHaveLength(2);
    expect(doc.querySelector('.kohtaamo-template-feelings-curve polyline')).not.toBeNull();
    editor.dispose();
  });
});
