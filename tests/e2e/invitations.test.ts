import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  shapeCount,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';
import { createBoardFromLanding } from '../helpers/roomPages.js';

const phoneViewport = { width: 390, height: 844 } as const;

async function addNote(page: Page): Promise<void> {
  const box = await page.locator('.tl-canvas').first().boundingBox();
  if (!box) throw new Error('canvas has no bounding box');
  await page.locator('[data-testid="tools.note"]').first().click();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.type('Hello from the guest');
  await page.keyboard.press('Escape');
}

describeWithBrowser('invitations and roles', (browser) => {
  const app = useAppServer(browser);

  for (const { name, viewport } of [
    { name: 'desktop', viewport: undefined },
    { name: '390x844', viewport: phoneViewport },
  ]) {
    it(`a facilitator creates a titled board and opens an accessible share panel (${name})`, async () => {
      const server = app.server();
      const page = await app.newPage(aino, {
        locale: 'en',
        ...(viewport ? { contextOptions: { viewport } } : {}),
      });
      const errors: string[] = [];
      page.on('console', (message) => errors.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      const links = await createBoardFromLanding(page, server.url, 'Customer journey');
      expect(links.guest).toMatch(/^\/b\/[A-Za-z0-9_-]+\?t=/);

      const opener = page.getByRole('button', { name: 'Share', exact: true });
      await opener.click();
      const panel = page.getByRole('dialog', { name: 'Share this board' });
      await panel.waitFor();
      for (const role of ['Facilitator', 'Participant', 'Guest', 'Viewer']) {
        await expect.poll(() => panel.getByLabel(`${role} link`, { exact: true }).count()).toBe(1);
        await expect
          .poll(() => panel.getByRole('img', { name: `QR code of the ${role} link` }).count())
          .toBe(1);
      }
      await expect
        .poll(() => panel.getByLabel('Guest link', { exact: true }).inputValue())
        .toBe(`${server.url}${links.guest}`);
      await expect
        .poll(() => page.locator('.qr-code[data-ready="true"]').count(), {
          message: errors.join('\n'),
        })
        .toBe(4);

      expect(await axeViolations(page, ['[data-testid="share-panel"]'])).toEqual([]);

      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
      // Focus goes back to the button that opened the panel.
      expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
    });
  }

  it('a viewer link opens the board read-only and stays connected', async () => {
    const server = app.server();
    const facilitator = await app.newPage(aino, { locale: 'en' });
    const links = await createBoardFromLanding(facilitator, server.url, 'Viewer check');

    const viewer = await app.newPage(bertta, { locale: 'en' });
    await viewer.goto(`${server.url}${links.viewer}`);
    await waitForBoard(viewer);
    await waitForConnection(viewer, 'connected');
    await viewer.getByText('You can view this board but not edit it.').first().waitFor();

    const box = await viewer.locator('.tl-canvas').first().boundingBox();
    if (!box) throw new Error('canvas has no bounding box');
    await viewer.locator('.tl-canvas').first().hover();
    await viewer.keyboard.press('r');
    await viewer.mouse.move(box.x + 200, box.y + 200);
    await viewer.mouse.down();
    await viewer.mouse.move(box.x + 320, box.y + 280, { steps: 5 });
    await viewer.mouse.up();
    await viewer.keyboard.press('n');
    await viewer.mouse.click(box.x + 400, box.y + 300);

    // Give a refused write time to reach the server and be answered with a close.
    await viewer.waitForTimeout(1500);
    expect(await shapeCount(viewer, 'geo')).toBe(0);
    expect(await shapeCount(viewer, 'note')).toBe(0);
    await waitForConnection(viewer, 'connected');
    expect(await viewer.locator('[data-testid="sync-notice-banner"]').count()).toBe(0);
  });

  it('a guest reads the notice, gives a name and adds a note the facilitator sees; a new guest link disconnects them', async () => {
    const server = app.server();
    const facilitator = await app.newPage(aino, { locale: 'en' });
    const links = await createBoardFromLanding(facilitator, server.url, 'Guest check');

    const guest = await app.newPage(undefined, { locale: 'en' });
    await guest.goto(`${server.url}${links.guest}`);
    const notice = guest.getByTestId('guest-notice');
    await notice.waitFor();
    await expect.poll(() => notice.textContent()).toContain('What is stored');
    await notice.getByRole('button', { name: 'Continue', exact: true }).click();
    const nameDialog = guest.getByRole('dialog');
    await nameDialog.getByLabel('Your name').fill('Customer Cecilia');
    await nameDialog.getByRole('button', { name: 'Continue', exact: true }).click();
    await waitForBoard(guest);
    await waitForConnection(guest, 'connected');
    expect(new URL(guest.url()).search).toBe('');
    // The simplified toolbar: no rectangles for guests.
    expect(await guest.locator('[data-testid="tools.note"]').count()).toBeGreaterThan(0);
    expect(await guest.locator('[data-testid="tools.rectangle"]').count()).toBe(0);

    await addNote(guest);
    await expect.poll(() => shapeCount(guest, 'note')).toBe(1);
    await expect.poll(() => shapeCount(facilitator, 'note'), { timeout: 10_000 }).toBe(1);

    await facilitator.getByRole('button', { name: 'Share', exact: true }).click();
    const panel = facilitator.getByRole('dialog', { name: 'Share this board' });
    await panel.getByRole('button', { name: 'New link: Guest', exact: true }).click();
    await panel.getByRole('button', { name: 'Make a new link', exact: true }).click();
    await expect
      .poll(() => panel.getByLabel('Guest link', { exact: true }).inputValue())
      .not.toBe(`${server.url}${links.guest}`);

    await expect
      .poll(() => guest.locator('[data-testid="sync-notice-banner"]').textContent(), {
        timeout: 5000,
      })
      .toContain('This link is no longer valid');
  });

  it('deleting the board takes the facilitator home and tells everyone else their link is no longer valid', async () => {
    const server = app.server();
    const facilitator = await app.newPage(aino, { locale: 'en' });
    const links = await createBoardFromLanding(facilitator, server.url, 'Delete check');
    const participant = await app.newPage(bertta, { locale: 'fi' });
    await participant.goto(`${server.url}${links.participant}`);
    await waitForBoard(participant);
    await waitForConnection(participant, 'connected');

    await facilitator.getByRole('button', { name: 'Share', exact: true }).click();
    const panel = facilitator.getByRole('dialog', { name: 'Share this board' });
    await panel.getByRole('button', { name: 'Delete board…', exact: true }).click();
    await expect.poll(() => panel.locator('legend').textContent()).toContain('erased for good');
    await panel.getByRole('button', { name: 'Delete board for good', exact: true }).click();
    await facilitator.waitForURL(`${server.url}/`);

    await expect
      .poll(() => participant.locator('[data-testid="sync-notice-banner"]').textContent(), {
        timeout: 5000,
      })
      .toContain('Linkki ei ole enää voimassa');
  });
});
