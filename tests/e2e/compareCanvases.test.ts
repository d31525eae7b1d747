import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  selectedShapeIds,
  type TestBoardWindow,
  templateSelector,
  templateShapes,
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

async function insertConceptCanvas(page: Page, expectedCount: number): Promise<void> {
  await page.getByTestId('main-menu.button').click();
  await page.getByRole('menuitem', { name: 'Insert template' }).click();
  await page.getByRole('menuitem', { name: 'Tolvanen concept canvas' }).click();
  await expect.poll(() => page.locator(templateSelector).count()).toBe(expectedCount);
}

/**
 * Puts a note with `text` at `(x, y)` (the note's centre, in the template's
 * own coordinates) on a template and returns the cell it landed in.
 */
async function addNote(
  page: Page,
  templateId: string,
  centre: { x: number; y: number },
  text: string,
): Promise<Record<string, unknown> | undefined> {
  const id = `shape:e2e-note-${Math.random().toString(36).slice(2, 10)}`;
  await page.evaluate(
    ({ id, parentId, x, y, text }) => {
      (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.createShape({
        id,
        type: 'note',
        parentId,
        x,
        y,
        props: {
          richText: {
            type: 'doc',
            content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
          },
        },
      });
    },
    { id, parentId: templateId, x: centre.x - 100, y: centre.y - 100, text },
  );
  return page.evaluate(
    (shapeId) => (globalThis as unknown as TestBoardWindow).kohtaamo?.cellOfShape(shapeId),
    id,
  );
}

/** Opens "Compare concepts" from the main menu with the keyboard only. */
async function openComparisonWithKeyboard(page: Page): Promise<Locator> {
  await page.getByTestId('main-menu.button').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Compare concepts' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Compare concepts' });
  await dialog.waitFor();
  return dialog;
}

describeWithBrowser('comparing concept canvases in a table', (browser) => {
  const app = useAppServer(browser);

  it('compares two canvases by name, left to right, follows the board and shows a canvas from its column', async () => {
    const server = app.server();
    const room = testRoomId('compare');
    const page = await app.newPage(aino, { locale: 'en' });
    await openBoard(page, `${server.url}/b/${room}`);

    // Without canvases the dialog explains how to add one.
    const empty = await openComparisonWithKeyboard(page);
    expect(await empty.textContent()).toContain('There are no Tolvanen concept canvases');
    expect(await empty.locator('table').count()).toBe(0);
    await empty.getByRole('button', { name: 'Close', exact: true }).last().click();
    await empty.waitFor({ state: 'detached' });

    await insertConceptCanvas(page, 1);
    await insertConceptCanvas(page, 2);
    const [beta, alpha] = await templateShapes<TemplateProps>(page);
    if (!beta?.props.w || !beta.props.h || !alpha) throw new Error('canvases missing');
    const { w, h } = beta.props;
    // The first canvas inserted goes to the right, so page order differs from the table's.
    await page.evaluate(
      ({ right, left, w }) => {
        const editor = (globalThis as unknown as TestBoardWindow).kohtaamo?.editor;
        editor?.updateShape({ id: right, type: 'kohtaamo-template', x: w + 200, y: 0 });
        editor?.updateShape({ id: left, type: 'kohtaamo-template', x: 0, y: 0 });
        editor?.selectNone();
      },
      { right: beta.id, left: alpha.id, w },
    );

    // The name row is the top tenth; Solution is the right half of the next three tenths.
    const nameCentre = { x: w / 2, y: h * 0.05 };
    const solutionCentre = { x: w * 0.75, y: h * 0.25 };
    expect(await addNote(page, alpha.id, nameCentre, 'Alpha kiosk')).toMatchObject({
      kind: 'field',
      fieldId: 'name',
    });
    expect(await addNote(page, beta.id, nameCentre, 'Beta delivery')).toMatchObject({
      fieldId: 'name',
    });
    expect(await addNote(page, beta.id, solutionCentre, 'Bring it to the door')).toMatchObject({
      fieldId: 'solution',
    });

    const dialog = await openComparisonWithKeyboard(page);
    const table = dialog.getByRole('table');
    expect(await table.locator('caption').textContent()).toBe(
      'Concept canvases on this page, from left to right',
    );
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Alpha kiosk',
      'Beta delivery',
    ]);
    const solution = table.locator('tbody tr[data-row-id="field:solution"]');
    expect(await solution.locator('th').textContent()).toBe('Solution');
    expect(await solution.locator('td').allTextContents()).toEqual([
      '—Empty',
      'Bring it to the door',
    ]);
    expect(await axeViolations(page, ['[role="dialog"]'])).toEqual([]);

    // The table follows the board while it is open.
    await addNote(page, alpha.id, solutionCentre, 'Self-service kiosk');
    await expect
      .poll(() => solution.locator('td').allTextContents())
      .toEqual(['Self-service kiosk', 'Bring it to the door']);

    // The same table as a spreadsheet file.
    const downloadPromise = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^kohtaamo-${room}-\\d{4}-\\d{2}-\\d{2}-concepts\\.csv$`),
    );
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    expect(csv.split('\r\n').slice(0, 4)).toEqual([
      'Field,Alpha kiosk,Beta delivery',
      'Name,Alpha kiosk,Beta delivery',
      'Insight,,',
      'Solution,Self-service kiosk,Bring it to the door',
    ]);

    await table.getByRole('button', { name: 'Beta delivery' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await selectedShapeIds(page)).toEqual([beta.id]);

    // On a phone the dialog fits the screen and the table scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const phoneDialog = await openComparisonWithKeyboard(page);
    const box = await phoneDialog.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(390);
    const region = phoneDialog.getByRole('region', {
      name: 'Concept canvases on this page, from left to right',
    });
    const overflow = await region.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeGreaterThan(0);
    expect(await axeViolations(page, ['[role="dialog"]'])).toEqual([]);
    await phoneDialog.getByRole('button', { name: 'Alpha kiosk' }).click();
    await phoneDialog.waitFor({ state: 'detached' });
    expect(await selectedShapeIds(page)).toEqual([alpha.id]);
  });
});
