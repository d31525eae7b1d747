import { expect, it } from 'vitest';
import {
  aino,
  connectionStatus,
  describeWithBrowser,
  drawRectangle,
  shapeCount,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';

/** Schemes that never leave the browser. */
const localSchemes = new Set(['data:', 'blob:', 'about:']);

describeWithBrowser('no request leaves the machine', (browser) => {
  const app = useAppServer(browser);

  it('loads fonts, icons and translations from our own server only', async () => {
    const server = app.server();
    const context = await app.newContext(aino, { locale: 'en' });
    const requested: string[] = [];
    const failed: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    context.on('requestfailed', (request) =>
      failed.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`),
    );
    context.on('weberror', (error) => failed.push(`page error: ${error.error().message}`));
    const page = await context.newPage();

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Create a new board', exact: true }).click();
    await waitForBoard(page);
    await waitForConnection(page, 'connected');

    // Exercise what pulls assets: drawing (icons in the style panel), the
    // main menu (icons), and Finnish (tldraw's fi translation).
    const box = await page.locator('.tl-canvas').first().boundingBox();
    if (!box) throw new Error('canvas has no bounding box');
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await drawRectangle(page, centre, { x: centre.x + 120, y: centre.y + 80 });
    await expect.poll(() => shapeCount(page, 'geo')).toBe(1);
    await page.locator('[data-testid="main-menu.button"]').click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Language').selectOption('fi');
    await expect.poll(() => page.locator(connectionStatus).textContent()).toContain('Yhdistetty');
    await expect
      .poll(() => page.locator('[data-testid="tools.select"]').first().getAttribute('aria-label'))
      .toMatch(/^Valitse/);
    await page.evaluate(() => globalThis.document.fonts.ready.then(() => undefined));

    // The recorder saw the assets this test is about, so an empty list below means something.
    expect(requested.some((address) => /\/fi-[\w-]+\.json$/.test(address))).toBe(true);
    expect(requested.some((address) => /\.woff2$/.test(address))).toBe(true);
    const outside = requested.filter((address) => {
      const url = new URL(address);
      return !localSchemes.has(url.protocol) && url.hostname !== '127.0.0.1';
    });
    expect(outside, `requests to other hosts:\n${outside.join('\n')}`).toEqual([]);
    expect(failed, `failed requests or page errors:\n${failed.join('\n')}`).toEqual([]);
  });
});
