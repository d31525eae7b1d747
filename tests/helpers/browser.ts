// Page callbacks given to `page.evaluate` run in the browser and need DOM types.
/// <reference lib="dom" />

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { participantIdFromKey } from '@kohtaamo/shared';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDataDir,
  type RunningServer,
  removeDataDir,
  repoRoot,
  startServer,
} from './server.js';

/**
 * Whether an external dependency of a test suite (a browser, a database) can
 * be used. `required` comes from `KOHTAAMO_REQUIRE`: CI lists what it
 * installed, so a missing one there is a failure, not a silent skip.
 */
export type Availability =
  | { readonly kind: 'available'; readonly location: string }
  | { readonly kind: 'missing'; readonly required: boolean; readonly reason: string };

/** Names listed in `KOHTAAMO_REQUIRE` (comma-separated, case-insensitive). */
export function requiredDependencies(env: Record<string, string | undefined>): Set<string> {
  return new Set(
    (env.KOHTAAMO_REQUIRE ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
}

/**
 * The one decision every optional dependency makes; mirror it for Postgres
 * and Redis with their own probe.
 */
export function decideAvailability(
  dependency: string,
  probe: { readonly found: boolean; readonly location: string; readonly missingReason: string },
  env: Record<string, string | undefined>,
): Availability {
  if (probe.found) return { kind: 'available', location: probe.location };
  return {
    kind: 'missing',
    required: requiredDependencies(env).has(dependency),
    reason: probe.missingReason,
  };
}

/** Where Chromium is looked for when `CHROMIUM_PATH` is not set. */
export const defaultChromiumPath = '/usr/bin/chromium';

/** Chromium found at `CHROMIUM_PATH` or {@link defaultChromiumPath}. */
export function browserAvailability(
  env: Record<string, string | undefined> = process.env,
  fileExists: (path: string) => boolean = existsSync,
): Availability {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  const path = fromEnv ? fromEnv : defaultChromiumPath;
  return decideAvailability(
    'chromium',
    {
      found: fileExists(path),
      location: path,
      missingReason: `Chromium not found at ${path}${fromEnv ? ' (CHROMIUM_PATH)' : ''}; install Debian's chromium package or set CHROMIUM_PATH`,
    },
    env,
  );
}

/** Flags for a quiet headless Chromium that never talks to Google. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Launches the system Chromium; never downloads one. */
export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...chromiumArgs] });
}

/**
 * A `describe` block that owns one Chromium for its tests. Without Chromium
 * it fails loudly when `KOHTAAMO_REQUIRE` lists `chromium`, and otherwise
 * skips with one line on stderr saying why.
 */
export function describeWithBrowser(title: string, body: (browser: () => Browser) => void): void {
  const availability = browserAvailability();
  if (availability.kind === 'missing') {
    if (availability.required) {
      describe(title, () => {
        it('has Chromium, which KOHTAAMO_REQUIRE lists as required', () => {
          throw new Error(`${availability.reason} (KOHTAAMO_REQUIRE includes chromium)`);
        });
      });
      return;
    }
    process.stderr.write(`[e2e] skipped "${title}": ${availability.reason}\n`);
    describe.skip(title, () =>
      body(() => {
        throw new Error('Chromium is not available');
      }),
    );
    return;
  }
  describe(title, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      browser = await launchBrowser(availability.location);
    });
    afterAll(async () => {
      await browser?.close();
    });
    body(() => {
      if (!browser) throw new Error('Chromium did not launch (see beforeAll)');
      return browser;
    });
  });
}

/** A workshop participant as the app stores it in `kohtaamo.user`. */
export interface TestUser {
  /** With a key: the participant id derived from it (see {@link testUser}). */
  readonly id: string;
  /** The secret participant key; without one the app gives the user a new key and id. */
  readonly key?: string;
  readonly name: string;
  readonly color: string;
}

/** UI language as stored in `kohtaamo.locale`. */
export type TestLocale = 'fi' | 'en';

/** Length of a participant key (32 bytes in base64url). */
const participantKeyLength = 43;

/** Two distinct people for multi-user tests. */
export const aino: TestUser = testUser('aino', 'Aino', '#1565c0');
export const bertta: TestUser = testUser('bertta', 'Bertta', '#2e7d32');

/** A stored user with a fixed participant key, so tests know the id the app derives from it. */
export function testUser(seed: string, name: string, color: string): TestUser {
  const key = `e2e${seed}`.padEnd(participantKeyLength, 'x').slice(0, participantKeyLength);
  return { id: participantIdFromKey(key), key, name, color };
}

/** `#rrggbb` as CSS computed styles report it: `rgb(r, g, b)`. */
export function cssRgb(hex: string): string {
  const [red, green, blue] = [1, 3, 5].map((start) =>
    Number.parseInt(hex.slice(start, start + 2), 16),
  );
  return `rgb(${red}, ${green}, ${blue})`;
}

/** Desktop-sized context options. */
export const desktopViewport = { width: 1280, height: 800 } as const;

/** Options of {@link newUserContext}. */
export interface UserContextOptions {
  /** Seeded into `kohtaamo.locale` when absent; `en` by default. */
  readonly locale?: TestLocale;
  /** Passed to `browser.newContext`, over the desktop viewport. */
  readonly contextOptions?: Parameters<Browser['newContext']>[0];
}

/**
 * A fresh browser context (its own storage: a separate person). The user and
 * locale are seeded only when absent, so a later language switch or name
 * change survives reloads.
 */
export async function newUserContext(
  browser: Browser,
  user: TestUser | undefined,
  options: UserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: desktopViewport,
    ...options.contextOptions,
  });
  await context.addInitScript(
    ({ userJson, locale }) => {
      // Init scripts also run in about:blank, where localStorage throws.
      if (!globalThis.location.protocol.startsWith('http')) return;
      const storage = globalThis.localStorage;
      if (userJson !== null && storage.getItem('kohtaamo.user') === null) {
        storage.setItem('kohtaamo.user', userJson);
      }
      if (storage.getItem('kohtaamo.locale') === null) {
        storage.setItem('kohtaamo.locale', locale);
      }
    },
    { userJson: user ? JSON.stringify(user) : null, locale: options.locale ?? 'en' },
  );
  return context;
}

/** A valid room id (≤ 64 characters for short labels), unique per call. */
export function testRoomId(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Selector of the connection badge. */
export const connectionStatus = '[data-testid="connection-status"]';

/** Selector of rendered geo shapes (rectangles, ellipses, …). */
export const geoShapeSelector = '.tl-shape[data-shape-type="geo"]';

/** What the client exposes on `window.kohtaamo` for tests (only what tests use). */
export interface KohtaamoTestHandle {
  readonly editor: {
    getCurrentPageShapes(): Array<{
      id: string;
      type: string;
      x: number;
      y: number;
      props: Record<string, unknown>;
    }>;
    updateShape(partial: {
      id: string;
      type: string;
      x?: number;
      y?: number;
      props?: Record<string, unknown>;
    }): unknown;
    getCollaboratorsOnCurrentPage(): Array<{
      userId: string;
      userName: string;
      cursor: { x: number; y: number } | null;
    }>;
    screenToPage(point: { x: number; y: number }): { x: number; y: number };
    readonly user: { getLocale(): string };
  };
  readonly provider: {
    connect(): unknown;
    disconnect(): void;
    readonly wsconnected: boolean;
    readonly synced: boolean;
  };
}

/** The shape of `globalThis` inside the page, for `page.evaluate` callbacks. */
export interface KohtaamoWindow {
  kohtaamo?: KohtaamoTestHandle;
}

/** Waits until the board's canvas is mounted and the test handle is exposed. */
export async function waitForBoard(page: Page): Promise<void> {
  await page.locator('.tl-canvas').first().waitFor({ state: 'visible' });
  await page.waitForFunction(
    () => (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor !== undefined,
  );
}

/** Waits until the connection badge reports `state`. */
export async function waitForConnection(page: Page, state: string): Promise<void> {
  await expect
    .poll(() => page.locator(connectionStatus).getAttribute('data-state'), {
      message: `connection-status should become ${state}`,
      timeout: 20_000,
    })
    .toBe(state);
}

/** Opens a board URL and waits until it is drawn and connected. */
export async function openBoard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForBoard(page);
  await waitForConnection(page, 'connected');
}

/**
 * Draws a rectangle the way a person does: `r`, then a drag on the canvas.
 * Points are viewport pixels.
 */
export async function drawRectangle(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  // Focus the editor without changing the selection: Escape is harmless in select mode.
  await page.locator('.tl-canvas').first().hover();
  await page.keyboard.press('Escape');
  await page.keyboard.press('r');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/** Number of shapes of `type` in the page's current editor state. */
export function shapeCount(page: Page, type: string): Promise<number> {
  return page.evaluate(
    (shapeType) =>
      (globalThis as unknown as KohtaamoWindow).kohtaamo?.editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type === shapeType).length ?? -1,
    type,
  );
}

/** Closes contexts, ignoring ones that are already gone. */
export async function closeAll(contexts: Iterable<BrowserContext | undefined>): Promise<void> {
  await Promise.allSettled([...contexts].map((context) => context?.close()));
}

/** The built client the app server serves: `CLIENT_DIR` when set (a build elsewhere), else client/dist. */
export const clientDist = process.env.CLIENT_DIR || join(repoRoot, 'client', 'dist');

/**
 * Starts the real server serving the built client. Fails with the fix in the
 * message when the client has not been built.
 */
export async function startAppServer(dataDir?: string): Promise<RunningServer> {
  if (!existsSync(join(clientDist, 'index.html'))) {
    throw new Error(
      `${clientDist}/index.html is missing: run \`pnpm --filter @kohtaamo/client build\` first`,
    );
  }
  return startServer({ ...(dataDir ? { dataDir } : {}), env: { CLIENT_DIR: clientDist } });
}

/** Options of {@link useAppServer}. */
export interface AppServerOptions {
  /**
   * Give the server a data directory of the suite's own, kept across
   * {@link AppServerFixture.restart} and removed after the suite.
   */
  readonly persistentDataDir?: boolean;
}

/** The server and browser contexts of one e2e suite, from {@link useAppServer}. */
export interface AppServerFixture {
  /** The running server; throws `server did not start` when `beforeAll` failed. */
  server(): RunningServer;
  /**
   * Stops the server and starts a new one on the same data directory. The new
   * one listens on another port, so build URLs from the returned server.
   * Needs `persistentDataDir`.
   */
  restart(): Promise<RunningServer>;
  /**
   * A {@link newUserContext} on the suite's browser, closed after the suite.
   * Without `user` the visitor has no name yet and gets the name dialog.
   */
  newContext(user?: TestUser, options?: UserContextOptions): Promise<BrowserContext>;
  /** A page in a new {@link AppServerFixture.newContext}. */
  newPage(user?: TestUser, options?: UserContextOptions): Promise<Page>;
  /**
   * Aino and Bertta, each in a context of their own, on one new board (a
   * bare room id from `label`), in the given UI languages (`en` by default).
   */
  openPair(label: string, locales?: { a?: TestLocale; b?: TestLocale }): Promise<BoardPair>;
}

/** Two people on one board, from {@link AppServerFixture.openPair}. */
export interface BoardPair {
  readonly server: RunningServer;
  readonly room: string;
  readonly a: Page;
  readonly b: Page;
}

/**
 * Call inside {@link describeWithBrowser}'s body: starts the app server in
 * `beforeAll` and, in `afterAll`, closes every context made through the
 * fixture, stops the server and removes its persistent data directory.
 */
export function useAppServer(
  browser: () => Browser,
  options: AppServerOptions = {},
): AppServerFixture {
  let running: RunningServer | undefined;
  let dataDir: string | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (options.persistentDataDir) dataDir = await createDataDir();
    running = await startAppServer(dataDir);
  });

  afterAll(async () => {
    await closeAll(contexts);
    await running?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  function server(): RunningServer {
    if (!running) throw new Error('server did not start');
    return running;
  }

  async function newContext(
    user?: TestUser,
    contextOptions?: UserContextOptions,
  ): Promise<BrowserContext> {
    const context = await newUserContext(browser(), user, contextOptions);
    contexts.push(context);
    return context;
  }

  return {
    server,
    async restart() {
      if (!options.persistentDataDir) {
        throw new Error('restart() needs useAppServer(browser, { persistentDataDir: true })');
      }
      const previous = server();
      await previous.stop();
      running = await startAppServer(dataDir);
      return running;
    },
    newContext,
    async newPage(user, contextOptions) {
      return (await newContext(user, contextOptions)).newPage();
    },
    async openPair(label, locales = {}) {
      const current = server();
      const room = testRoomId(label);
      const a = await (await newContext(aino, { locale: locales.a ?? 'en' })).newPage();
      const b = await (await newContext(bertta, { locale: locales.b ?? 'en' })).newPage();
      await openBoard(a, `${current.url}/b/${room}`);
      await openBoard(b, `${current.url}/b/${room}`);
      return { server: current, room, a, b };
    },
  };
}
