import type { CreateRoomResponse } from '@kohtaamo/shared';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  bertta,
  clientDist,
  closeAll,
  connectionStatus,
  describeWithBrowser,
  newUserContext,
  openBoard,
  waitForConnection,
} from '../helpers/browser.js';
import { type RunningServer, startServer } from '../helpers/server.js';

const phoneViewport = { width: 390, height: 844 } as const;
const notice = '[data-testid="full-board-notice"]';

describeWithBrowser('a full board', (browser) => {
  let server: RunningServer | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // One connection per room: the second visitor finds the board full.
    server = await startServer({
      env: { CLIENT_DIR: clientDist, MAX_CONNECTIONS_PER_ROOM: '1' },
    });
  });

  afterAll(async () => {
    await closeAll(contexts);
    await server?.stop();
  });

  it('tells a second visitor the board is full, on a phone, and lets them in once a place frees', async () => {
    if (!server) throw new Error('server did not start');
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Pieni taulu', language: 'en' }),
    });
    expect(res.status).toBe(201);
    const room = (await res.json()) as CreateRoomResponse;

    const firstContext = await newUserContext(browser(), aino, { locale: 'en' });
    contexts.push(firstContext);
    const first = await firstContext.newPage();
    await openBoard(first, `${server.url}${room.links.facilitator}`);
    expect(await first.locator(notice).count()).toBe(0);

    const secondContext = await newUserContext(browser(), bertta, {
      locale: 'en',
      contextOptions: { viewport: phoneViewport },
    });
    contexts.push(secondContext);
    const second = await secondContext.newPage();
    await second.goto(`${server.url}${room.links.participant}`);

    const full = second.locator(notice);
    await full.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await full.getAttribute('data-cap')).toBe('room');
    await expect
      .poll(() => second.getByRole('heading', { name: 'This board is full' }).count())
      .toBe(1);
    expect(await full.textContent()).toContain('room for 1 at a time');
    expect(await second.getByTestId('full-board-retry').textContent()).toMatch(
      /^Trying again( in \d+ s\.|…)$/,
    );
    expect(await second.locator(connectionStatus).getAttribute('data-state')).not.toBe('connected');

    // Fits the phone screen, and passes axe.
    const box = await full.boundingBox();
    if (!box) throw new Error('the notice has no bounding box');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(phoneViewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(phoneViewport.height);
    expect(await axeViolations(second, [notice])).toEqual([]);

    // The first visitor leaves: the second gets in on a retry and the notice goes away.
    await firstContext.close();
    await waitForConnection(second, 'connected');
    await full.waitFor({ state: 'detached', timeout: 20_000 });
  });
});
