import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  describeWithBrowser,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';
import { createBoardFromLanding, joinAsGuest } from '../helpers/roomPages.js';

const phoneViewport = { width: 390, height: 844 } as const;
const banner = '[data-testid="sync-notice-banner"]';

async function openSharePanel(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Share this board' });
  await panel.waitFor();
  return panel;
}

const isFocused = (locator: Locator) =>
  locator.evaluate((element) => element === document.activeElement);

describeWithBrowser('turning an invitation link off', (browser) => {
  const app = useAppServer(browser);

  it('on a phone, the facilitator turns the guest link off: the guest is disconnected and stays out until a new link', async () => {
    const server = app.server();
    const facilitator = await app.newPage(aino, {
      locale: 'en',
      contextOptions: { viewport: phoneViewport },
    });
    const links = await createBoardFromLanding(facilitator, server.url, 'Turn off check');
    const guest = await app.newPage(undefined, { locale: 'en' });
    await joinAsGuest(guest, `${server.url}${links.guest}`, 'Customer Cecilia');
    await waitForConnection(guest, 'connected');

    let panel = await openSharePanel(facilitator);
    expect(await panel.getByRole('button', { name: /^Turn off link: Facilitator/ }).count()).toBe(
      0,
    );
    await panel.getByRole('button', { name: 'Turn off link: Guest', exact: true }).click();
    await expect
      .poll(() => panel.locator('legend').textContent())
      .toContain('Turn off the Guest link?');
    // The confirm button has focus: the keyboard confirms.
    await facilitator.keyboard.press('Enter');

    await expect
      .poll(() => guest.locator(banner).textContent(), { timeout: 5000 })
      .toContain('This link is no longer valid');

    const guestItem = panel.locator('.share-link[data-role="guest"]');
    await expect.poll(() => guestItem.textContent()).toContain('No link: nobody can join');
    expect(await panel.getByLabel('Guest link', { exact: true }).count()).toBe(0);
    const newLink = panel.getByRole('button', { name: 'New link: Guest', exact: true });
    await expect.poll(() => isFocused(newLink)).toBe(true);
    // The other roles keep their links.
    expect(await panel.getByLabel('Viewer link', { exact: true }).inputValue()).toBe(
      `${server.url}${links.viewer}`,
    );
    expect(await axeViolations(facilitator, ['[data-testid="share-panel"]'])).toEqual([]);
    // Nothing sticks out sideways at 390 px.
    expect(await panel.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth + 1)).toBe(
      true,
    );

    // The guest cannot come back with the old link.
    await guest.reload();
    await expect
      .poll(() => guest.locator(banner).textContent(), { timeout: 10_000 })
      .toContain('This link is no longer valid');

    // A reload of the facilitator's board shows the link as off, from the device's stored links.
    await facilitator.reload();
    await waitForBoard(facilitator);
    panel = await openSharePanel(facilitator);
    await expect
      .poll(() => panel.locator('.share-link[data-role="guest"]').textContent())
      .toContain('No link: nobody can join');

    await panel.getByRole('button', { name: 'New link: Guest', exact: true }).click();
    const guestLink = panel.getByLabel('Guest link', { exact: true });
    await guestLink.waitFor();
    const fresh = await guestLink.inputValue();
    expect(fresh).not.toBe(`${server.url}${links.guest}`);
    expect(fresh).toMatch(/\/b\/[A-Za-z0-9_-]+\?t=/);

    const newGuest = await app.newPage(undefined, { locale: 'en' });
    await joinAsGuest(newGuest, fresh, 'Customer Cecilia');
    await waitForConnection(newGuest, 'connected');
  });
});
