import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  openBoard,
  shapeCount,
  testUser,
  useAppServer,
  waitForConnection,
} from '../helpers/browser.js';
import { joinAsGuest } from '../helpers/roomPages.js';
import { createRoom } from '../helpers/rooms.js';

const phoneViewport = { width: 390, height: 844 } as const;
const cecilia = testUser('cecilia', 'Cecilia', '#8e24aa');
const banner = '[data-testid="sync-notice-banner"]';
const toastTitle = '.tlui-toast__title';

/** The board's editor inside the page, untyped beyond what these tests use. */
interface PageEditor {
  getShape(id: string): { x: number; y: number; isLocked: boolean; meta: Record<string, unknown> };
  getCurrentPageShapes(): { id: string; type: string }[];
  getShapePageBounds(id: string): { center: { x: number; y: number } };
  pageToScreen(point: { x: number; y: number }): { x: number; y: number };
  zoomToFit(): void;
}

/** The page's board, as `page.evaluate` callbacks (which see no outer functions) reach it. */
type BoardWindow = { kohtaamo: { editor: PageEditor } };

/** Adds a note with the note tool at a viewport point; returns its id. */
async function addNote(page: Page, at: { x: number; y: number }, text: string): Promise<string> {
  const before = await shapeIds(page, 'note');
  // The note tool's shortcut: the toolbar button may sit in the overflow menu.
  await page.locator('.tl-canvas').first().hover();
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await page.mouse.click(at.x, at.y);
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await shapeIds(page, 'note')).length).toBe(before.length + 1);
  const [id] = (await shapeIds(page, 'note')).filter((noteId) => !before.includes(noteId));
  if (!id) throw new Error('no new note');
  return id;
}

function shapeIds(page: Page, type: string): Promise<string[]> {
  return page.evaluate(
    (shapeType) =>
      (globalThis as unknown as BoardWindow).kohtaamo.editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type === shapeType)
        .map((shape) => shape.id),
    type,
  );
}

function shapeOf(page: Page, id: string) {
  return page.evaluate((shapeId) => {
    const shape = (globalThis as unknown as BoardWindow).kohtaamo.editor.getShape(shapeId);
    return shape ? { x: shape.x, y: shape.y, isLocked: shape.isLocked, meta: shape.meta } : null;
  }, id);
}

/** Where a shape's centre is in the page's viewport. */
function screenCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((shapeId) => {
    const editor = (globalThis as unknown as BoardWindow).kohtaamo.editor;
    return editor.pageToScreen(editor.getShapePageBounds(shapeId).center);
  }, id);
}

async function canvasCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('.tl-canvas').first().boundingBox();
  if (!box) throw new Error('canvas has no bounding box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.x / 2, from.y + by.y / 2, { steps: 5 });
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 5 });
  await page.mouse.up();
}

/** Selects a shape with a click and deletes it with the Delete key. */
async function clickAndDelete(page: Page, id: string): Promise<void> {
  const centre = await screenCentre(page, id);
  // From nothing selected: a click on the one selected note would start editing its text.
  await page.keyboard.press('Escape');
  await page.mouse.click(centre.x, centre.y);
  await page.keyboard.press('Delete');
}

/** Toggles the lock of a template through tldraw's context menu (Edit › Toggle locked). */
async function toggleLockFromContextMenu(page: Page, id: string): Promise<void> {
  const centre = await screenCentre(page, id);
  await page.mouse.click(centre.x, centre.y, { button: 'right' });
  await page.getByTestId('context-menu-sub.edit-button').click();
  await page.getByTestId('context-menu.toggle-lock').click();
}

/** Lets a refused write, if one was sent, reach the server and be answered with a close. */
async function giveTheServerTime(page: Page): Promise<void> {
  await page.waitForTimeout(1500);
}

describeWithBrowser('roles on a shared board', (browser) => {
  const app = useAppServer(browser);

  it("a guest on a phone cannot move or delete a participant's note, stays connected, and moves and deletes their own", async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Roles check', 'en');
    const participant = await app.newPage(bertta, { locale: 'en' });
    await openBoard(participant, `${server.url}${room.links.participant}`);
    const theirs = await addNote(participant, await canvasCentre(participant), 'Bertta’s idea');

    const guest = await app.newPage(cecilia, {
      locale: 'en',
      contextOptions: { viewport: phoneViewport },
    });
    await joinAsGuest(guest, `${server.url}${room.links.guest}`, cecilia.name);
    await expect.poll(() => shapeCount(guest, 'note'), { timeout: 10_000 }).toBe(1);
    const placed = await shapeOf(guest, theirs);
    // The participant's wide screen put the note where the phone's viewport does not reach.
    await guest.evaluate(() => {
      (globalThis as unknown as BoardWindow).kohtaamo.editor.zoomToFit();
    });

    await clickAndDelete(guest, theirs);
    await guest
      .locator(toastTitle)
      .filter({ hasText: 'Only the author can change this.' })
      .waitFor();
    expect(await axeViolations(guest, ['.tlui-toast__container'])).toEqual([]);
    const theirCentre = await screenCentre(guest, theirs);
    await drag(guest, { x: theirCentre.x, y: theirCentre.y - 70 }, { x: 90, y: 120 });
    await giveTheServerTime(guest);

    expect(await shapeOf(guest, theirs)).toMatchObject({ x: placed?.x, y: placed?.y });
    expect(await shapeOf(participant, theirs)).toMatchObject({ x: placed?.x, y: placed?.y });
    expect(await shapeCount(participant, 'note')).toBe(1);
    expect(await guest.locator(banner).count()).toBe(0);
    await waitForConnection(guest, 'connected');

    // The guest's own note is theirs to move and delete (once the toast no longer covers it).
    await guest.locator('.tlui-toast__container').waitFor({ state: 'detached', timeout: 10_000 });
    const start = await canvasCentre(guest);
    const mine = await addNote(guest, { x: start.x, y: start.y + 230 }, 'Cecilia’s note');
    expect((await shapeOf(guest, mine))?.meta).toMatchObject({ authorId: cecilia.id });
    const before = await shapeOf(guest, mine);
    await guest.keyboard.press('Escape');
    // Not from where the note was placed: a press there so soon after is a double click (edit text).
    const centre = await screenCentre(guest, mine);
    await drag(guest, { x: centre.x, y: centre.y - 70 }, { x: 60, y: -40 });
    await expect
      .poll(async () => (await shapeOf(participant, mine))?.x, { timeout: 10_000 })
      .not.toBe(before?.x);
    await clickAndDelete(guest, mine);
    await expect.poll(() => shapeCount(participant, 'note'), { timeout: 10_000 }).toBe(1);
    expect(await shapeOf(participant, theirs)).not.toBeNull();

    await giveTheServerTime(guest);
    expect(await guest.locator(banner).count()).toBe(0);
    await waitForConnection(guest, 'connected');
    // No template, import or page controls for a guest.
    expect(await guest.getByTestId('kohtaamo-insert-template').count()).toBe(0);
    expect(await guest.getByTestId('page-menu.button').count()).toBe(0);
    await guest.getByTestId('main-menu.button').click();
    await guest.getByRole('menuitem', { name: 'Edit' }).waitFor();
    expect(await guest.getByRole('menuitem', { name: 'Insert template' }).count()).toBe(0);
    expect(await guest.getByRole('menuitem', { name: /Import template/ }).count()).toBe(0);
    await guest.keyboard.press('Escape');
  });

  it('a participant cannot unlock a template the facilitator locked, and stays connected', async () => {
    const server = app.server();
    const room = await createRoom(server.url, 'Roles check', 'en');
    const facilitator = await app.newPage(aino, { locale: 'en' });
    await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
    await facilitator.getByTestId('kohtaamo-insert-template').click();
    await facilitator.getByRole('menuitem', { name: 'Journey map' }).click();
    await expect.poll(() => shapeIds(facilitator, 'kohtaamo-template')).toHaveLength(1);
    const [template = ''] = await shapeIds(facilitator, 'kohtaamo-template');
    await facilitator.keyboard.press('Escape');
    await toggleLockFromContextMenu(facilitator, template);
    await expect.poll(async () => (await shapeOf(facilitator, template))?.isLocked).toBe(true);

    const participant = await app.newPage(bertta, { locale: 'fi' });
    await openBoard(participant, `${server.url}${room.links.participant}`);
    await expect
      .poll(async () => (await shapeOf(participant, template))?.isLocked, { timeout: 10_000 })
      .toBe(true);
    const badge = participant.getByTestId('template-lock-badge');
    await expect.poll(() => badge.textContent()).toBe('Fasilitaattorin lukitsema');
    expect(await axeViolations(participant, ['[data-testid="template-lock-badge"]'])).toEqual([]);

    await toggleLockFromContextMenu(participant, template);
    await participant
      .locator(toastTitle)
      .filter({ hasText: 'Vain fasilitaattori voi lukita tai avata tämän.' })
      .waitFor();
    await giveTheServerTime(participant);

    expect((await shapeOf(participant, template))?.isLocked).toBe(true);
    expect((await shapeOf(facilitator, template))?.isLocked).toBe(true);
    expect(await participant.locator(banner).count()).toBe(0);
    await waitForConnection(participant, 'connected');

    // The facilitator unlocks it with the same action, and the badge goes for everyone.
    await toggleLockFromContextMenu(facilitator, template);
    await expect
      .poll(async () => (await shapeOf(participant, template))?.isLocked, { timeout: 10_000 })
      .toBe(false);
    await expect.poll(() => badge.count()).toBe(0);
  });
});
