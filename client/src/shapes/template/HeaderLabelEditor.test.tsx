import '../../canvas/testSetup';
import { addStage, journeyMap } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { type Editor, EditorProvider, type TLShapeId, type VecLike } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeaderLabelEditor } from './HeaderLabelEditor';
import { findHeader, type HeaderRef } from './headerHit';
import { insertTemplate } from './insertTemplate';
import type { TemplateShapeUtil } from './TemplateShapeUtil';
import { applyGridTemplateEdit } from './templateEdits';
import { isTemplateShape, type TLTemplateShape, templateShapeType } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let editor: Editor;
let id: TLShapeId;

beforeEach(() => {
  editor = createTemplateTestEditor();
  id = insertTemplate(editor, journeyMap);
});

afterEach(() => {
  editor.dispose();
});

function util(): TemplateShapeUtil {
  return editor.getShapeUtil(templateShapeType) as unknown as TemplateShapeUtil;
}

function template(): TLTemplateShape {
  const shape = editor.getShape(id);
  if (!isTemplateShape(shape)) throw new Error('no template');
  return shape;
}

function stageLabel(stageId: string) {
  return template().props.stages.find((stage) => stage.id === stageId)?.label;
}

const modifiers = {
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  accelKey: false,
};

function pointer(name: 'pointer_down' | 'pointer_up', page: VecLike) {
  const screen = editor.pageToScreen(page);
  editor.dispatch({
    type: 'pointer',
    name,
    target: 'canvas',
    point: { x: screen.x, y: screen.y, z: 0.5 },
    pointerId: 1,
    button: 0,
    isPen: false,
    ...modifiers,
  });
}

/** A double-click at a point in the template's own coordinates, as tldraw's click detection sees it. */
function doubleClickAt(x: number, y: number) {
  const page = editor.getShapePageTransform(id).applyToPoint({ x, y });
  for (let click = 0; click < 2; click++) {
    pointer('pointer_down', page);
    pointer('pointer_up', page);
  }
}

function key(name: 'key_down' | 'key_up', key: string) {
  editor.dispatch({ type: 'keyboard', name, key, code: key, ...modifiers });
}

// The journey map is 2000 × 1200: header row 120 high, header column 300 wide, 7 × 7 cells.
const column = 1700 / 7;

describe('starting an in-place rename', () => {
  it('edits the stage label that is double-clicked', () => {
    editor.selectNone();
    doubleClickAt(300 + 1.5 * column, 60);
    expect(editor.getEditingShapeId()).toBe(id);
    expect(util().getHeaderEdit(id)).toEqual({ axis: 'stage', itemId: 'needRecognition' });
  });

  it('edits a lane label the same way', () => {
    doubleClickAt(150, 120 + 5.5 * (1080 / 7));
    expect(util().getHeaderEdit(id)).toEqual({ axis: 'lane', itemId: 'painPoints' });
  });

  it('keeps tldraw’s text creation for a double-click inside a cell', () => {
    doubleClickAt(300 + 3.5 * column, 700);
    const editing = editor.getEditingShape();
    expect(editing?.type).toBe('text');
    expect(editing?.parentId).toBe(id);
    expect(util().getHeaderEdit(id)).toBeNull();
  });

  it('edits the first stage when Enter is pressed on the selected template', () => {
    editor.select(id);
    key('key_down', 'Enter');
    key('key_up', 'Enter');
    expect(editor.getEditingShapeId()).toBe(id);
    expect(util().getHeaderEdit(id)).toEqual({ axis: 'stage', itemId: 'impulse' });
  });

  it('starts no rename on a read-only board, and clears the label when editing ends', () => {
    doubleClickAt(300 + 1.5 * column, 60);
    // The app's side effects do this when the editing shape is cleared; the test editor has none.
    editor.setCurrentTool('select.idle');
    expect(editor.getEditingShapeId()).toBeNull();
    expect(util().getHeaderEdit(id)).toBeNull();
    editor.updateInstanceState({ isReadonly: true });
    doubleClickAt(300 + 1.5 * column, 60);
    expect(editor.getEditingShapeId()).toBeNull();
  });
});

describe('HeaderLabelEditor', () => {
  let root: Root;
  let host: HTMLElement;
  const onNavigate = vi.fn<(header: HeaderRef) => void>();

  function render(header: HeaderRef, label: string) {
    const headers = util().getHeaders(template());
    const box = findHeader(headers, header);
    if (!box) throw new Error('no such header');
    act(() => {
      root.render(
        <EditorProvider editor={editor}>
          <HeaderLabelEditor
            shapeId={id}
            header={box}
            headers={headers}
            label={label}
            onNavigate={onNavigate}
          />
        </EditorProvider>,
      );
    });
  }

  function field(): HTMLInputElement {
    const input = host.querySelector('input');
    if (!input) throw new Error('no field');
    return input;
  }

  function type(text: string) {
    const input = field();
    act(() => {
      // React tracks the value through the prototype setter; set it there, then report the input.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  function press(keyName: string, shiftKey = false) {
    act(() => {
      field().dispatchEvent(
        new KeyboardEvent('keydown', { key: keyName, shiftKey, bubbles: true, cancelable: true }),
      );
    });
  }

  beforeEach(() => {
    onNavigate.mockClear();
    host = document.createElement('div');
    document.body.appendChild(host);
    root = createRoot(host);
    util().startHeaderEdit(template(), { axis: 'stage', itemId: 'needRecognition' });
  });

  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  it('shows the label selected in a labelled field over the label', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    const input = field();
    expect(input.value).toBe('Need recognition');
    expect(document.activeElement).toBe(input);
    expect(host.querySelector(`label[for="${input.id}"]`)?.textContent).toBe(
      'New name for the stage “Need recognition”',
    );
    const box = host.querySelector<HTMLElement>('[data-testid="kohtaamo-header-editor"]');
    expect(box?.style.left).toBe(`${300 + column}px`);
    expect(box?.style.top).toBe('0px');
  });

  it('renames with Enter as one undo step, and ends editing', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    type('Tarve');
    press('Enter');
    expect(stageLabel('needRecognition')).toEqual({
      kind: 'custom',
      text: 'Tarve',
      key: 'needRecognition',
    });
    expect(editor.getEditingShapeId()).toBeNull();
    editor.undo();
    expect(stageLabel('needRecognition')).toEqual({ kind: 'default', key: 'needRecognition' });
  });

  it('cancels with Escape, also when the field then loses focus', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    type('Ei tätä');
    press('Escape');
    act(() => root.render(null));
    expect(stageLabel('needRecognition')).toEqual({ kind: 'default', key: 'needRecognition' });
    expect(editor.getEditingShapeId()).toBeNull();
  });

  it('keeps an unchanged default label a default', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    press('Enter');
    expect(stageLabel('needRecognition')).toEqual({ kind: 'default', key: 'needRecognition' });
  });

  it('saves the typed name when editing ends some other way', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    type('Havainto');
    act(() => editor.setEditingShape(null));
    act(() => root.render(null));
    expect(stageLabel('needRecognition')).toMatchObject({ kind: 'custom', text: 'Havainto' });
  });

  it('saves and moves on with Tab and back with Shift+Tab', () => {
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Need recognition');
    type('Tarve');
    press('Tab');
    expect(stageLabel('needRecognition')).toMatchObject({ text: 'Tarve' });
    expect(onNavigate).toHaveBeenLastCalledWith(
      expect.objectContaining({ axis: 'stage', itemId: 'consideration' }),
    );
    press('Tab', true);
    expect(onNavigate).toHaveBeenLastCalledWith(
      expect.objectContaining({ axis: 'stage', itemId: 'impulse' }),
    );
    expect(editor.getEditingShapeId()).toBe(id);
  });

  it('restores the default name when emptied', () => {
    applyGridTemplateEdit(editor, template(), (instance) => ({
      ...instance,
      stages: instance.stages.map((stage) =>
        stage.id === 'needRecognition'
          ? { ...stage, label: { kind: 'custom' as const, text: 'Tarve', key: 'needRecognition' } }
          : stage,
      ),
    }));
    render({ axis: 'stage', itemId: 'needRecognition' }, 'Tarve');
    type('');
    press('Enter');
    expect(stageLabel('needRecognition')).toEqual({ kind: 'default', key: 'needRecognition' });
  });

  it('explains a refused name and stays open', () => {
    applyGridTemplateEdit(editor, template(), (instance) =>
      addStage(instance, 'Oma vaihe', { at: 0, id: 'own' }),
    );
    util().startHeaderEdit(template(), { axis: 'stage', itemId: 'own' });
    render({ axis: 'stage', itemId: 'own' }, 'Oma vaihe');
    type('  ');
    press('Enter');
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(
      'This one has no default name. Type a name.',
    );
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(editor.getEditingShapeId()).toBe(id);
    expect(template().props.stages[0]?.label).toEqual({ kind: 'custom', text: 'Oma vaihe' });
  });
});
