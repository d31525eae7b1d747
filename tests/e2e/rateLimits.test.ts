import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  bertta,
  clientDist,
  closeAll,
  connectionStatus,
  describeWithBrowser,
  type KohtaamoWindow,
  newUserContext,
  openBoard,
  shapeCount,
  testRoomId,
  waitForConnection,
} from '../helpers/browser.js';
import { parseLogLines, type RunningServer, startServer } from '../helpers/server.js';

const banner = '[data-testid="sync-notice-banner"]';

/**
 * Budgets small enough for a person drawing a few rectangles to run out: the
 * handshake takes 11 of the 20 document messages (sync step 1 costs 10), and
 * drawing sends a few messages per shape.
 */
const env = { RATE_LIMIT_UPDATES_PER_SECOND: '1', RATE_LIMIT_UPDATES_BURST: '20' };

/** Draws rectangles in a row until the server closes the connection (at most 12). */
async function drawUntilClosed(page: Page): Promise<number> {
  const box = await page.locator('.tl-canvas').first().boundingBox();
  if (!box) throw new Error('canvas has no bounding box');
  for (let index = 0; index < 12; index++) {
    if (await page.locator(banner).isVisible()) return index;
    const x = box.x + 40 + (index % 4) * 60;
    const y = box.y + 80 + Math.floor(index / 4) * 60;
    await page.locator('.tl-canvas').first().hover();
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 6; step++) {
      await page.mouse.move(x + step * 7, y + step * 5);
      await page.waitForTimeout(30);
    }
    await page.mouse.up();
    await page.waitForTimeout(100);
  }
  await page.locator(banner).waitFor({ state: 'visible', timeout: 10_000 });
  return 12;
}

describeWithBrowser('rate limits in the browser', (browser) => {
  let server: RunningServer | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { CLIENT_DIR: clientDist, ...env } });
  });
  afterAll(async () => {
    await closeAll(contexts);
    await server?.stop();
  });

  const running = (): RunningServer => {
    if (!server) throw new Error('server did not start');
    return server;
  };

  it('tells an English user who sent too much, stops retrying, and delivers the work after a reload', async () => {
    const boardUrl = `${running().url}/b/${testRoomId('flood-en')}`;
    const context = await newUserContext(browser(), aino, { locale: 'en' });
    contexts.push(context);
    const page = await context.newPage();
    await openBoard(page, boardUrl);

    await drawUntilClosed(page);
    const notice = page.locator(banner);
    await expect.poll(() => notice.getAttribute('role')).toBe('alert');
    expect(await notice.locator('h2').textContent()).toBe('Too many changes too fast');
    expect(await notice.locator('p').textContent()).toMatch(/reload the page/i);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('Reload page');
    expect(await page.locator(connectionStatus).getAttribute('data-state')).toBe('offline');
    expect(await axeViolations(page, [banner])).toEqual([]);
    const closes = parseLogLines(running().logs).filter(
      (line) => line.msg === 'closing socket: rate limit',
    );
    expect(closes.length).toBeGreaterThanOrEqual(1);

    // No reconnect loop: the provider stays down until the person reloads.
    const drawn = await shapeCount(page, 'geo');
    expect(drawn).toBeGreaterThan(0);
    const everConnected = await page.evaluate(async () => {
      let seen = false;
      for (let sample = 0; sample < 30; sample++) {
        seen ||= (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.wsconnected === true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return seen;
    });
    expect(everConnected).toBe(false);

    // The reload reconnects with a fresh budget; the shapes kept on this device reach the server.
    await notice.locator('button').click();
    await waitForConnection(page, 'connected');
    await expect.poll(() => shapeCount(page, 'geo')).toBe(drawn);
    const other = await newUserContext(browser(), bertta, { locale: 'en' });
    contexts.push(other);
    const check = await other.newPage();
    await openBoard(check, boardUrl);
    await expect.poll(() => shapeCount(check, 'geo')).toBe(drawn);
  });

  it('shows the Finnish message on a phone', async () => {
    const boardUrl = `${running().url}/b/${testRoomId('flood-fi')}`;
    const context = await newUserContext(browser(), bertta, {
      locale: 'fi',
      contextOptions: { viewport: { width: 390, height: 844 } },
    });
    contexts.push(context);
    const page = await context.newPage();
    await openBoard(page, boardUrl);

    await drawUntilClosed(page);
    const notice = page.locator(banner);
    expect(await notice.locator('h2').textContent()).toBe('Liian monta muutosta liian nopeasti');
    const button = notice.locator('button');
    expect(await button.textContent()).toBe('Lataa sivu uudelleen');
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
    }
    expect(await axeViolations(page, [banner])).toEqual([]);
  });
});
