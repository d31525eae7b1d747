import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { selectShape, templateSelector, templateShapes } from '../helpers/boardShapes.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

/** The parts of an outcomes export this suite reads. */
interface ExportedBoard {
  readonly templates: ReadonlyArray<{
    readonly kind: string;
    readonly templateId: string;
    readonly costs?: {
      readonly table: {
        readonly costs: ReadonlyArray<{ label: string; amountCents: number }>;
        readonly revenues: ReadonlyArray<{ label: string; amountCents: number }>;
      };
      readonly totalCostCents: number;
      readonly totalRevenueCents: number;
      readonly marginCents: number;
      readonly marginPercent?: number;
    };
    readonly fit?: {
      readonly statement?: string;
      readonly rating?: { n: number; mean: number; min: number; max: number };
      readonly ratings?: Record<string, number>;
    };
  }>;
}

async function insertConceptCanvas(page: Page, menuName: string, itemName: string) {
  await page.getByRole('button', { name: menuName }).click();
  await page.getByRole('menuitem', { name: itemName }).click();
  await expect.poll(() => page.locator(templateSelector).count()).toBe(1);
}

describeWithBrowser('the concept canvas’s costs and fit', (browser) => {
  const app = useAppServer(browser);

  it('shares costs and fit ratings between two people and exports them as JSON', async () => {
    const { a, b } = await app.openPair('concept', { a: 'fi' });

    await insertConceptCanvas(a, 'Lisää pohja', 'Tolvasen konseptimalli');
    await expect.poll(() => b.locator(templateSelector).count()).toBe(1);
    const [canvas] = await templateShapes(b);
    if (!canvas) throw new Error('no canvas on Bertta’s board');
    await selectShape(a, canvas.id);
    await selectShape(b, canvas.id);

    // The panel starts collapsed, so selecting a canvas does not hide the board.
    const panelA = a.getByRole('region', { name: 'Konseptin tiedot' });
    const panelB = b.getByRole('region', { name: 'Concept details' });
    await panelA.getByRole('button', { name: 'Näytä konseptin tiedot' }).click();
    await panelB.getByRole('button', { name: 'Show concept details' }).click();

    // Aino writes a cost line and a revenue line, in Finnish number style.
    await panelA.getByRole('button', { name: 'Lisää kustannusrivi' }).click();
    await a.keyboard.type('Tilat');
    const cost = panelA.getByLabel('Kustannusrivi 1: summa (€)');
    await cost.fill('1 200,00');
    await cost.press('Enter');
    await panelA.getByRole('button', { name: 'Lisää tuottorivi' }).click();
    const revenue = panelA.getByLabel('Tuottorivi 1: summa (€)');
    await revenue.fill('2 000,00');
    await revenue.press('Enter');
    await expect
      .poll(() => panelA.getByTestId('kohtaamo-costs-margin').textContent())
      .toBe('800,00\u00a0€');

    // Bertta sees the same margin in her panel, in English style.
    await expect
      .poll(() => panelB.getByTestId('kohtaamo-costs-margin').textContent(), { timeout: 15_000 })
      .toBe('€800.00');
    // …and drawn in the canvas's Costs field.
    await expect
      .poll(() =>
        b
          .locator('[data-testid="kohtaamo-canvas-costs"]')
          .first()
          .getAttribute('data-margin-cents'),
      )
      .toBe('80000');
    expect(await panelB.getByLabel('Cost line 1: description').inputValue()).toBe('Tilat');
    expect(await panelB.getByLabel('Revenue line 1: amount (€)').inputValue()).toBe('2000.00');

    // Both rate the fit; each sees the mean of both.
    await panelA.getByLabel('Yrityksen arvolupaus').fill('Apu tulee luoksesi');
    await panelA.getByLabel('4 – sopii hyvin').check();
    await panelB.getByLabel('2 – fits poorly').check();
    for (const page of [a, b]) {
      const summary = page.getByTestId('kohtaamo-fit-summary');
      await expect.poll(() => summary.getAttribute('data-n'), { timeout: 15_000 }).toBe('2');
      expect(await summary.getAttribute('data-mean')).toBe('3');
    }
    expect(await b.getByTestId('kohtaamo-fit-summary').textContent()).toBe(
      'Team’s mean 3 / 5 (n = 2)',
    );
    expect(await a.getByTestId('kohtaamo-fit-summary').textContent()).toBe(
      'Tiimin keskiarvo 3 / 5 (n = 2)',
    );
    await expect
      .poll(() => panelB.getByLabel('The company’s value proposition').inputValue(), {
        timeout: 15_000,
      })
      .toBe('Apu tulee luoksesi');
    const [synced] = await templateShapes(a);
    expect(synced?.meta).toMatchObject({
      [`fit:${aino.id}`]: 4,
      [`fit:${bertta.id}`]: 2,
      fitStatement: 'Apu tulee luoksesi',
    });

    expect(await axeViolations(a, ['[data-testid="kohtaamo-concept-panel"]'])).toEqual([]);

    // The JSON export carries the cost table and the fit.
    const downloadPromise = b.waitForEvent('download');
    await b.getByTestId('main-menu.button').click();
    await b.getByRole('menuitem', { name: 'Export' }).click();
    await b.getByRole('menuitem', { name: 'JSON (data of all templates)' }).click();
    const download = await downloadPromise;
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as ExportedBoard;
    const [outcome] = exported.templates;
    expect(outcome?.templateId).toBe('conceptCanvas');
    expect(outcome?.costs).toMatchObject({
      table: {
        costs: [{ label: 'Tilat', amountCents: 120_000 }],
        revenues: [{ label: '', amountCents: 200_000 }],
      },
      totalCostCents: 120_000,
      totalRevenueCents: 200_000,
      marginCents: 80_000,
      marginPercent: 40,
    });
    expect(outcome?.fit).toEqual({
      statement: 'Apu tulee luoksesi',
      rating: { n: 2, mean: 3, min: 2, max: 4 },
      ratings: { [aino.id]: 4, [bertta.id]: 2 },
    });
  });

  it('keeps the panel within a phone screen, collapsed until asked for', async () => {
    const server = app.server();
    const room = testRoomId('concept-phone');
    const page = await app.newPage(aino, {
      locale: 'en',
      contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    });
    await openBoard(page, `${server.url}/b/${room}`);
    await page.getByTestId('main-menu.button').click();
    await page.getByRole('menuitem', { name: 'Insert template' }).click();
    await page.getByRole('menuitem', { name: 'Tolvanen concept canvas' }).click();
    await expect.poll(() => page.locator(templateSelector).count()).toBe(1);
    const [canvas] = await templateShapes(page);
    if (!canvas) throw new Error('no canvas');
    await selectShape(page, canvas.id);

    const panel = page.getByRole('region', { name: 'Concept details' });
    const toggle = panel.getByRole('button', { name: 'Show concept details' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.getByRole('group', { name: 'Costs and revenues' }).count()).toBe(0);
    await toggle.click();
    const hide = panel.getByRole('button', { name: 'Hide concept details' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');

    const box = await panel.boundingBox();
    if (!box) throw new Error('panel not rendered');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeLessThanOrEqual(844 * 0.45 + 1);
    // The panel scrolls inside itself: its last control can be reached and used.
    const rate = panel.getByLabel('5 – fits perfectly');
    await rate.scrollIntoViewIfNeeded();
    await rate.check();
    await expect
      .poll(() => page.getByTestId('kohtaamo-fit-summary').getAttribute('data-n'))
      .toBe('1');
    await hide.click();
    expect(await panel.getByRole('group', { name: 'Costs and revenues' }).count()).toBe(0);
  });
});
