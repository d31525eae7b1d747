import '../../canvas/testSetup';
import {
  type Box,
  cellAnchorMetaKey,
  cellMargin,
  childBox,
  journeyMap,
  type StoredRecord,
} from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createShapeId, type Editor, EditorProvider, type TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellOfShape } from './cellOfShape';
import { insertTemplate } from './insertTemplate';
import { TemplateStructurePanel } from './TemplateStructurePanel';
import { setTemplateEditRole } from './templateCellEffects';
import { templateContentOf } from './templateContentOf';
import { createTemplateTestEditor } from './templateTestEditor';
import { tidyCells } from './tidyCells';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let editor: Editor;
let template: TLShapeId;

beforeEach(() => {
  editor = createTemplateTestEditor({ userId: 'alice' });
  setTemplateEditRole(editor, 'participant');
  template = insertTemplate(editor, journeyMap);
});

afterEach(() => editor.dispose());

function cellBox(laneId: string, stageId: string): Box {
  const cell = templateContentOf(editor, template)?.cellByKey(`cell/${laneId}/${stageId}`);
  if (!cell) throw new Error('no cell');
  return cell.box;
}

/** A small note by `author` whose top-left corner is at (dx, dy) in Thoughts × Purchase. */
function noteAt(dx: number, dy: number, author = 'alice'): TLShapeId {
  const cell = cellBox('thoughts', 'purchase');
  const id = createShapeId();
  editor.markHistoryStoppingPoint('add note');
  editor.createShape({
    id,
    type: 'note',
    parentId: template,
    x: cell.minX + dx,
    y: cell.minY + dy,
    props: { scale: 0.3 },
    meta: { authorId: author },
  });
  return id;
}

function placeOf(id: TLShapeId): { x: number; y: number } {
  const box = childBox(editor.getShape(id) as unknown as StoredRecord);
  const cell = cellBox('thoughts', 'purchase');
  if (!box) throw new Error('no box');
  return { x: box.x - cell.minX, y: box.y - cell.minY };
}

describe('tidyCells', () => {
  it('lines up the notes of a cell in reading order, inside the cell, as one undo step', () => {
    // 60 × 60 notes in a 243-wide cell: three per row. Tops within half a note of each other
    // are one row, read left to right.
    const second = noteAt(150, 22);
    const first = noteAt(12, 15);
    const fourth = noteAt(170, 95);
    const third = noteAt(90, 80);
    const before = [first, second, third, fourth].map(placeOf);
    expect(tidyCells(editor, editorTemplate(), ['cell/thoughts/purchase'])).toEqual({
      moved: 4,
      kept: 0,
    });
    const slot = 60 + cellMargin;
    expect(placeOf(first)).toEqual({ x: cellMargin, y: cellMargin });
    expect(placeOf(second).x).toBeCloseTo(cellMargin + slot);
    expect(placeOf(third).x).toBeCloseTo(cellMargin + 2 * slot);
    expect(placeOf(fourth)).toEqual({ x: cellMargin, y: cellMargin + slot });
    for (const id of [first, second, third, fourth]) {
      expect(cellOfShape(editor, id)).toMatchObject({ laneId: 'thoughts', stageId: 'purchase' });
      expect(editor.getShape(id)?.meta[cellAnchorMetaKey]).toMatchObject({
        cell: 'cell/thoughts/purchase',
        dx: placeOf(id).x,
        dy: placeOf(id).y,
      });
    }
    editor.undo();
    expect([first, second, third, fourth].map(placeOf)).toEqual(before);
  });

  it('leaves the notes a guest may not move where they are, and says how many', () => {
    setTemplateEditRole(editor, 'guest');
    const own = noteAt(150, 20, 'alice');
    const bobs = noteAt(20, 70, 'bob');
    const bobsBefore = placeOf(bobs);
    expect(tidyCells(editor, editorTemplate(), ['cell/thoughts/purchase'])).toEqual({
      moved: 1,
      kept: 1,
    });
    expect(placeOf(own)).toEqual({ x: cellMargin, y: cellMargin });
    expect(placeOf(bobs)).toEqual(bobsBefore);
  });
});

describe('the cell panel', () => {
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

  it('offers "Tidy up this cell" for selected notes, names the cell and reports what it did', () => {
    const first = noteAt(150, 20);
    const second = noteAt(12, 90);
    editor.select(first, second);
    render();
    const panel = container.querySelector('[data-testid="kohtaamo-cell-panel"]');
    expect(panel?.getAttribute('aria-label')).toBe('Template cell');
    const button = panel?.querySelector('button');
    expect(button?.textContent).toBe('Tidy up this cell');
    const hint = document.getElementById(button?.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(
      'Lines up the notes of Purchase × Thoughts in rows, in reading order.',
    );
    act(() => button?.click());
    expect(placeOf(first)).toEqual({ x: cellMargin, y: cellMargin });
    expect(panel?.querySelector('[role="status"]')?.textContent).toBe('Tidied 2 items.');
  });

  it('offers "Tidy up all cells" on the selected template, and nothing for a note outside templates', () => {
    noteAt(150, 20);
    editor.select(template);
    render();
    const button = [...container.querySelectorAll('button')].find(
      (candidate) => candidate.textContent === 'Tidy up all cells',
    );
    expect(button).toBeDefined();
    act(() => button?.click());
    expect(container.textContent).toContain('Tidied 1 items.');
    const loose = createShapeId();
    editor.createShape({ id: loose, type: 'note', x: -5000, y: -5000 });
    act(() => editor.select(loose));
    expect(container.querySelector('[data-testid="kohtaamo-cell-panel"]')).toBeNull();
  });
});

function editorTemplate() {
  const shape = editor.getShape(template);
  if (shape?.type !== 'kohtaamo-template') throw new Error('no template');
  return shape;
}
