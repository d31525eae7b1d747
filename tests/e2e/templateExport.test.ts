import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  cellOf,
  pageShapes,
  type TestBoardWindow,
  templateSelector,
} from '../helpers/boardShapes.js';
import {
  aino,
  describeWithBrowser,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

/** The props of the templates this suite reads. */
interface TemplateProps {
  readonly w?: number;
  readonly h?: number;
  readonly templateId?: string;
}

/** The parts of an outcomes export this suite reads. */
interface ExportedBoard {
  readonly format: string;
  readonly roomId?: string;
  readonly templates: ReadonlyArray<{
    readonly shapeId: string;
    readonly templateId: string;
    readonly cells: ReadonlyArray<{
      readonly kind: string;
      readonly stageId?: string;
      readonly laneId?: string;
      readonly items: ReadonlyArray<{ readonly type: string; readonly text: string }>;
    }>;
  }>;
}

async function openMainMenuItem(page: Page, name: string): Promise<void> {
  await page.getByTestId('main-menu.button').click();
  await page.getByRole('menuitem', { name }).click();
}

describeWithBrowser('exporting and importing templates from the main menu', (browser) => {
  const app = useAppServer(browser);

  it('exports a journey map with its note as JSON, and imports the file as a second template', async () => {
    const server = app.server();
    const room = testRoomId('export');
    const page = await app.newPage(aino, { locale: 'en' });
    await openBoard(page, `${server.url}/b/${room}`);

    await page.getByRole('button', { name: 'Insert template' }).click();
    await page.getByRole('menuitem', { name: 'Customer journey map' }).click();
    await expect.poll(() => page.locator(templateSelector).count()).toBe(1);
    const [template] = (await pageShapes<TemplateProps>(page)).filter(
      (shape) => shape.type === 'kohtaamo-template',
    );
    if (!template?.props.w || !template.props.h) throw new Error('no template after inserting');

    // Centre of Purchase × Pain points: header column 15 %, header row 10 %, 7 stages and 7 lanes.
    const { w, h } = template.props;
    const centre = { x: w * 0.15 + 3.5 * ((w * 0.85) / 7), y: h * 0.1 + 5.5 * ((h * 0.9) / 7) };
    await page.evaluate(
      ({ parentId, x, y }) => {
        (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.createShape({
          type: 'note',
          parentId,
          x,
          y,
          props: {
            richText: {
              type: 'doc',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'Queue at the till' }] },
              ],
            },
          },
        });
      },
      { parentId: template.id, x: centre.x - 100, y: centre.y - 100 },
    );

    // Export → JSON downloads the board's outcomes, built in the page.
    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('main-menu.button').click();
    await page.getByRole('menuitem', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'JSON (data of all templates)' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^kohtaamo-${room}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as ExportedBoard;
    expect(exported.format).toBe('kohtaamo-outcomes');
    expect(exported.roomId).toBe(room);
    expect(exported.templates).toHaveLength(1);
    const filled = exported.templates[0]?.cells.filter((cell) => cell.items.length > 0);
    expect(filled).toEqual([
      {
        kind: 'cell',
        stageId: 'purchase',
        laneId: 'painPoints',
        items: [expect.objectContaining({ type: 'note', text: 'Queue at the till' })],
      },
    ]);

    // Import the same file: the menu item opens the labelled file input.
    const chooserPromise = page.waitForEvent('filechooser');
    await openMainMenuItem(page, 'Import template (JSON)');
    const chooser = await chooserPromise;
    const input = chooser.element();
    expect(await input.getAttribute('aria-label')).toBe('Kohtaamo JSON export file to import');
    await input.setInputFiles(file);

    await expect.poll(() => page.locator(templateSelector).count()).toBe(2);
    const all = await pageShapes<TemplateProps>(page);
    const copy = all.find(
      (shape) => shape.type === 'kohtaamo-template' && shape.id !== template.id,
    );
    if (!copy) throw new Error('no imported template');
    expect(copy.props.templateId).toBe('journeyMap');
    const notes = all.filter((shape) => shape.type === 'note' && shape.parentId === copy.id);
    expect(notes).toHaveLength(1);
    const [note] = notes;
    if (!note) throw new Error('no imported note');
    expect(await cellOf(page, note.id)).toMatchObject({
      kind: 'cell',
      stageId: 'purchase',
      laneId: 'painPoints',
    });
  });
});
