import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  describeWithBrowser,
  drawRectangle,
  geoShapeSelector,
  type KohtaamoWindow,
  openBoard,
  useAppServer,
  waitForBoard,
} from '../helpers/browser.js';

interface ShapeSnapshot {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly color: unknown;
}

/** Geo shapes on the page, as plain data. */
function geoShapes(page: Page): Promise<ShapeSnapshot[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type === 'geo')
        .map((shape) => ({ id: shape.id, x: shape.x, y: shape.y, color: shape.props.color })) ?? [],
  );
}

/** Draws one rectangle in the middle of the canvas and returns its id. */
async function drawOneRectangle(page: Page): Promise<string> {
  const box = await page.locator('.tl-canvas').first().boundingBox();
  if (!box) throw new Error('canvas has no bounding box');
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await drawRectangle(
    page,
    { x: centre.x - 120, y: centre.y - 80 },
    { x: centre.x + 40, y: centre.y + 20 },
  );
  await expect.poll(() => geoShapes(page).then((shapes) => shapes.length)).toBe(1);
  const [shape] = await geoShapes(page);
  if (!shape) throw new Error('no rectangle after drawing');
  return shape.id;
}

describeWithBrowser('collaboration between two people on one board', (browser) => {
  const app = useAppServer(browser, { persistentDataDir: true });

  it('shows a rectangle drawn by one person to the other, after a reload and after a server restart', async () => {
    const pair = await app.openPair('collab');
    let server = pair.server;
    const { room, a, b } = pair;

    const id = await drawOneRectangle(a);
    await expect.poll(() => b.locator(geoShapeSelector).count()).toBe(1);
    expect((await geoShapes(b)).map((shape) => shape.id)).toEqual([id]);

    await b.reload();
    await waitForBoard(b);
    await expect.poll(() => b.locator(geoShapeSelector).count()).toBe(1);

    server = await app.restart();
    await openBoard(b, `${server.url}/b/${room}`);
    await expect.poll(() => b.locator(geoShapeSelector).count()).toBe(1);
    // A person who never saw the board has no local copy: only the server can provide it.
    const newcomer = await app.newPage({
      id: 'e2e-user-cecilia',
      name: 'Cecilia',
      color: '#8e24aa',
    });
    await openBoard(newcomer, `${server.url}/b/${room}`);
    await expect.poll(() => newcomer.locator(geoShapeSelector).count()).toBe(1);
    expect((await geoShapes(newcomer)).map((shape) => shape.id)).toEqual([id]);
  });

  it('keeps both a move and a recolour made at the same moment while disconnected', async () => {
    const { a, b } = await app.openPair('merge');
    const id = await drawOneRectangle(a);
    await expect.poll(() => geoShapes(b).then((shapes) => shapes.map((s) => s.id))).toEqual([id]);
    const [before] = await geoShapes(a);
    if (!before) throw new Error('rectangle vanished');
    expect(before.color).not.toBe('red');
    const target = { x: Math.round(before.x) + 300, y: Math.round(before.y) + 200 };

    const disconnect = () =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.disconnect();
    await Promise.all([a.evaluate(disconnect), b.evaluate(disconnect)]);
    await Promise.all([
      a.evaluate(
        ({ shapeId, x, y }) =>
          // The editor it returns cannot be serialized back to the test.
          void (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.updateShape({
            id: shapeId,
            type: 'geo',
            x,
            y,
          }),
        { shapeId: id, ...target },
      ),
      b.evaluate(
        (shapeId) =>
          // The editor it returns cannot be serialized back to the test.
          void (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.updateShape({
            id: shapeId,
            type: 'geo',
            props: { color: 'red' },
          }),
        id,
      ),
    ]);
    const connect = () => (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.connect();
    await Promise.all([a.evaluate(connect), b.evaluate(connect)]);

    const merged = { id, x: target.x, y: target.y, color: 'red' };
    await expect.poll(() => geoShapes(a), { timeout: 15_000 }).toEqual([merged]);
    await expect.poll(() => geoShapes(b), { timeout: 15_000 }).toEqual([merged]);
  });

  it('keeps both a move and a recolour made at the same moment while connected', async () => {
    const { a, b } = await app.openPair('live');
    const id = await drawOneRectangle(a);
    await expect.poll(() => geoShapes(b).then((shapes) => shapes.map((s) => s.id))).toEqual([id]);
    const [before] = await geoShapes(a);
    if (!before) throw new Error('rectangle vanished');
    const target = { x: Math.round(before.x) - 250, y: Math.round(before.y) + 150 };

    await Promise.all([
      a.evaluate(
        ({ shapeId, x, y }) =>
          // The editor it returns cannot be serialized back to the test.
          void (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.updateShape({
            id: shapeId,
            type: 'geo',
            x,
            y,
          }),
        { shapeId: id, ...target },
      ),
      b.evaluate(
        (shapeId) =>
          // The editor it returns cannot be serialized back to the test.
          void (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.updateShape({
            id: shapeId,
            type: 'geo',
            props: { color: 'blue' },
          }),
        id,
      ),
    ]);

    const merged = { id, x: target.x, y: target.y, color: 'blue' };
    await expect.poll(() => geoShapes(a), { timeout: 15_000 }).toEqual([merged]);
    await expect.poll(() => geoShapes(b), { timeout: 15_000 }).toEqual([merged]);
  });
});
