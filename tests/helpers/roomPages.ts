import type { RoomLinks } from '@kohtaamo/shared';
import type { Page } from 'playwright-core';
import { type TestLocale, waitForBoard, waitForConnection } from './browser.js';

/**
 * Creates a board from the landing page the way a facilitator does (English
 * UI), checks the token left the address bar, and returns the links the
 * page stored on the device.
 */
export async function createBoardFromLanding(
  page: Page,
  baseUrl: string,
  title: string,
): Promise<RoomLinks> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Board title (optional)').fill(title);
  await page.getByRole('button', { name: 'Create a new board', exact: true }).click();
  await waitForBoard(page);
  await waitForConnection(page, 'connected');
  if (new URL(page.url()).search !== '') throw new Error('the token stayed in the address bar');
  const roomId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const stored = await page.evaluate(() => globalThis.localStorage.getItem('kohtaamo.ownRooms'));
  const links = (JSON.parse(stored ?? '{}') as Record<string, RoomLinks>)[roomId];
  if (!links) throw new Error(`no stored links for ${roomId}`);
  return links;
}

/** The labels {@link joinAsGuest} clicks, per UI language. */
const guestJoinLabels: Record<TestLocale, { readonly continue: string; readonly name: string }> = {
  en: { continue: 'Continue', name: 'Your name' },
  fi: { continue: 'Jatka', name: 'Nimesi' },
};

/**
 * Opens a guest link as a guest does: the notice, then the name dialog, in
 * the UI language the page was seeded with (`en` by default).
 */
export async function joinAsGuest(
  page: Page,
  url: string,
  name: string,
  locale: TestLocale = 'en',
): Promise<void> {
  const labels = guestJoinLabels[locale];
  await page.goto(url);
  const notice = page.getByTestId('guest-notice');
  await notice.waitFor();
  await notice.getByRole('button', { name: labels.continue, exact: true }).click();
  const nameDialog = page.getByRole('dialog');
  await nameDialog.getByLabel(labels.name).fill(name);
  await nameDialog.getByRole('button', { name: labels.continue, exact: true }).click();
  await waitForBoard(page);
  await waitForConnection(page, 'connected');
}
