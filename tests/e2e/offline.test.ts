import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  aino,
  bertta,
  connectionStatus,
  describeWithBrowser,
  drawRectangle,
  type KohtaamoWindow,
  openBoard,
  shapeCount,
  type TestUser,
  testRoomId,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';

const cecilia: TestUser = { id: 'e2e-user-cecilia', name: 'Cecilia', color: '#8e24aa' };

async function drawInCentre(page: Page): Promise<void> {
  const box = await page.locator('.tl-canvas').first().boundingBox();
  if (!box) throw new Error('canvas has no bounding box');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await drawRectangle(page, { x: x - 100, y: y - 60 }, { x: x + 60, y: y + 40 });
}

function geoIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type === 'geo')
        .map((shape) => shape.id) ?? [],
  );
}

/** Entries in every y-indexeddb `updates` store of the page's origin. */
function storedUpdateCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const factory = globalThis.indexedDB;
    const databases = await factory.databases();
    let total = 0;
    for (const { name } of databases) {
      if (!name) continue;
      total += await new Promise<number>((resolve) => {
        const request = factory.open(name);
        request.onerror = () => resolve(0);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('updates')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('updates', 'readonly').objectStore('updates').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => {
            db.close();
            resolve(0);
          };
        };
      });
    }
    return total;
  });
}

function badgeState(page: Page): Promise<string | null> {
  return page.locator(connectionStatus).getAttribute('data-state');
}

describeWithBrowser('offline editing', (browser) => {
  const app = useAppServer(browser);

  it('keeps a shape drawn offline local until the connection returns, then delivers it', async () => {
    const server = app.server();
    const boardUrl = `${server.url}/b/${testRoomId('offline')}`;
    const contextA = await app.newContext(aino);
    const a = await contextA.newPage();
    const b = await app.newPage(bertta);
    await openBoard(a, boardUrl);
    await openBoard(b, boardUrl);

    await contextA.setOffline(true);
    await a.evaluate(() =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.disconnect(),
    );
    await expect.poll(() => badgeState(a)).toMatch(/^(offline|reconnecting)$/);
    await drawInCentre(a);
    await expect.poll(() => geoIds(a).then((ids) => ids.length)).toBe(1);
    const [id] = await geoIds(a);

    // A newcomer's full sync is the barrier: once it is synced, the server's
    // copy is what B could have received, and it must not hold A's shape.
    const c = await app.newPage(cecilia);
    await openBoard(c, boardUrl);
    await c.waitForFunction(
      () => (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.synced === true,
    );
    expect(await shapeCount(c, 'geo')).toBe(0);
    expect(await shapeCount(b, 'geo')).toBe(0);

    await contextA.setOffline(false);
    await a.evaluate(() => (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.connect());
    await waitForConnection(a, 'connected');
    await expect.poll(() => geoIds(b)).toEqual([id]);
    await expect.poll(() => geoIds(c)).toEqual([id]);
  });

  it('shows a shape drawn offline after a reload that still has no connection', async () => {
    const server = app.server();
    const boardUrl = `${server.url}/b/${testRoomId('reload')}`;
    const a = await app.newPage(aino);
    await openBoard(a, boardUrl);

    // The page itself still loads over HTTP; only the sync socket is refused.
    // (page.unrouteAll does not remove WebSocket routes, hence the switch.)
    let syncBlocked = true;
    await a.routeWebSocket(/\/sync\//, (socket) => {
      if (syncBlocked) socket.close({ code: 1011, reason: 'e2e offline' });
      else socket.connectToServer();
    });
    await a.evaluate(() =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.disconnect(),
    );
    await expect.poll(() => badgeState(a)).toMatch(/^(offline|reconnecting)$/);
    const storedBefore = await storedUpdateCount(a);
    await drawInCentre(a);
    await expect.poll(() => geoIds(a).then((ids) => ids.length)).toBe(1);
    const [id] = await geoIds(a);
    await expect.poll(() => storedUpdateCount(a)).toBeGreaterThan(storedBefore);

    await a.reload();
    await waitForBoard(a);
    await expect.poll(() => geoIds(a)).toEqual([id]);
    expect(await badgeState(a)).not.toBe('connected');

    syncBlocked = false;
    await a.evaluate(() => {
      const provider = (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider;
      provider?.disconnect();
      provider?.connect();
    });
    await waitForConnection(a, 'connected');
    const b = await app.newPage(bertta);
    await openBoard(b, boardUrl);
    await expect.poll(() => geoIds(b)).toEqual([id]);
  });
});
