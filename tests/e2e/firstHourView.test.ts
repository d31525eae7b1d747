// Page callbacks given to `page.evaluate` run in the browser and need DOM types.
/// <reference lib="dom" />

import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { templateSelector } from '../helpers/boardShapes.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  openBoard,
  type TestLocale,
  testUser,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';
import { joinAsGuest } from '../helpers/roomPages.js';
import { createRoom } from '../helpers/rooms.js';

/** The screen a new facilitator had in issue 13, and a guest's phone. */
const desktop = { viewport: { width: 1440, height: 900 } } as const;
const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
} as const satisfies Parameters<Browser['newContext']>[0];

const cecilia = testUser('cecilia', 'Cecilia', '#6a1b9a');

interface Camera {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** What this suite reads through `window.kohtaamo` beyond the shared test handle. */
interface FirstViewWindow {
  kohtaamo?: {
    editor: {
      getCamera(): Camera;
      getPages(): Array<{ id: string; name: string }>;
      getCurrentPageShapes(): Array<{ type: string }>;
    };
  };
}

function camera(page: Page): Promise<Camera | undefined> {
  return page.evaluate(() => {
    const value = (globalThis as unknown as FirstViewWindow).kohtaamo?.editor.getCamera();
    return value && { x: value.x, y: value.y, z: value.z };
  });
}

function pageNames(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as FirstViewWindow).kohtaamo?.editor
        .getPages()
        .map((boardPage) => boardPage.name) ?? [],
  );
}

/**
 * How many of the template's stage and lane headers lie wholly in the part
 * of the canvas nothing covers: below the top bar and tldraw's top panel,
 * above its toolbar, inside the screen.
 */
function headersInView(page: Page): Promise<number> {
  return page.evaluate((template) => {
    const canvas = document.querySelector('.tl-canvas')?.getBoundingClientRect();
    if (!canvas) return 0;
    // The top panel's box is an empty column on a phone; its drawn parts are what cover the canvas.
    let top = canvas.top;
    for (const part of Array.from(
      document.querySelectorAll('.tlui-layout__top__center > *, .tlui-layout__top__center > * > *'),
    )) {
      const box = part.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) top = Math.max(top, box.bottom);
    }
    const toolbar = document.querySelector('.tlui-layout__bottom')?.getBoundingClientRect();
    const bottom = Math.min(canvas.bottom, toolbar && toolbar.height > 0 ? toolbar.top : 1e9);
    const headers = document.querySelectorAll(`${template} [data-stage-id] text`);
    return Array.from(headers).filter((header) => {
      const box = header.getBoundingClientRect();
      return (
        box.width > 0 &&
        box.left >= canvas.left &&
        box.right <= Math.min(canvas.right, window.innerWidth) &&
        box.top >= top &&
        box.bottom <= bottom
      );
    }).length;
  }, templateSelector);
}

async function insertJourneyMap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Insert template' }).click();
  await page.getByRole('menuitem', { name: 'Customer journey map' }).click();
  await expect.poll(() => page.locator(templateSelector).count()).toBe(1);
}

describeWithBrowser('what the board shows a new facilitator and a guest (issue 13)', (browser) => {
  const app = useAppServer(browser);

  it('shows the note, text, shape, drawing, arrow and image tools at 1440×900 without opening "More"', async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Palvelupolku', 'fi');
    const page = await app.newPage(aino, { locale: 'en', contextOptions: desktop });
    await openBoard(page, `${server.url}${room.links.facilitator}`);

    for (const tool of ['note', 'text', 'rectangle', 'ellipse', 'draw', 'arrow', 'asset']) {
      await expect
        .poll(() => page.getByTestId(`tools.${tool}`).first().isVisible(), { message: tool })
        .toBe(true);
    }
    // Nothing was opened to see them: the overflow's content is not even rendered.
    expect(await page.getByTestId('tools.more-content').count()).toBe(0);
    await page.getByTestId('tools.note').first().click();
    await expect
      .poll(() => page.getByTestId('tools.note').first().getAttribute('aria-pressed'))
      .toBe('true');
  });

  it("shows the board's title in the top bar and tab, and a facilitator's rename reaches another page live", async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Palvelupolku', 'fi');
    const facilitator = await app.newPage(aino, { locale: 'en', contextOptions: desktop });
    const participant = await app.newPage(bertta, { locale: 'fi', contextOptions: phone });
    await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
    await openBoard(participant, `${server.url}${room.links.participant}`);

    for (const page of [facilitator, participant]) {
      await expect.poll(() => page.getByTestId('board-title').textContent()).toBe('Palvelupolku');
      await expect.poll(() => page.title()).toBe('Palvelupolku — Kohtaamo');
      expect(await page.locator('.board-bar').textContent()).not.toContain(room.roomId);
    }
    // Only the facilitator's title is a control.
    expect(await participant.getByRole('button', { name: /Palvelupolku/ }).count()).toBe(0);

    const rename = facilitator.getByRole('button', { name: 'Palvelupolku — rename the board' });
    await rename.focus();
    await facilitator.keyboard.press('Enter');
    const dialog = facilitator.getByRole('dialog', { name: 'Rename the board' });
    const field = dialog.getByLabel('Board name');
    await field.fill(' ');
    await facilitator.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Enter a name for the board.');
    await field.fill('Kahvilan asiakaspolku');
    await facilitator.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(
      await facilitator
        .getByRole('button', { name: 'Kahvilan asiakaspolku — rename the board' })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);

    // The other page hears of it through the board's document, without a reload.
    await expect
      .poll(() => participant.getByTestId('board-title').textContent(), { timeout: 15_000 })
      .toBe('Kahvilan asiakaspolku');
    await expect.poll(() => participant.title()).toBe('Kahvilan asiakaspolku — Kohtaamo');
    await expect.poll(() => facilitator.title()).toBe('Kahvilan asiakaspolku — Kohtaamo');

    // After a reload the directory and the document agree.
    await participant.reload();
    await waitForBoard(participant);
    await expect
      .poll(() => participant.getByTestId('board-title').textContent())
      .toBe('Kahvilan asiakaspolku');
  });

  it('shows a guest on a phone a template header without touching anything, at most at 100 %', async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Palvelupolku', 'fi');
    const facilitator = await app.newPage(aino, { locale: 'en', contextOptions: desktop });
    await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
    await insertJourneyMap(facilitator);

    const guest = await app.newPage(undefined, { locale: 'fi', contextOptions: phone });
    await joinAsGuest(guest, `${server.url}${room.links.guest}`, cecilia.name, 'fi');
    await expect.poll(() => guest.locator(templateSelector).count()).toBe(1);
    await expect
      .poll(() => headersInView(guest), {
        message: 'a stage header in the free part of the screen',
      })
      .toBeGreaterThan(0);
    expect((await camera(guest))?.z).toBeLessThanOrEqual(1);
  });

  it('keeps the camera this device moved to across a reload', async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Palvelupolku', 'fi');
    const facilitator = await app.newPage(aino, { locale: 'en', contextOptions: desktop });
    await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
    await insertJourneyMap(facilitator);

    const participant = await app.newPage(bertta, { locale: 'en', contextOptions: desktop });
    await openBoard(participant, `${server.url}${room.links.participant}`);
    await expect.poll(() => participant.locator(templateSelector).count()).toBe(1);
    const fitted = await camera(participant);
    // Scrolling pans the canvas, as a person does with a mouse wheel or trackpad.
    const canvas = await participant.locator('.tl-canvas').first().boundingBox();
    if (!canvas) throw new Error('no canvas');
    await participant.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await participant.mouse.wheel(300, 500);
    await expect.poll(async () => (await camera(participant))?.y).not.toBe(fitted?.y);
    const moved = await camera(participant);

    await participant.reload();
    await waitForBoard(participant);
    await waitForConnection(participant, 'connected');
    await expect.poll(() => camera(participant)).toEqual(moved);
  });

  it('names a Finnish board\'s first page "Sivu 1", and a new page "Sivu 2" from an English UI', async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Palvelupolku', 'fi');
    const facilitator = await app.newPage(aino, { locale: 'fi', contextOptions: desktop });
    await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
    await expect.poll(() => pageNames(facilitator)).toEqual(['Sivu 1']);
    await expect
      .poll(() => facilitator.getByTestId('page-menu.button').textContent())
      .toContain('Sivu 1');

    const participant = await app.newPage(bertta, { locale: 'en', contextOptions: desktop });
    await openBoard(participant, `${server.url}${room.links.participant}`);
    await expect.poll(() => pageNames(participant)).toEqual(['Sivu 1']);
    await participant.getByTestId('page-menu.button').click();
    await participant.getByTestId('page-menu.create').click();
    await expect.poll(() => pageNames(participant)).toEqual(['Sivu 1', 'Sivu 2']);
    await expect.poll(() => pageNames(facilitator)).toEqual(['Sivu 1', 'Sivu 2']);
  });

  const axeCases: {
    name: string;
    locale: TestLocale;
    contextOptions: typeof desktop | typeof phone;
  }[] = [
    { name: 'desktop, en', locale: 'en', contextOptions: desktop },
    { name: 'desktop, fi', locale: 'fi', contextOptions: desktop },
    { name: 'phone, en', locale: 'en', contextOptions: phone },
    { name: 'phone, fi', locale: 'fi', contextOptions: phone },
  ];
  for (const { name, locale, contextOptions } of axeCases) {
    it(`has no axe violations in the top bar, the toolbar and the rename dialog (${name})`, async () => {
      const server = app.server();
      const room = await createRoom(server.url, 'Palvelupolku', locale);
      const page = await app.newPage(aino, { locale, contextOptions });
      await openBoard(page, `${server.url}${room.links.facilitator}`);
      await page.getByTestId('board-title').waitFor();
      expect(await axeViolations(page, ['.board-bar', '.tlui-main-toolbar'])).toEqual([]);

      await page.getByTestId('board-title').click();
      const dialog = page.getByTestId('rename-board-dialog');
      await dialog.waitFor();
      // The dialog fits the screen, a 390 px phone included.
      const box = await dialog.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= contextOptions.viewport.width).toBe(true);
      await dialog.locator('input').fill('');
      await dialog.locator('input').press('Enter');
      await dialog.getByRole('alert').waitFor();
      expect(await axeViolations(page, ['[data-testid="rename-board-dialog"]'])).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });
  }
});
