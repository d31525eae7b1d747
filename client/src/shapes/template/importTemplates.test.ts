import '../../canvas/testSetup';
import { conceptCanvas, journeyMap, persona } from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellOfShape } from './cellOfShape';
import { importTemplates } from './importTemplates';
import { insertTemplate } from './insertTemplate';
import { boardOutcomesFromEditor, renderOutcomes } from './templateOutcomeExport';
import { isTemplateShape } from './templateShapeProps';
import { addNoteInCell } from './templateTestContent';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

function templateIds(): TLShapeId[] {
  return editor
    .getCurrentPageShapes()
    .filter(isTemplateShape)
    .map((shape) => shape.id);
}

function exportJson(ids?: TLShapeId[]): string {
  return renderOutcomes(boardOutcomesFromEditor(editor, { locale: 'fi', templateIds: ids }), 'json')
    .text;
}

describe('importTemplates', () => {
  it('round trip: a concept canvas keeps its cost table, fit statement and fit ratings', () => {
    const original = insertTemplate(editor, conceptCanvas);
    const costs = {
      costs: [{ id: 'rent', label: 'Vuokra', amountCents: 120_000 }],
      revenues: [{ id: 'sales', label: 'Myynti', amountCents: 200_000, quantity: 2 }],
    };
    editor.updateShape({
      id: original,
      type: 'kohtaamo-template',
      meta: { costs, fitStatement: 'Palvelua ihmiseltä ihmiselle', 'fit:user-aino': 4 },
    });

    const result = importTemplates(editor, exportJson());

    if (!result.ok) throw new Error(`import failed: ${result.reason}`);
    const [copy] = result.templateIds;
    if (!copy) throw new Error('no template id');
    expect(editor.getShape(copy)?.meta).toEqual({
      costs,
      fitStatement: 'Palvelua ihmiseltä ihmiselle',
      'fit:user-aino': 4,
    });
  });

  it('round trip: the imported template has the note in the same cell, with its author', () => {
    const original = insertTemplate(editor, journeyMap);
    addNoteInCell(editor, original, 'purchase', 'painPoints', 'Liian monta vaihetta');
    const json = exportJson();

    const result = importTemplates(editor, json);

    if (!result.ok) throw new Error(`import failed: ${result.reason}`);
    expect(result.templateIds).toHaveLength(1);
    const [copy] = result.templateIds;
    if (!copy) throw new Error('no template id');
    expect(copy).not.toBe(original);
    expect(editor.getShape(copy)).toMatchObject({
      props: { templateId: 'journeyMap', kind: 'grid' },
    });
    const notes = editor.getSortedChildIdsForParent(copy).map((id) => editor.getShape(id));
    expect(notes).toHaveLength(1);
    const [note] = notes;
    if (!note) throw new Error('no note');
    expect(note.type).toBe('note');
    expect(note.meta).toMatchObject({ authorId: 'user-aino', authorName: 'Aino' });
    expect(cellOfShape(editor, note.id)).toMatchObject({
      kind: 'cell',
      stageId: 'purchase',
      laneId: 'painPoints',
    });
    // Exporting the copy gives the same cell content again.
    const again = boardOutcomesFromEditor(editor, { locale: 'fi', templateIds: [copy] });
    const items = again.templates[0]?.cells.flatMap((cell) =>
      cell.items.map((item) => ({ cell, text: item.text })),
    );
    expect(items).toEqual([
      {
        cell: expect.objectContaining({ stageId: 'purchase', laneId: 'painPoints' }),
        text: 'Liian monta vaihetta',
      },
    ]);
  });

  it('places several templates side by side, selects them, and is one undo step', () => {
    insertTemplate(editor, journeyMap);
    insertTemplate(editor, persona);
    const json = exportJson();
    editor.selectNone();

    const result = importTemplates(editor, json);

    if (!result.ok) throw new Error(`import failed: ${result.reason}`);
    expect(templateIds()).toHaveLength(4);
    expect([...editor.getSelectedShapeIds()].sort()).toEqual([...result.templateIds].sort());
    const [left, right] = result.templateIds.map((id) => editor.getShapePageBounds(id));
    if (!left || !right) throw new Error('no bounds');
    expect(right.minX).toBeGreaterThan(left.maxX);
    expect(right.midY).toBeCloseTo(left.midY);
    // Regression (issue 13): the imported templates landed on the ones already on the board.
    for (const imported of [left, right]) {
      for (const id of templateIds().filter((id) => !result.templateIds.includes(id))) {
        expect(imported.collides(editor.getShapePageBounds(id) ?? imported)).toBe(false);
      }
    }

    editor.undo();
    expect(templateIds()).toHaveLength(2);
  });

  it('reports an invalid file with the parser message and creates nothing', () => {
    const before = editor.getCurrentPageShapeIds().size;
    expect(importTemplates(editor, '{ not json')).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'the file is not valid JSON',
    });
    const wrongFormat = importTemplates(editor, JSON.stringify({ format: 'something-else' }));
    expect(wrongFormat).toMatchObject({ ok: false, reason: 'invalid' });
    expect(editor.getCurrentPageShapeIds().size).toBe(before);
  });

  it('reports a valid file without known templates', () => {
    const json = exportJson();
    expect(importTemplates(editor, json)).toEqual({ ok: false, reason: 'noTemplates' });
  });

  it('refuses on a read-only board', () => {
    insertTemplate(editor, persona);
    const json = exportJson();
    editor.updateInstanceState({ isReadonly: true });
    expect(importTemplates(editor, json)).toEqual({ ok: false, reason: 'readonly' });
    expect(templateIds()).toHaveLength(1);
  });
});
