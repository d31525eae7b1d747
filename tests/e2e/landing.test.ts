import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  connectionStatus,
  describeWithBrowser,
  type KohtaamoWindow,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';

/** Presses Tab until `target` has focus; fails if it is not reached within `maxTabs`. */
async function tabTo(page: Page, target: Locator, maxTabs = 30): Promise<void> {
  for (let presses = 0; presses < maxTabs; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) {
      return;
    }
  }
  throw new Error(`Tab did not reach ${target} within ${maxTabs} presses`);
}

describeWithBrowser('landing → new board → name dialog → language', (browser) => {
  const app = useAppServer(browser);

  it('creates a board and names the visitor with the keyboard only, then switches to Finnish', async () => {
    const server = app.server();
    const page = await app.newPage(undefined, { locale: 'en' });
    await page.goto(`${server.url}/`);

    const create = page.getByRole('button', { name: 'Create a new board', exact: true });
    await create.waitFor();
    await expect.poll(() => page.getByLabel('Board link or code').count()).toBe(1);
    await expect
      .poll(() => page.getByRole('button', { name: 'Open', exact: true }).count())
      .toBe(1);

    await tabTo(page, create);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{3,64}$/);

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Your name').count()).toBe(1);
    // A modal dialog takes focus, so a keyboard user can type straight away.
    await expect
      .poll(() =>
        dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement)),
      )
      .toBe(true);
    const nameInput = dialog.getByLabel('Your name');
    if (!(await nameInput.evaluate((element) => element === element.ownerDocument.activeElement))) {
      await tabTo(page, nameInput);
    }
    await page.keyboard.type('Kaisa Keyboard');
    await tabTo(page, dialog.getByRole('button', { name: 'Continue', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    await waitForBoard(page);
    await waitForConnection(page, 'connected');
    await expect.poll(() => page.locator(connectionStatus).textContent()).toContain('Connected');
    const stored = await page.evaluate(() => globalThis.localStorage.getItem('kohtaamo.user'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ name: 'Kaisa Keyboard' });

    // tldraw's own UI is English before the switch.
    const selectTool = page.locator('[data-testid="tools.select"]').first();
    await expect.poll(() => selectTool.getAttribute('aria-label')).toMatch(/^Select/);

    await page.getByLabel('Language').selectOption('fi');
    await expect.poll(() => page.locator(connectionStatus).textContent()).toContain('Yhdistetty');
    await expect.poll(() => page.getByLabel('Kieli').count()).toBe(1);
    // tldraw's Finnish translation ("tool.select": "Valitse") ships with the app.
    await expect.poll(() => selectTool.getAttribute('aria-label')).toMatch(/^Valitse/);
    await expect
      .poll(() =>
        page.evaluate(() =>
          (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.user.getLocale(),
        ),
      )
      .toBe('fi');

    // The choice is remembered.
    await page.reload();
    await waitForBoard(page);
    await expect.poll(() => page.locator(connectionStatus).textContent()).toContain('Yhdistetty');
  });
});
