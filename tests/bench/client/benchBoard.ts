// Page callbacks given to `page.evaluate` run in the browser and need DOM types.
/// <reference lib="dom" />

import { roomTokenParam } from '@kohtaamo/shared';
import type { Browser, Page } from 'playwright-core';
import {
  connectionStatus,
  type KohtaamoWindow,
  newUserContext,
  testUser,
  waitForBoard,
} from '../../helpers/browser.js';
import { createRoom, linkToken } from '../../helpers/rooms.js';
import type { RunningServer } from '../../helpers/server.js';

/** A bench board: where the browser opens it and how Node clients join it. */
export interface BenchRoom {
  readonly roomId: string;
  /** The facilitator's link. */
  readonly url: string;
  /** Socket query of the facilitator's link, for stock clients. */
  readonly params: Record<string, string>;
  /** The participant id of the person in the browser, stamped on seeded shapes. */
  readonly authorId: string;
}

/** The person the browser opens the board as (a fixed key, so no name dialog). */
const benchUser = testUser('bench', 'Bench', '#6a1b9a');

/**
 * Runs `run` on a board created through the API (roles on), open in a fresh
 * browser context as its facilitator; the context is closed afterwards.
 */
export async function withBoard<T>(
  server: RunningServer,
  browser: Browser,
  title: string,
  run: (page: Page, room: BenchRoom) => Promise<T>,
): Promise<T> {
  const created = await createRoom(server.url, title, 'fi');
  const room: BenchRoom = {
    roomId: created.roomId,
    url: `${server.url}${created.links.facilitator}`,
    params: { [roomTokenParam]: linkToken(created.links.facilitator) },
    authorId: benchUser.id,
  };
  const context = await newUserContext(browser, benchUser, { locale: 'fi' });
  try {
    const page = await context.newPage();
    await openBenchBoard(page, room.url);
    return await run(page, room);
  } finally {
    await context.close();
  }
}

/** Opens a board and waits until it is drawn and synced (`openBoard` polls with vitest's expect). */
export async function openBenchBoard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForBoard(page);
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.getAttribute('data-state') === 'connected',
    connectionStatus,
    { timeout: 60_000 },
  );
  await page.waitForFunction(
    () => (globalThis as unknown as KohtaamoWindow).kohtaamo?.provider.synced === true,
  );
}
