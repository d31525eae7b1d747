import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  cellOf,
  pageShapes,
  type TestBoardWindow,
  templateSelector,
} from '../helpers/boardShapes.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  openBoard,
  shapeCount,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

/** The props of the templates this suite reads. */
interface TemplateProps {
  readonly w: number;
  readonly h: number;
  readonly templateId: string;
}

function stageLabel(page: Page, stageId: string): Promise<string> {
  return page
    .locator(`${templateSelector} [data-stage-id="${stageId}"] text`)
    .first()
    .textContent()
    .then((text) => text ?? '');
}

describeWithBrowser('workshop templates on a shared board', (browser) => {
  const app = useAppServer(browser);

  it('inserts a journey map from the toolbar, places a note in a cell and renames a stage for everyone', async () => {
    const { a, b } = await app.openPair('templates', { a: 'fi' });

    // Insert through the toolbar menu, with the keyboard for the choice.
    await a.getByRole('button', { name: 'Lisää pohja' }).click();
    const items = a.getByRole('menuitem');
    await expect
      .poll(() => items.allTextContents())
      .toEqual([
        'Asiakaspolku',
        'Asiakaskohtaamismalli',
        'Palvelupiirustus',
        'Tolvasen konseptimalli',
        'Empatiakartta',
        'Asiakaspersoona',
      ]);
    await a.getByRole('menuitem', { name: 'Asiakaspolku' }).focus();
    await a.keyboard.press('Enter');
    await expect.poll(() => a.locator(templateSelector).count()).toBe(1);
    const [template] = await pageShapes<TemplateProps>(a, 'kohtaamo-template');
    if (!template) throw new Error('no template after inserting');
    expect(template.props.templateId).toBe('journeyMap');
    expect(await stageLabel(a, 'purchase')).toBe('Ostaminen');

    // A note whose centre lies in Purchase × Pain points (the layout's header column is 15 %,
    // the header row 10 %; 7 stages and 7 lanes share the rest).
    const { w, h } = template.props;
    const column = (w * 0.85) / 7;
    const row = (h * 0.9) / 7;
    const centre = { x: w * 0.15 + 3.5 * column, y: h * 0.1 + 5.5 * row };
    await a.evaluate(
      ({ parentId, x, y }) => {
        (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.createShape({
          type: 'note',
          parentId,
          x,
          y,
        });
      },
      { parentId: template.id, x: centre.x - 100, y: centre.y - 100 },
    );

    await expect.poll(() => b.locator(templateSelector).count()).toBe(1);
    await expect.poll(() => shapeCount(b, 'note')).toBe(1);
    const [note] = await pageShapes<TemplateProps>(b, 'note');
    if (!note) throw new Error('note did not reach Bertta');
    expect(note.parentId).toBe(template.id);
    expect(note.meta).toMatchObject({ authorId: aino.id, authorName: aino.name });
    expect(await cellOf(b, note.id)).toMatchObject({
      kind: 'cell',
      stageId: 'purchase',
      laneId: 'painPoints',
    });
    // Each sees the default labels in their own language.
    expect(await stageLabel(b, 'purchase')).toBe('Purchase');

    // Rename through the structure panel of the selected template.
    const panel = a.getByRole('region', { name: 'Pohjan rakenne' });
    await panel.waitFor();
    const stages = panel.getByRole('group', { name: 'Vaiheet (sarakkeet)' });
    await stages.getByLabel('Vaihe', { exact: true }).selectOption({ label: 'Ostaminen' });
    const name = stages.getByLabel('Vaiheen nimi');
    await expect.poll(() => name.inputValue()).toBe('Ostaminen');
    await name.fill('Ostos');
    await name.press('Enter');

    await expect.poll(() => stageLabel(a, 'purchase')).toBe('Ostos');
    await expect.poll(() => stageLabel(b, 'purchase'), { timeout: 15_000 }).toBe('Ostos');
    // The rename did not move the note out of its cell.
    expect(await cellOf(b, note.id)).toMatchObject({ stageId: 'purchase', laneId: 'painPoints' });

    expect(
      await axeViolations(a, [
        '[data-testid="kohtaamo-template-panel"]',
        '.kohtaamo-insert-template',
      ]),
    ).toEqual([]);
  });

  it('offers the templates in the main menu too, and an insert is one undo step', async () => {
    const server = app.server();
    const room = testRoomId('templates-menu');
    const a = await app.newPage(aino, { locale: 'en' });
    await openBoard(a, `${server.url}/b/${room}`);

    await a.getByTestId('main-menu.button').click();
    await a.getByRole('menuitem', { name: 'Insert template' }).click();
    await a.getByRole('menuitem', { name: 'Tolvanen concept canvas' }).click();
    await expect.poll(() => a.locator(templateSelector).count()).toBe(1);
    await expect
      .poll(() => a.locator(`${templateSelector} [data-field-id]`).allTextContents())
      .toHaveLength(7);
    expect(
      await a.locator(`${templateSelector} [data-field-id="name"] text`).first().textContent(),
    ).toBe('1. Name');

    await a.locator('.tl-canvas').first().hover();
    await a.keyboard.press('Control+z');
    await expect.poll(() => a.locator(templateSelector).count()).toBe(0);
  });
  it('keeps both users’ feelings for the same stage and shows the mean curve to both', async () => {
    const { a, b } = await app.openPair('templates-feelings', { a: 'fi' });

    await a.getByRole('button', { name: 'Lisää pohja' }).click();
    await a.getByRole('menuitem', { name: 'Asiakaspolku' }).click();
    await expect.poll(() => b.locator(templateSelector).count()).toBe(1);
    const [template] = await pageShapes<TemplateProps>(b, 'kohtaamo-template');
    if (!template) throw new Error('no template on Bertta’s board');
    await b.evaluate((id) => {
      (
        globalThis as unknown as { kohtaamo?: { editor: { select(id: string): void } } }
      ).kohtaamo?.editor.select(id);
    }, template.id);

    const ownA = a.getByRole('group', { name: 'Omat tunteesi' });
    const ownB = b.getByRole('group', { name: 'Your feelings' });
    await ownA
      .getByLabel('Ostaminen', { exact: true })
      .selectOption({ label: '+2 hyvin myönteinen' });
    await ownB.getByLabel('Purchase', { exact: true }).selectOption({ label: '−2 very negative' });

    for (const page of [a, b]) {
      const point = page.locator(
        `${templateSelector} [data-testid="kohtaamo-feelings-point"][data-stage-id="purchase"]`,
      );
      await expect.poll(() => point.getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
      expect(await point.getAttribute('data-mean')).toBe('0');
      expect(await point.getAttribute('data-min')).toBe('-2');
      expect(await point.getAttribute('data-max')).toBe('2');
    }
    const [synced] = await pageShapes<TemplateProps>(a, 'kohtaamo-template');
    expect(synced?.meta).toMatchObject({
      [`feelings:${aino.id}`]: { purchase: 2 },
      [`feelings:${bertta.id}`]: { purchase: -2 },
    });
  });
});
