import { readFile } from 'node:fs/promises';
import {
  layoutTemplate,
  parseTemplateShape,
  type StoredRecord,
  type TemplateCell,
  templateDefinitions,
} from '@kohtaamo/shared';
import { expect, it } from 'vitest';
import {
  cellOf,
  type PageShape,
  pageShapes,
  type TestBoardWindow,
} from '../helpers/boardShapes.js';
import { describeWithBrowser, useAppServer } from '../helpers/browser.js';

/** The parts of an outcomes export this suite reads. */
interface ExportedBoard {
  readonly templates: ReadonlyArray<{
    readonly shapeId: string;
    readonly templateId: string;
    readonly cells: ReadonlyArray<Record<string, unknown> & { readonly items: ExportedItem[] }>;
  }>;
}

interface ExportedItem {
  readonly type: string;
  readonly text: string;
}

/** What names a cell in the export and in `cellOfShape`: its kind and ids, without the box. */
function cellName(cell: TemplateCell): Record<string, string> {
  const { box: _box, ...name } = cell;
  return name;
}

/** The middle cell of a template as the page holds it, computed with the shared layout. */
function middleCell(template: PageShape): TemplateCell {
  const parsed = parseTemplateShape({
    typeName: 'shape',
    type: template.type,
    id: template.id,
    props: template.props,
  } as StoredRecord);
  if (!parsed) throw new Error(`template ${template.id} does not parse`);
  const { cells } = layoutTemplate(parsed.instance, parsed.definition);
  const cell = cells[Math.floor(cells.length / 2)];
  if (!cell) throw new Error(`template ${template.id} has no cells`);
  return cell;
}

describeWithBrowser('every template on a shared board', (browser) => {
  const app = useAppServer(browser);

  it('inserts each template, gets a note into a named cell on the other page, and exports it there', async () => {
    const { a, b } = await app.openPair('every-template', { b: 'fi' });

    const expected: { templateId: string; shapeId: string; cell: Record<string, string> }[] = [];
    for (const [index, definition] of templateDefinitions.entries()) {
      await a.getByRole('button', { name: 'Insert template' }).click();
      await a.getByRole('menuitem', { name: definition.title.en, exact: true }).click();
      const inserted = (await pageShapes(a)).filter(
        (shape) =>
          shape.type === 'kohtaamo-template' && !expected.some((done) => done.shapeId === shape.id),
      );
      expect(inserted.map((shape) => shape.props.templateId)).toEqual([definition.id]);
      const [template] = inserted;
      if (!template) throw new Error(`${definition.id} was not inserted`);

      // Side by side, so the next insert at the viewport centre lands on empty board.
      const cell = middleCell(template);
      const text = `Note in ${definition.id}`;
      await a.evaluate(
        ({ id, x, parentId, noteX, noteY, noteText }) => {
          const editor = (globalThis as unknown as TestBoardWindow).kohtaamo?.editor;
          editor?.updateShape({ id, type: 'kohtaamo-template', x, y: 0 });
          editor?.createShape({
            type: 'note',
            parentId,
            x: noteX,
            y: noteY,
            props: {
              richText: {
                type: 'doc',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: noteText }] }],
              },
            },
          });
        },
        {
          id: template.id,
          x: index * 4000,
          parentId: template.id,
          noteX: (cell.box.minX + cell.box.maxX) / 2 - 100,
          noteY: (cell.box.minY + cell.box.maxY) / 2 - 100,
          noteText: text,
        },
      );
      expected.push({ templateId: definition.id, shapeId: template.id, cell: cellName(cell) });
    }

    // Bertta sees every note, each in its named cell.
    await expect
      .poll(async () => (await pageShapes(b)).filter((shape) => shape.type === 'note').length, {
        timeout: 15_000,
      })
      .toBe(expected.length);
    for (const { shapeId, cell } of expected) {
      const [note] = (await pageShapes(b)).filter(
        (shape) => shape.type === 'note' && shape.parentId === shapeId,
      );
      if (!note) throw new Error(`no note in ${shapeId} on Bertta's page`);
      expect(await cellOf(b, note.id)).toMatchObject(cell);
    }

    // Bertta's JSON export has each note in the right cell of the right template.
    const downloadPromise = b.waitForEvent('download');
    await b.getByTestId('main-menu.button').click();
    await b.getByRole('menuitem', { name: 'Vie' }).click();
    await b.getByRole('menuitem', { name: /^JSON/ }).click();
    const exported = JSON.parse(
      await readFile(await (await downloadPromise).path(), 'utf8'),
    ) as ExportedBoard;
    expect(exported.templates.map((template) => template.templateId).sort()).toEqual(
      templateDefinitions.map((definition) => definition.id).sort(),
    );
    for (const { templateId, shapeId, cell } of expected) {
      const template = exported.templates.find((candidate) => candidate.shapeId === shapeId);
      const filled = template?.cells.filter((candidate) => candidate.items.length > 0);
      expect(filled, templateId).toEqual([
        {
          ...cell,
          items: [expect.objectContaining({ type: 'note', text: `Note in ${templateId}` })],
        },
      ]);
    }
  });
});
