import '../../canvas/testSetup';
import { conceptCanvas, journeyMap, persona } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from './insertTemplate';
import { isTemplateShape } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

function templates() {
  return editor.getCurrentPageShapes().filter(isTemplateShape);
}

describe('insertTemplate', () => {
  it('creates the template centred in the viewport and selects it', () => {
    editor.setCamera({ x: -400, y: 250, z: 1 });
    const centre = editor.getViewportPageBounds().center;
    const id = insertTemplate(editor, persona);

    const [shape] = templates();
    expect(shape?.id).toBe(id);
    expect(shape?.props).toMatchObject({ templateId: 'persona', kind: 'grid', w: 800, h: 800 });
    const bounds = editor.getShapePageBounds(id);
    expect(bounds?.center.x).toBeCloseTo(centre.x);
    expect(bounds?.center.y).toBeCloseTo(centre.y);
    expect(editor.getSelectedShapeIds()).toEqual([id]);
  });

  it('zooms out so that a template larger than the viewport is seen whole', () => {
    const id = insertTemplate(editor, journeyMap);
    const bounds = editor.getShapePageBounds(id);
    expect(bounds && editor.getViewportPageBounds().contains(bounds)).toBe(true);
  });

  it('is one undo step, and redo brings it back', () => {
    insertTemplate(editor, conceptCanvas);
    expect(templates()).toHaveLength(1);
    editor.undo();
    expect(templates()).toHaveLength(0);
    expect(editor.getSelectedShapeIds()).toEqual([]);
    editor.redo();
    expect(templates()).toHaveLength(1);
  });
});
