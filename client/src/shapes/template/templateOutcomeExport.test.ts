import '../../canvas/testSetup';
import { journeyMap, parseBoardOutcomes } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
