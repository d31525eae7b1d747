import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  aino,
  bertta,
  cssRgb,
  describeWithBrowser,
  type KohtaamoWindow,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

interface SeenCollaborator {
  readonly userId: string;
  readonly userName: string;
  readonly cursor: { x: number; y: number } | null;
}

/** Collaborators the page's editor shows on the current page. */
function collaborators(page: Page): Promise<SeenCollaborator[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor
        .getCollaboratorsOnCurrentPage()
        .map(({ userId, userName, cursor }) => ({
          userId,
          userName,
          cursor: cursor ? { x: cursor.x, y: cursor.y } : null,
        })) ?? [],
  );
}

describeWithBrowser('presence: cursors and names of others', (browser) => {
  const app = useAppServer(browser);

  it("shows A's cursor and name to B, and removes it when A leaves", async () => {
    const server = app.server();
    const room = testRoomId('presence');
    const contextA = await app.newContext(aino);
    const contextB = await app.newContext(bertta);
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    await openBoard(a, `${server.url}/b/${room}`);
    await openBoard(b, `${server.url}/b/${room}`);

    const box = await a.locator('.tl-canvas').first().boundingBox();
    if (!box) throw new Error('canvas has no bounding box');
    const screenPoint = { x: box.x + box.width / 2 + 60, y: box.y + box.height / 2 - 40 };
    await a.mouse.move(screenPoint.x - 50, screenPoint.y - 50);
    await a.mouse.move(screenPoint.x, screenPoint.y, { steps: 10 });
    const pagePoint = await a.evaluate(
      (point) => (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor.screenToPage(point),
      screenPoint,
    );
    if (!pagePoint) throw new Error('A has no editor');

    await expect
      .poll(
        async () => {
          const seen = (await collaborators(b)).find((person) => person.userName === aino.name);
          if (!seen?.cursor) return Number.POSITIVE_INFINITY;
          return Math.hypot(seen.cursor.x - pagePoint.x, seen.cursor.y - pagePoint.y);
        },
        { message: "B should see Aino's cursor where A's mouse is", timeout: 15_000 },
      )
      .toBeLessThan(2);
    // tldraw's collaborator cursor, with A's name tag in A's colour.
    const cursorTag = b.locator('.tl-collaborator__cursor .tl-nametag', { hasText: aino.name });
    await cursorTag.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await cursorTag.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      cssRgb(aino.color),
    );
    // The face pile in tldraw's share zone shows A's initial to B.
    await expect
      .poll(() => b.locator('.tlui-people-menu__avatar').allInnerTexts(), { timeout: 15_000 })
      .toContain('A');

    await contextA.close();
    await expect
      .poll(() => collaborators(b).then((seen) => seen.map((person) => person.userName)), {
        message: 'Aino should disappear from B within a few seconds of leaving',
        timeout: 8_000,
      })
      .not.toContain(aino.name);
    await expect
      .poll(() => b.locator('.tlui-people-menu__avatar').allInnerTexts(), { timeout: 8_000 })
      .not.toContain('A');
    await expect
      .poll(() => b.locator('.tl-collaborator__cursor').count(), { timeout: 8_000 })
      .toBe(0);
  });
});
