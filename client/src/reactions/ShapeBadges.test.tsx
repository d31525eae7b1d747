import '../canvas/testSetup';
import { journeyMap, reactionMetaKey } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createShapeId, type Editor, EditorProvider, type TLShapeId, toRichText } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from '../shapes/template/insertTemplate';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { ShapeBadges } from './ShapeBadges';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let editor: Editor;
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  editor = createTemplateTestEditor({ userId: 'viewer-1' });
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
        <ShapeBadges />
      </EditorProvider>,
    ),
  );
}

function note(id: TLShapeId, meta: Record<string, true> = {}, x = 100, y = 100) {
  editor.createShape({ id, type: 'note', x, y, props: { richText: toRichText('') }, meta });
}

/** As the Yjs binding applies a peer's change. */
function remotely(change: () => void) {
  act(() => editor.store.mergeRemoteChanges(change));
}

function chipsOf(id: TLShapeId) {
  return container.querySelector<HTMLElement>(
    `[data-testid="reaction-chips"][data-shape-id="${id}"]`,
  );
}

function lockOf(id: TLShapeId) {
  return container.querySelector<HTMLElement>(`[data-testid="lock-badge"][data-shape-id="${id}"]`);
}

describe('ShapeBadges', () => {
  it('shows the counts from meta at the bottom edge, only for kinds given', () => {
    const reacted = createShapeId('reacted');
    const quiet = createShapeId('quiet');
    note(reacted, {
      [reactionMetaKey('thumbsUp', 'a')]: true,
      [reactionMetaKey('thumbsUp', 'b')]: true,
      [reactionMetaKey('warning', 'a')]: true,
    });
    note(quiet, {}, 400);
    render();
    const chips = chipsOf(reacted);
    expect(chips?.getAttribute('aria-label')).toBe('Reactions: Thumbs up 2, Warning 1');
    expect([...(chips?.children ?? [])].map((chip) => chip.textContent)).toEqual(['👍2', '⚠️1']);
    const bounds = editor.getShapePageBounds(reacted);
    expect(chips?.style.left).toBe(`${bounds?.minX}px`);
    expect(chips?.style.top).toBe(`${bounds?.maxY}px`);
    expect(chipsOf(quiet)).toBeNull();
  });

  it('follows a peer’s reactions live, and renders nothing without any', () => {
    const id = createShapeId('n');
    note(id);
    render();
    expect(container.innerHTML).toBe('');
    remotely(() => {
      const shape = editor.getShape(id);
      if (shape) editor.store.put([{ ...shape, meta: { [reactionMetaKey('heart', 'b')]: true } }]);
    });
    expect(chipsOf(id)?.textContent).toBe('❤️1');
    remotely(() => {
      const shape = editor.getShape(id);
      if (shape) editor.store.put([{ ...shape, meta: {} }]);
    });
    expect(chipsOf(id)).toBeNull();
  });

  it('skips shapes outside the viewport', () => {
    const far = createShapeId('far');
    note(far, { [reactionMetaKey('idea', 'a')]: true }, 50_000, 50_000);
    render();
    expect(chipsOf(far)).toBeNull();
  });

  it('places the counts of a note inside a template by its page bounds', () => {
    const template = insertTemplate(editor, journeyMap);
    const inner = createShapeId('inner');
    editor.createShape({
      id: inner,
      type: 'note',
      parentId: template,
      x: 40,
      y: 60,
      props: { richText: toRichText('') },
      meta: { [reactionMetaKey('question', 'a')]: true },
    });
    render();
    const bounds = editor.getShapePageBounds(inner);
    expect(editor.getShape(inner)?.parentId).toBe(template);
    // The template is not at the page's origin, so local and page coordinates differ.
    expect(bounds?.minX).not.toBe(40);
    expect(chipsOf(inner)?.style.left).toBe(`${bounds?.minX}px`);
    expect(chipsOf(inner)?.style.top).toBe(`${bounds?.maxY}px`);
  });

  it('marks a locked note with the facilitator’s lock, but not a locked template', () => {
    const id = createShapeId('locked');
    note(id);
    const template = insertTemplate(editor, journeyMap);
    render();
    expect(lockOf(id)).toBeNull();
    act(() => editor.toggleLock([id, template]));
    expect(editor.getShape(id)?.isLocked).toBe(true);
    expect(editor.getShape(template)?.isLocked).toBe(true);
    expect(lockOf(id)?.getAttribute('aria-label')).toBe('Locked by the facilitator');
    expect(lockOf(id)?.getAttribute('title')).toBe('Locked by the facilitator');
    expect(lockOf(template)).toBeNull();
    act(() => editor.toggleLock([id]));
    expect(lockOf(id)).toBeNull();
  });
});
