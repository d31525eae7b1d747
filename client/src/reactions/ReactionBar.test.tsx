import '../canvas/testSetup';
import { journeyMap, type RoomRole, reactionMetaKey } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Box, createShapeId, type Editor, EditorProvider, toRichText } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from '../shapes/template/insertTemplate';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { ReactionBar } from './ReactionBar';
import { focusReactionsActionId, reactionUiOverrides } from './reactionUiOverrides';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const me = 'aino-1';
const other = 'bertta-1';
const note = createShapeId('note');

let editor: Editor;
let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  editor.dispose();
});

/** Bertta's note with her idea, selected in `me`'s editor, and the bar for `role`. */
function render(role: RoomRole | null, locale: 'fi' | 'en' = 'en') {
  editor = createTemplateTestEditor({ userId: me, locale });
  editor.createShape({
    id: note,
    type: 'note',
    x: 200,
    y: 300,
    props: { richText: toRichText('Bertta’s idea') },
    meta: { authorId: other, [reactionMetaKey('idea', other)]: true },
  });
  editor.select(note);
  act(() =>
    root.render(
      <EditorProvider editor={editor}>
        <ReactionBar role={role} />
      </EditorProvider>,
    ),
  );
}

function bar() {
  return container.querySelector<HTMLElement>('[data-testid="reaction-bar"]');
}

function buttons() {
  return [...(bar()?.querySelectorAll('button') ?? [])];
}

describe('ReactionBar', () => {
  it('offers the five reactions, labelled with their counts, and toggles the own one', () => {
    render('guest');
    expect(bar()?.getAttribute('aria-label')).toBe('Reactions');
    expect(buttons().map((button) => button.getAttribute('aria-label'))).toEqual([
      'Thumbs up (0)',
      'Heart (0)',
      'Idea (1)',
      'Question (0)',
      'Warning (0)',
    ]);
    const idea = buttons()[2];
    expect(idea?.getAttribute('aria-pressed')).toBe('false');
    expect(idea?.textContent).toBe('💡1');

    act(() => idea?.click());
    expect(editor.getShape(note)?.meta[reactionMetaKey('idea', me)]).toBe(true);
    expect(buttons()[2]?.getAttribute('aria-pressed')).toBe('true');
    expect(buttons()[2]?.getAttribute('aria-label')).toBe('Idea (2)');

    act(() => buttons()[2]?.click());
    expect(editor.getShape(note)?.meta).toEqual({
      authorId: other,
      [reactionMetaKey('idea', other)]: true,
    });
    expect(buttons()[2]?.getAttribute('aria-pressed')).toBe('false');
  });

  it('speaks Finnish', () => {
    render('participant', 'fi');
    expect(bar()?.getAttribute('aria-label')).toBe('Reaktiot');
    expect(buttons().map((button) => button.getAttribute('aria-label'))).toEqual([
      'Peukku ylös (0)',
      'Sydän (0)',
      'Idea (1)',
      'Kysymys (0)',
      'Varoitus (0)',
    ]);
  });

  it('shows for a facilitator and an open room, never for a viewer', () => {
    for (const role of ['facilitator', null] as const) {
      render(role);
      expect(buttons()).toHaveLength(5);
      editor.dispose();
    }
    render('viewer');
    expect(bar()).toBeNull();
  });

  it('hides in a read-only editor, without a single selection, and for a template', () => {
    render('participant');
    act(() => editor.updateInstanceState({ isReadonly: true }));
    expect(bar()).toBeNull();
    act(() => editor.updateInstanceState({ isReadonly: false }));
    expect(bar()).not.toBeNull();
    act(() => editor.selectNone());
    expect(bar()).toBeNull();
    const template = insertTemplate(editor, journeyMap);
    act(() => editor.select(template));
    expect(bar()).toBeNull();
  });

  it('stays inside a 390 px wide phone screen for a note at its right edge', () => {
    render('guest');
    act(() => {
      editor.updateViewportScreenBounds(new Box(0, 0, 390, 844));
      editor.setCamera({ x: 0, y: 0, z: 1 });
      editor.updateShape({ id: note, type: 'note', x: 330, y: 400 });
    });
    const style = bar()?.style;
    const left = Number.parseFloat(style?.left ?? 'NaN');
    const width = Number.parseFloat(style?.width ?? 'NaN');
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left + width).toBeLessThanOrEqual(390);
    expect(Number.parseFloat(style?.top ?? 'NaN')).toBeLessThan(400);
  });

  it('takes keyboard focus with Alt+Shift+R and gives it back with Escape', () => {
    render('participant');
    // The action looks for the bar in the editor's container, where tldraw mounts it;
    // <Tldraw>'s container is focusable (tabindex -1), the test editor's div is not.
    editor.getContainer().appendChild(container);
    editor.getContainer().tabIndex = -1;
    const actions = reactionUiOverrides.actions?.(editor, {}, {} as never) ?? {};
    const action = actions[focusReactionsActionId];
    expect(action?.kbd).toBe('alt+shift+r');
    expect(bar()?.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+R');
    act(() => void action?.onSelect('kbd'));
    expect(document.activeElement).toBe(buttons()[0]);
    act(() => {
      buttons()[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(document.activeElement).toBe(editor.getContainer());
    expect(editor.getSelectedShapeIds()).toEqual([note]);
  });
});
