import '../../canvas/testSetup';
import {
  facilitationMapName,
  journeyMap,
  parseBoardOutcomes,
  type VoteSession,
  voteSessionKey,
} from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FacilitationState } from '../../facilitation/FacilitationState';
import { insertTemplate } from './insertTemplate';
import { boardOutcomesFromEditor, exportFileName, renderOutcomes } from './templateOutcomeExport';
import { addNoteInCell } from './templateTestContent';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

describe('boardOutcomesFromEditor', () => {
  it('puts a note of a template in the cell under its centre', () => {
    const templateId = insertTemplate(editor, journeyMap);
    addNoteInCell(editor, templateId, 'purchase', 'painPoints', 'Too many steps');

    const board = boardOutcomesFromEditor(editor, { locale: 'en', roomId: 'room-abc' });

    expect(board.roomId).toBe('room-abc');
    expect(board.templates).toHaveLength(1);
    const [template] = board.templates;
    expect(template?.shapeId).toBe(templateId);
    const nonEmpty = template?.cells.filter((cell) => cell.items.length > 0);
    expect(nonEmpty).toEqual([
      {
        kind: 'cell',
        stageId: 'purchase',
        laneId: 'painPoints',
        items: [
          expect.objectContaining({
            type: 'note',
            text: 'Too many steps',
            authorId: 'user-aino',
            authorName: 'Aino',
          }),
        ],
      },
    ]);
  });

  it('keeps only the asked templates', () => {
    const first = insertTemplate(editor, journeyMap);
    const second = insertTemplate(editor, journeyMap);
    const board = boardOutcomesFromEditor(editor, { locale: 'fi', templateIds: [second] });
    expect(board.templates.map((t) => t.shapeId)).toEqual([second]);
    expect(
      boardOutcomesFromEditor(editor, { locale: 'fi' }).templates.map((t) => t.shapeId),
    ).toEqual(expect.arrayContaining([first, second]));
  });

  it('renders JSON that imports again, CSV with the note and Markdown', () => {
    const templateId = insertTemplate(editor, journeyMap);
    addNoteInCell(editor, templateId, 'purchase', 'painPoints', 'Too many steps');
    const board = boardOutcomesFromEditor(editor, { locale: 'en' });

    const json = renderOutcomes(board, 'json');
    expect(json.type).toMatch(/^application\/json/);
    expect(parseBoardOutcomes(json.text)).toMatchObject({ success: true });

    const csv = renderOutcomes(board, 'csv');
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toContain('Too many steps');

    const md = renderOutcomes(board, 'md');
    expect(md.type).toMatch(/^text\/markdown/);
    expect(md.text).toContain('Too many steps');
  });
});

describe('boardOutcomesFromEditor with the facilitation state', () => {
  const startedAt = Date.parse('2025-03-04T09:00:00.000Z');

  function revealedVote(itemId: TLShapeId): VoteSession {
    return {
      id: 'vote-1',
      config: {
        votesPerPerson: 3,
        allowMultiplePerItem: false,
        anonymous: true,
        endsAt: null,
        scope: { kind: 'page', pageId: 'page:page' },
        title: 'Biggest pain',
      },
      status: 'revealed',
      startedAt,
      endedAt: startedAt + 300_000,
      results: {
        items: [{ itemId, rank: 1, total: 5, team: 2, customers: 3 }],
        voterCounts: { team: 2, customers: 3 },
      },
    };
  }

  it('puts a revealed vote, split into team and customers, into the JSON and CSV files', () => {
    const templateId = insertTemplate(editor, journeyMap);
    const noteId = addNoteInCell(editor, templateId, 'purchase', 'painPoints', 'Too many steps');
    const doc = new Y.Doc();
    doc.getMap(facilitationMapName).set(voteSessionKey('vote-1'), revealedVote(noteId));
    const state = new FacilitationState(doc);

    const board = boardOutcomesFromEditor(editor, {
      locale: 'en',
      facilitation: state.entries(),
      exportedAt: new Date(startedAt + 600_000),
    });

    const parsed = parseBoardOutcomes(renderOutcomes(board, 'json').text);
    expect(parsed.success).toBe(true);
    const json = JSON.parse(renderOutcomes(board, 'json').text);
    expect(json.facilitation.voteSessions).toEqual([
      expect.objectContaining({
        status: 'revealed',
        title: 'Biggest pain',
        voterCounts: { team: 2, customers: 3 },
        items: [
          expect.objectContaining({
            itemId: noteId,
            total: 5,
            team: 2,
            customers: 3,
            text: 'Too many steps',
          }),
        ],
      }),
    ]);
    expect(json.facilitation.agenda.length).toBeGreaterThan(0);
    const csvRow = renderOutcomes(board, 'csv')
      .text.split(/\r?\n/)
      .find((line) => line.includes('Too many steps'));
    expect(csvRow).toMatch(/,5,2,3$/);
    expect(renderOutcomes(board, 'md').text).toContain('Biggest pain');
    state.dispose();
  });

  it('has no facilitation part without the facilitation state', () => {
    insertTemplate(editor, journeyMap);
    const json = JSON.parse(
      renderOutcomes(boardOutcomesFromEditor(editor, { locale: 'en' }), 'json').text,
    );
    expect(json).not.toHaveProperty('facilitation');
  });
});

describe('exportFileName', () => {
  it('names the file after the room and the local date', () => {
    const date = new Date(2026, 0, 5, 23, 59);
    expect(exportFileName('room-abc', date, 'json')).toBe('kohtaamo-room-abc-2026-01-05.json');
    expect(exportFileName('room-abc', date, 'md')).toBe('kohtaamo-room-abc-2026-01-05.md');
    expect(exportFileName('room-abc', date)).toBe('kohtaamo-room-abc-2026-01-05');
  });

  it('says "board" when there is no room id', () => {
    expect(exportFileName(undefined, new Date(2026, 10, 22), 'csv')).toBe(
      'kohtaamo-board-2026-11-22.csv',
    );
  });
});
