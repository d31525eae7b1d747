import '../../canvas/testSetup';
import {
  journeyMap,
  moveLane,
  moveStage,
  persona,
  removeLane,
  removeStage,
  renameStage,
  serviceBlueprint,
  TemplateEditError,
} from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from './insertTemplate';
import { applyGridTemplateEdit } from './templateEdits';
import { isTemplateShape, type TLTemplateShape } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

function template(id: TLShapeId): TLTemplateShape {
  const shape = editor.getShape(id);
  if (!isTemplateShape(shape)) throw new Error('no template');
  return shape;
}

describe('structure edits through the editor', () => {
  it('renames a stage as one undo step, and blank restores the default', () => {
    const id = insertTemplate(editor, journeyMap);
    applyGridTemplateEdit(editor, template(id), (i) => renameStage(i, 'purchase', 'Ostos'));
    expect(template(id).props.stages[3]?.label).toEqual({
      kind: 'custom',
      text: 'Ostos',
      key: 'purchase',
    });
    applyGridTemplateEdit(editor, template(id), (i) => renameStage(i, 'purchase', '  '));
    expect(template(id).props.stages[3]?.label).toEqual({ kind: 'default', key: 'purchase' });

    editor.undo();
    expect(template(id).props.stages[3]?.label).toMatchObject({ text: 'Ostos' });
    editor.undo();
    expect(template(id).props.stages[3]?.label).toEqual({ kind: 'default', key: 'purchase' });
    // The insert is still there: each edit was its own step.
    expect(editor.getShape(id)).toBeDefined();
  });

  it('writes only the lists that changed', () => {
    const id = insertTemplate(editor, serviceBlueprint);
    const before = template(id);
    applyGridTemplateEdit(editor, before, (i) => moveStage(i, 'step1', 2));
    const after = template(id);
    expect(after.props.stages.map((s) => s.id).slice(0, 3)).toEqual(['step2', 'step3', 'step1']);
    // Unchanged lists keep their identity, so the binding sees no change there.
    expect(after.props.lanes).toBe(before.props.lanes);
    expect(after.props.lines).toBe(before.props.lines);
  });

  it('moves lines with their lanes when lanes move or go', () => {
    const id = insertTemplate(editor, serviceBlueprint);
    applyGridTemplateEdit(editor, template(id), (i) => removeLane(i, 'frontstage'));
    expect(template(id).props.lines.map((line) => [line.id, line.aboveLaneId])).toEqual([
      ['lineOfVisibility', 'customerActions'],
      ['lineOfInternalInteraction', 'backstage'],
    ]);
    applyGridTemplateEdit(editor, template(id), (i) => moveLane(i, 'support', 0));
    expect(template(id).props.lanes[0]?.id).toBe('support');
  });

  it('refuses removing the last stage and leaves the shape alone', () => {
    const id = insertTemplate(editor, persona);
    expect(template(id).props.stages).toHaveLength(1);
    const before = template(id);
    expect(() => applyGridTemplateEdit(editor, before, (i) => removeStage(i, 'persona'))).toThrow(
      expect.objectContaining({ reason: 'lastItem' }),
    );
    expect(() => applyGridTemplateEdit(editor, before, (i) => renameStage(i, 'nope', 'x'))).toThrow(
      TemplateEditError,
    );
    expect(template(id)).toBe(before);
  });
});
