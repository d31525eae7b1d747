import '../../canvas/testSetup';
import {
  type Box,
  cellAnchorMetaKey,
  cellMargin,
  childBox,
  type GridLayout,
  journeyMap,
  readCellAnchor,
  type StoredRecord,
  templateCellKey,
  templateNoteScale,
} from '@kohtaamo/shared';
import { createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectDocs } from '../../canvas/testHarness';
import { cellOfShape } from './cellOfShape';
import { insertTemplate } from './insertTemplate';
import { setTemplateEditRole } from './templateCellEffects';
import { templateContentOf } from './templateContentOf';
import { instanceFromProps } from './templateShapeProps';
import {
  createSyncedTestPeers,
  createTemplateTestEditor,
  templateShapeOf,
} from './templateTestEditor';

function layoutOf(editor: Editor, template: TLShapeId): GridLayout {
  const layout = templateContentOf(editor, template)?.layout;
  if (layout?.kind !== 'grid') throw new Error('no grid layout');
  return layout;
}

function cellBox(editor: Editor, template: TLShapeId, laneId: string, stageId: string): Box {
  const cell = layoutOf(editor, template).cells.find(
    (candidate) =>
      candidate.kind === 'cell' && candidate.laneId === laneId && candidate.stageId === stageId,
  );
  if (!cell) throw new Error(`no cell ${laneId}/${stageId}`);
  return cell.box;
}

/** A shape's box in its template's space. */
function boxOf(editor: Editor, id: TLShapeId): Box {
  const box = childBox(editor.getShape(id) as unknown as StoredRecord);
  if (!box) throw new Error(`no box for ${id}`);
  return { minX: box.x, minY: box.y, maxX: box.x + box.w, maxY: box.y + box.h };
}

function within(inner: Box, outer: Box): boolean {
  return (
    inner.minX >= outer.minX - 1e-6 &&
    inner.minY >= outer.minY - 1e-6 &&
    inner.maxX <= outer.maxX + 1e-6 &&
    inner.maxY <= outer.maxY + 1e-6
  );
}

function overlaps(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function headerBoxes(layout: GridLayout): Box[] {
  return [
    layout.corner,
    ...layout.stageHeaders.map((header) => header.box),
    ...layout.laneHeaders.map((header) => header.box),
  ];
}

/** A default (200 × 200) note by `author`, its centre at `centre` in the template's space. */
function addNote(
  editor: Editor,
  template: TLShapeId,
  centre: { x: number; y: number },
  author = 'alice',
): TLShapeId {
  const id = createShapeId();
  editor.markHistoryStoppingPoint('add note');
  editor.createShape({
    id,
    type: 'note',
    parentId: template,
    x: centre.x - 100,
    y: centre.y - 100,
    meta: { authorId: author },
  });
  return id;
}

function middle(box: Box): { x: number; y: number } {
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

function expectHeldAndClear(editor: Editor, template: TLShapeId, notes: readonly TLShapeId[]) {
  const layout = layoutOf(editor, template);
  for (const id of notes) {
    const cell = cellOfShape(editor, id);
    if (!cell) throw new Error(`${id} is in no cell`);
    expect(within(boxOf(editor, id), cell.box), `${id} inside its cell`).toBe(true);
    for (const header of headerBoxes(layout)) {
      expect(overlaps(boxOf(editor, id), header), `${id} clear of the headers`).toBe(false);
    }
  }
}

describe('notes landing in a template cell', () => {
  let editor: Editor;
  let template: TLShapeId;
  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'alice' });
    setTemplateEditRole(editor, null);
    template = insertTemplate(editor, journeyMap);
  });
  afterEach(() => editor.dispose());

  // Regression (issue 13): a default note (200 × 200) covered its neighbours in a 243 × 154 cell.
  it('sizes a default note to the template and keeps it inside the cell it was created in', () => {
    const cell = cellBox(editor, template, 'painPoints', 'purchase');
    const note = addNote(editor, template, middle(cell));
    const scale = templateNoteScale(
      instanceFromProps(templateShapeOf(editor, template).props),
      journeyMap,
    );
    expect(editor.getShape(note)?.props).toMatchObject({ scale });
    expect(cellOfShape(editor, note)).toMatchObject({ stageId: 'purchase', laneId: 'painPoints' });
    expectHeldAndClear(editor, template, [note]);
    expect(
      readCellAnchor(editor.getShape(note) as unknown as StoredRecord, template),
    ).toMatchObject({ cell: 'cell/painPoints/purchase' });
    // One note fits: nothing grew.
    expect(layoutOf(editor, template).bounds.maxY).toBe(templateShapeOf(editor, template).props.h);
  });

  it('moves a note created over a header or a border just inside its cell', () => {
    const cell = cellBox(editor, template, 'customerActions', 'impulse');
    const note = addNote(editor, template, { x: cell.minX + 40, y: cell.minY + 20 });
    const box = boxOf(editor, note);
    expect(box.minX).toBeCloseTo(cell.minX + cellMargin);
    expect(box.minY).toBeCloseTo(cell.minY + cellMargin);
    expectHeldAndClear(editor, template, [note]);
  });

  it('puts a second note of a cell beside or below the first; the lane grows and the lanes below move with their notes', () => {
    const below = addNote(
      editor,
      template,
      middle(cellBox(editor, template, 'feelings', 'purchase')),
    );
    const belowBefore = boxOf(editor, below);
    const thoughts = cellBox(editor, template, 'thoughts', 'purchase');
    const first = addNote(editor, template, middle(thoughts));
    const second = addNote(editor, template, middle(thoughts));
    expect(overlaps(boxOf(editor, first), boxOf(editor, second))).toBe(false);
    const grown = cellBox(editor, template, 'thoughts', 'purchase');
    const growth = grown.maxY - grown.minY - (thoughts.maxY - thoughts.minY);
    expect(growth).toBeGreaterThan(0);
    expect(editor.getShapePageBounds(template)?.h).toBeCloseTo(
      templateShapeOf(editor, template).props.h + growth,
    );
    // The note of the lane below moved down with its cell and stayed in it.
    expect(boxOf(editor, below).minY).toBeCloseTo(belowBefore.minY + growth);
    expect(cellOfShape(editor, below)).toMatchObject({ laneId: 'feelings', stageId: 'purchase' });
    expectHeldAndClear(editor, template, [below, first, second]);

    // Undo takes the second note away: the lane shrinks and the note below moves back up.
    editor.undo();
    expect(editor.getShape(second)).toBeUndefined();
    expect(boxOf(editor, below).minY).toBeCloseTo(belowBefore.minY);
  });

  it('fits a note brought in from the page into the cell it lands in', () => {
    const cell = cellBox(editor, template, 'opportunities', 'loyalty');
    const page = editor.getShapePageBounds(template);
    if (!page) throw new Error('no bounds');
    const note = createShapeId();
    editor.createShape({
      id: note,
      type: 'note',
      x: page.x + cell.minX,
      y: page.y + cell.minY - 40,
    });
    expect(editor.getShape(note)?.parentId).toBe(template);
    editor.reparentShapes([note], editor.getCurrentPageId());
    expect(editor.getShape(note)?.meta[cellAnchorMetaKey]).toBeUndefined();
    editor.reparentShapes([note], template);
    expect(cellOfShape(editor, note)).toMatchObject({
      laneId: 'opportunities',
      stageId: 'loyalty',
    });
    expectHeldAndClear(editor, template, [note]);
  });

  it('anchors a note where it is moved, turned or resized, so it stays in the cell it is drawn in', () => {
    const note = addNote(
      editor,
      template,
      middle(cellBox(editor, template, 'thoughts', 'impulse')),
    );
    const target = cellBox(editor, template, 'painPoints', 'loyalty');
    const shape = editor.getShape(note) as TLShape;
    editor.updateShape({ id: note, type: 'note', x: target.minX + 15, y: target.minY + 12 });
    expect(cellOfShape(editor, note)).toMatchObject({ laneId: 'painPoints', stageId: 'loyalty' });
    expect(editor.getShape(note)?.meta[cellAnchorMetaKey]).toMatchObject({ dx: 15, dy: 12 });
    editor.updateShape({ id: note, type: 'note', props: { growY: 200 } });
    // Grown by its text, the note makes its lane taller instead of hanging into the next one.
    expectHeldAndClear(editor, template, [note]);
    expect(shape.id).toBe(note);
  });

  it('anchors the notes of an older board where they are before a cell grows', () => {
    const lower = cellBox(editor, template, 'opportunities', 'purchase');
    const old = createShapeId();
    // Written by a client from before cell anchors: no anchor.
    editor.store.mergeRemoteChanges(() => {
      editor.createShape({
        id: old,
        type: 'note',
        parentId: template,
        x: lower.minX + 20,
        y: lower.minY + 10,
        props: { scale: 0.5 },
      });
    });
    expect(editor.getShape(old)?.meta[cellAnchorMetaKey]).toBeUndefined();
    const thoughts = cellBox(editor, template, 'thoughts', 'purchase');
    addNote(editor, template, middle(thoughts));
    addNote(editor, template, middle(thoughts));
    expect(cellOfShape(editor, old)).toMatchObject({
      laneId: 'opportunities',
      stageId: 'purchase',
    });
    expect(editor.getShape(old)?.meta[cellAnchorMetaKey]).toBeDefined();
    expectHeldAndClear(editor, template, [old]);
  });

  it('resizes a grown template by as much as its drawn size changes', () => {
    const thoughts = cellBox(editor, template, 'thoughts', 'purchase');
    addNote(editor, template, middle(thoughts));
    addNote(editor, template, middle(thoughts));
    const stored = templateShapeOf(editor, template).props;
    const drawn = editor.getShapePageBounds(template);
    if (!drawn) throw new Error('no bounds');
    expect(drawn.h).toBeGreaterThan(stored.h);
    editor.resizeShape(template, { x: 1.2, y: 1.1 }, { scaleOrigin: drawn.point });
    const props = templateShapeOf(editor, template).props;
    expect(props.w).toBeCloseTo(stored.w + drawn.w * 0.2);
    expect(props.h).toBeCloseTo(stored.h + drawn.h * 0.1);
  });

  it('takes notes into a locked template too', () => {
    editor.updateShape({ id: template, type: 'kohtaamo-template', isLocked: true });
    const util = editor.getShapeUtil(templateShapeOf(editor, template));
    expect(util.canReceiveNewChildrenOfType(templateShapeOf(editor, template), 'note')).toBe(true);
    const note = addNote(
      editor,
      template,
      middle(cellBox(editor, template, 'thoughts', 'purchase')),
    );
    expect(editor.getShape(note)?.parentId).toBe(template);
    expect(cellOfShape(editor, note)).toMatchObject({ laneId: 'thoughts', stageId: 'purchase' });
  });
});

describe('the cell reconciler on a big board', () => {
  it('does not look at the templates again when a note outside them moves (bug: every change re-read every shape of the page)', () => {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    setTemplateEditRole(editor, null);
    const template = insertTemplate(editor, journeyMap);
    const inCell = addNote(
      editor,
      template,
      middle(cellBox(editor, template, 'painPoints', 'purchase')),
    );
    const free = createShapeId('free');
    editor.createShape({ id: free, type: 'note', x: -5000, y: -5000 });
    const childReads = vi.spyOn(editor, 'getSortedChildIdsForParent');
    const readsOfTemplate = () => childReads.mock.calls.filter(([id]) => id === template).length;

    for (let step = 1; step <= 20; step++)
      editor.updateShape({ id: free, type: 'note', x: -5000 + step });
    expect(readsOfTemplate()).toBe(0);

    // It still follows its own notes.
    editor.updateShape({ id: inCell, type: 'note', x: (editor.getShape(inCell)?.x ?? 0) + 1 });
    expect(readsOfTemplate()).toBeGreaterThan(0);
    editor.dispose();
  });
});

describe('two people adding notes to one template', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function pair(roles: readonly ['participant' | 'guest', 'participant' | 'facilitator']) {
    const synced = createSyncedTestPeers([new Y.Doc(), new Y.Doc()], ['alice', 'bob']);
    const [a, b] = synced.peers;
    setTemplateEditRole(a.editor, roles[0]);
    setTemplateEditRole(b.editor, roles[1]);
    vi.advanceTimersByTime(1000);
    return { ...synced, a, b };
  }

  it('add to the same cell at once: both end with the same grown cell holding both notes', () => {
    const { a, b, disconnect } = pair(['participant', 'participant']);
    const template = insertTemplate(b.editor, journeyMap);
    const below = addNote(
      b.editor,
      template,
      middle(cellBox(b.editor, template, 'painPoints', 'purchase')),
      'bob',
    );
    vi.advanceTimersByTime(1000);
    expect(a.editor.getShape(template)).toBeDefined();

    disconnect();
    const cell = cellBox(a.editor, template, 'thoughts', 'purchase');
    const fromA = addNote(a.editor, template, { x: cell.minX + 60, y: cell.minY + 60 }, 'alice');
    const fromB = addNote(b.editor, template, { x: cell.maxX - 60, y: cell.maxY - 40 }, 'bob');
    vi.advanceTimersByTime(1000);
    connectDocs(a.doc, b.doc);
    vi.advanceTimersByTime(2000);

    for (const peer of [a, b]) {
      const grown = cellBox(peer.editor, template, 'thoughts', 'purchase');
      expect(grown.maxY - grown.minY).toBeGreaterThan(cell.maxY - cell.minY);
      expectHeldAndClear(peer.editor, template, [fromA, fromB, below]);
    }
    expect(layoutOf(a.editor, template)).toEqual(layoutOf(b.editor, template));
    for (const id of [fromA, fromB, below]) {
      expect(a.editor.getShape(id)).toMatchObject({
        x: b.editor.getShape(id)?.x,
        y: b.editor.getShape(id)?.y,
      });
      expect(cellOfShape(a.editor, id)).toEqual(cellOfShape(b.editor, id));
    }
  });

  it("a guest's note grows a cell of a locked template; a participant moves the others' notes along", () => {
    const { a, b } = pair(['guest', 'participant']);
    const template = insertTemplate(b.editor, journeyMap);
    b.editor.updateShape({ id: template, type: 'kohtaamo-template', isLocked: true });
    const thoughts = cellBox(b.editor, template, 'thoughts', 'purchase');
    const bobs = addNote(b.editor, template, middle(thoughts), 'bob');
    const below = addNote(
      b.editor,
      template,
      middle(cellBox(b.editor, template, 'painPoints', 'purchase')),
      'bob',
    );
    vi.advanceTimersByTime(1000);
    const templateBefore = templateShapeOf(b.editor, template);

    const guests = addNote(a.editor, template, middle(thoughts), 'alice');
    vi.advanceTimersByTime(2000);
    // Nothing was written to the locked template; the cell grew all the same, everywhere.
    expect(templateShapeOf(a.editor, template)).toEqual(templateBefore);
    expect(layoutOf(a.editor, template)).toEqual(layoutOf(b.editor, template));
    for (const peer of [a, b]) {
      expect(cellOfShape(peer.editor, guests)).toMatchObject({
        laneId: 'thoughts',
        stageId: 'purchase',
      });
      expect(cellOfShape(peer.editor, below)).toMatchObject({ laneId: 'painPoints' });
      expectHeldAndClear(peer.editor, template, [bobs, guests, below]);
    }
    expect(templateCellKey(cellOfShape(a.editor, bobs) ?? { kind: 'lane', laneId: '-' })).toBe(
      'cell/thoughts/purchase',
    );
  });
});
