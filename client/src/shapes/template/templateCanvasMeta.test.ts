import '../../canvas/testSetup';
import { conceptCanvas, fitRatingMetaKey, maxFitStatementLength } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectDocs } from '../../canvas/testHarness';
import { insertTemplate } from './insertTemplate';
import {
  canvasFieldDataOfShape,
  costTableOfShape,
  fitRatingsOfShape,
  fitStatementOfShape,
  ownFitRatingOfShape,
  setFitStatement,
  setOwnFitRating,
  updateCostTable,
} from './templateCanvasMeta';
import {
  createSyncedTestPeers,
  createTemplateTestEditor,
  templateShapeOf,
} from './templateTestEditor';

const staff = { id: 'staff', label: 'Staff', amountCents: 120_000 };
const sales = { id: 'sales', label: 'Sales', amountCents: 1_000, quantity: 200 };

describe('updateCostTable', () => {
  let editor: Editor;
  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'alice' });
  });
  afterEach(() => editor.dispose());

  it('writes a validated table to meta.costs as one undo step per change', () => {
    const id = insertTemplate(editor, conceptCanvas);
    expect(costTableOfShape(templateShapeOf(editor, id))).toEqual({ costs: [], revenues: [] });
    expect(updateCostTable(editor, id, (table) => ({ ...table, costs: [staff] }))).toBe('saved');
    expect(updateCostTable(editor, id, (table) => ({ ...table, revenues: [sales] }))).toBe('saved');
    expect(templateShapeOf(editor, id).meta.costs).toEqual({ costs: [staff], revenues: [sales] });
    editor.undo();
    expect(costTableOfShape(templateShapeOf(editor, id))).toEqual({ costs: [staff], revenues: [] });
    editor.undo();
    expect(costTableOfShape(templateShapeOf(editor, id))).toEqual({ costs: [], revenues: [] });
    // The template itself is still there: each cost change was its own step.
    expect(editor.getShape(id)).toBeDefined();
  });

  it('passes the table as stored now, so a concurrent change is kept', () => {
    const id = insertTemplate(editor, conceptCanvas);
    updateCostTable(editor, id, () => ({ costs: [staff], revenues: [] }));
    const update = vi.fn((table) => ({ ...table, revenues: [sales] }));
    updateCostTable(editor, id, update);
    expect(update).toHaveBeenCalledWith({ costs: [staff], revenues: [] });
    expect(costTableOfShape(templateShapeOf(editor, id)).costs).toEqual([staff]);
  });

  it('writes nothing for an unchanged or invalid table', () => {
    const id = insertTemplate(editor, conceptCanvas);
    updateCostTable(editor, id, () => ({ costs: [staff], revenues: [] }));
    const before = templateShapeOf(editor, id);
    expect(updateCostTable(editor, id, (table) => ({ ...table }))).toBe('unchanged');
    const negative = { ...staff, id: 'neg', amountCents: -1 };
    expect(updateCostTable(editor, id, (table) => ({ ...table, costs: [negative] }))).toBe(
      'invalid',
    );
    const duplicate = { costs: [staff], revenues: [{ ...sales, id: 'staff' }] };
    expect(updateCostTable(editor, id, () => duplicate)).toBe('invalid');
    expect(templateShapeOf(editor, id)).toBe(before);
  });
});

describe('the fit statement', () => {
  let editor: Editor;
  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'alice' });
  });
  afterEach(() => editor.dispose());

  it('is trimmed, can be cleared, and each change is one undo step', () => {
    const id = insertTemplate(editor, conceptCanvas);
    expect(fitStatementOfShape(templateShapeOf(editor, id))).toBe('');
    expect(setFitStatement(editor, id, '  Help that comes to you \n')).toBe(true);
    expect(templateShapeOf(editor, id).meta.fitStatement).toBe('Help that comes to you');
    setFitStatement(editor, id, '');
    expect(fitStatementOfShape(templateShapeOf(editor, id))).toBe('');
    editor.undo();
    expect(fitStatementOfShape(templateShapeOf(editor, id))).toBe('Help that comes to you');
  });

  it('refuses a text over the limit and writes nothing', () => {
    const id = insertTemplate(editor, conceptCanvas);
    const before = templateShapeOf(editor, id);
    expect(setFitStatement(editor, id, 'x'.repeat(maxFitStatementLength + 1))).toBe(false);
    expect(templateShapeOf(editor, id)).toBe(before);
    expect(setFitStatement(editor, id, ` ${'x'.repeat(maxFitStatementLength)} `)).toBe(true);
  });
});

describe('setOwnFitRating', () => {
  it('writes only the local user’s key, keeps others’ and withdraws with null', () => {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    const id = insertTemplate(editor, conceptCanvas);
    editor.updateShape({ id, type: 'kohtaamo-template', meta: { [fitRatingMetaKey('bob')]: 2 } });
    setOwnFitRating(editor, id, 4);
    expect(templateShapeOf(editor, id).meta).toEqual({
      [fitRatingMetaKey('bob')]: 2,
      [fitRatingMetaKey('alice')]: 4,
    });
    expect(ownFitRatingOfShape(templateShapeOf(editor, id), 'alice')).toBe(4);
    expect(fitRatingsOfShape(templateShapeOf(editor, id))).toEqual({ alice: 4, bob: 2 });
    setOwnFitRating(editor, id, 5);
    editor.undo();
    expect(ownFitRatingOfShape(templateShapeOf(editor, id), 'alice')).toBe(4);
    setOwnFitRating(editor, id, undefined);
    expect(templateShapeOf(editor, id).meta[fitRatingMetaKey('alice')]).toBeNull();
    expect(fitRatingsOfShape(templateShapeOf(editor, id))).toEqual({ bob: 2 });
    editor.dispose();
  });
});

describe('canvasFieldDataOfShape', () => {
  it('gives the costs, statement and valid ratings, skipping invalid values', () => {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    const id = insertTemplate(editor, conceptCanvas);
    expect(canvasFieldDataOfShape(templateShapeOf(editor, id))).toEqual({
      costs: undefined,
      fitStatement: undefined,
      fitRatings: undefined,
    });
    editor.updateShape({
      id,
      type: 'kohtaamo-template',
      meta: {
        costs: { costs: [staff], revenues: [] },
        fitStatement: 'Fast',
        [fitRatingMetaKey('alice')]: 4,
        [fitRatingMetaKey('bob')]: 9,
      },
    });
    expect(canvasFieldDataOfShape(templateShapeOf(editor, id))).toEqual({
      costs: { costs: [staff], revenues: [] },
      fitStatement: 'Fast',
      fitRatings: { alice: 4 },
    });
    editor.dispose();
  });
});

describe('fit ratings of two users on synced boards', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps both ratings when two people rate at the same time', () => {
    const { peers, disconnect } = createSyncedTestPeers(
      [new Y.Doc(), new Y.Doc()],
      ['alice', 'bob'],
    );
    const [a, b] = peers;
    vi.advanceTimersByTime(1000);
    const id = insertTemplate(a.editor, conceptCanvas);
    vi.advanceTimersByTime(1000);
    expect(b.editor.getShape(id)).toBeDefined();

    disconnect();
    setOwnFitRating(a.editor, id, 4);
    setOwnFitRating(b.editor, id, 2);
    vi.advanceTimersByTime(1000);
    connectDocs(a.doc, b.doc);
    vi.advanceTimersByTime(1000);

    for (const peer of peers) {
      expect(fitRatingsOfShape(templateShapeOf(peer.editor, id))).toEqual({ alice: 4, bob: 2 });
    }
  });
});
