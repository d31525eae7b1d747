import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  aino,
  bertta,
  describeWithBrowser,
  openBoard,
  testUser,
  useAppServer,
} from '../helpers/browser.js';
import { joinAsGuest } from '../helpers/roomPages.js';
import { createRoom } from '../helpers/rooms.js';
import {
  saveScreenshot,
  screenshotMaxBytes,
  screenshotsWanted,
} from '../helpers/workshopScreenshots.js';

const facilitatorViewport = { width: 1440, height: 900 } as const;
const phoneViewport = { width: 390, height: 844 } as const;
const cecilia = testUser('cecilia', 'Cecilia', '#8e24aa');

/** How far ahead the participant's device clock runs. */
const clockSkewMs = 120_000;
/** How far apart the three countdowns may be at one moment. */
const timerToleranceMs = 500;

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly center: Point;
}

/** The board's editor inside the page, untyped beyond what these steps use. */
interface PageEditor {
  getViewportPageBounds(): Bounds;
  getViewportScreenBounds(): Bounds;
  setCamera(camera: { x: number; y: number; z: number }): void;
  getCurrentPageShapes(): { id: string; type: string }[];
  getShape(
    id: string,
  ): { props: { richText?: unknown }; meta: Record<string, unknown> } | undefined;
  getShapePageBounds(id: string): Bounds;
  pageToScreen(point: Point): Point;
  select(...ids: string[]): void;
  selectNone(): void;
  getEditingShapeId(): string | null;
  zoomToBounds(bounds: Bounds, options: { targetZoom: number }): void;
}

/** A Y.Doc as far as reading its records array goes. */
interface RecordsDoc {
  getArray(name: 'records'): { length: number; toJSON(): unknown[] };
}

/** `window.kohtaamo` and the tone counter of {@link countEndTones}, as page callbacks reach them. */
type SessionWindow = {
  kohtaamo: {
    editor: PageEditor;
    /** The board's Y.Doc and this person's private one (`null` for a viewer). */
    doc: RecordsDoc;
    privateDoc: RecordsDoc | null;
    facilitation: {
      timerRemainingMs(): number;
      control: {
        $clockOffset: { get(): number | null };
        request(action: {
          type: 'vote.cast';
          sessionId: string;
          itemId: string;
        }): Promise<{ ok: boolean; code?: string }>;
      };
      state: { $voteSessions: { get(): { id: string; status: string }[] } };
    };
  };
  kohtaamoTones?: number;
};

/** Counts the tones the timer's end sound starts (it makes one oscillator per tone). */
async function countEndTones(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const target = globalThis as unknown as SessionWindow;
    const prototype = globalThis.AudioContext?.prototype;
    if (!prototype) return;
    const createOscillator = prototype.createOscillator;
    target.kohtaamoTones = 0;
    prototype.createOscillator = function (this: AudioContext) {
      target.kohtaamoTones = (target.kohtaamoTones ?? 0) + 1;
      return createOscillator.call(this);
    };
  });
}

function tonesPlayed(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as SessionWindow).kohtaamoTones ?? -1);
}

/** The three people of the session and everything their pages asked for. */
interface Session {
  readonly facilitator: Page;
  readonly participant: Page;
  readonly guest: Page;
  readonly requested: string[];
}

function everyone(session: Session): Page[] {
  return [session.facilitator, session.participant, session.guest];
}

function viewportCentre(page: Page): Promise<Point> {
  return page.evaluate(() => {
    const { center } = (
      globalThis as unknown as SessionWindow
    ).kohtaamo.editor.getViewportPageBounds();
    return { x: center.x, y: center.y };
  });
}

function viewportWidth(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as SessionWindow).kohtaamo.editor.getViewportPageBounds().w,
  );
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Moves the page's camera so `centre` (page units) is in the middle at `zoom`. */
function lookAt(page: Page, centre: Point, zoom: number): Promise<void> {
  return page.evaluate(
    ({ centre, zoom }) => {
      const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor;
      const screen = editor.getViewportScreenBounds();
      editor.setCamera({
        x: -(centre.x - screen.w / 2 / zoom),
        y: -(centre.y - screen.h / 2 / zoom),
        z: zoom,
      });
    },
    { centre, zoom },
  );
}

/**
 * The countdown on each page, read at nearly one moment: all three
 * evaluations are sent together, and `readSpanMs` says how long the whole
 * read took, the most the moments can lie apart.
 */
async function remainingEverywhere(
  pages: readonly Page[],
): Promise<{ readonly remaining: number[]; readonly readSpanMs: number }> {
  const started = performance.now();
  const remaining = await Promise.all(
    pages.map((page) =>
      page.evaluate(() =>
        (globalThis as unknown as SessionWindow).kohtaamo.facilitation.timerRemainingMs(),
      ),
    ),
  );
  return { remaining, readSpanMs: performance.now() - started };
}

/** {@link remainingEverywhere}, again while the machine was too busy for a tight read. */
async function tightRemainingEverywhere(pages: readonly Page[]) {
  let read = await remainingEverywhere(pages);
  for (let attempt = 0; attempt < 5 && read.readSpanMs > 150; attempt += 1) {
    read = await remainingEverywhere(pages);
  }
  return read;
}

function spread(values: readonly number[]): number {
  return Math.max(...values) - Math.min(...values);
}

/** What the page's device clock says minus the test's clock: `Date.now` and the monotonic one. */
function clockLead(page: Page): Promise<{ date: number; monotonic: number }> {
  const before = Date.now();
  return page
    .evaluate(() => ({
      date: Date.now(),
      monotonic: performance.timeOrigin + performance.now(),
    }))
    .then(({ date, monotonic }) => ({ date: date - before, monotonic: monotonic - before }));
}

const sessionTools = (page: Page) => page.getByTestId('session-tools-toggle');

/** Opens the session tools (facilitator) or agenda (others) unless already open. */
async function openSessionPanel(page: Page): Promise<void> {
  if ((await sessionTools(page).getAttribute('aria-expanded')) !== 'true') {
    await sessionTools(page).click();
  }
  await page.getByTestId('session-panel').waitFor();
}

/** Closes the session panel, which lies over the canvas. */
async function closeSessionPanel(page: Page): Promise<void> {
  if ((await sessionTools(page).getAttribute('aria-expanded')) === 'true') {
    await sessionTools(page).click();
  }
  await page.getByTestId('session-panel').waitFor({ state: 'detached' });
}

function timerStatus(page: Page): Promise<string | null> {
  return page.locator('.kohtaamo-timer').getAttribute('data-status');
}

/** The plain text of a note as the page's store holds it (its rich text's text nodes). */
function noteText(page: Page, id: string): Promise<string> {
  return page.evaluate((shapeId) => {
    const collect = (node: unknown): string => {
      if (typeof node !== 'object' || node === null) return '';
      const { text, content } = node as { text?: unknown; content?: unknown };
      const own = typeof text === 'string' ? text : '';
      return own + (Array.isArray(content) ? content.map(collect).join('') : '');
    };
    const shape = (globalThis as unknown as SessionWindow).kohtaamo.editor.getShape(shapeId);
    return collect(shape?.props.richText);
  }, id);
}

/** Adds a note with the note tool at a viewport point; returns its id. */
async function addNote(page: Page, at: Point, text: string): Promise<string> {
  const noteIds = () =>
    page.evaluate(() =>
      (globalThis as unknown as SessionWindow).kohtaamo.editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type === 'note')
        .map((shape) => shape.id),
    );
  const before = await noteIds();
  // Over the spot itself: the middle of the canvas may be under the last note's reaction bar.
  await page.mouse.move(at.x, at.y);
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await page.mouse.click(at.x, at.y);
  // Typed before the new note's text editor has focus, the first keys land elsewhere.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const editing = (
          globalThis as unknown as SessionWindow
        ).kohtaamo.editor.getEditingShapeId();
        const active = document.activeElement;
        return (
          editing !== null &&
          active instanceof HTMLElement &&
          active.isContentEditable &&
          active.closest(`[data-shape-id="${editing}"]`) !== null
        );
      }),
    )
    .toBe(true);
  // At a person's pace: typed with no delay, the first keys of a new note's text land out of
  // order (its caret goes to the start and back within the first moments after it is created).
  await page.keyboard.type(text, { delay: 80 });
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await noteIds()).length).toBe(before.length + 1);
  const [id] = (await noteIds()).filter((noteId) => !before.includes(noteId));
  if (!id) throw new Error('no new note');
  return id;
}

/** Where a note's centre is on the page (page units). */
function noteCentre(page: Page, id: string): Promise<Point> {
  return page.evaluate((shapeId) => {
    const { center } = (globalThis as unknown as SessionWindow).kohtaamo.editor.getShapePageBounds(
      shapeId,
    );
    return { x: center.x, y: center.y };
  }, id);
}

/** A page point in the page's screen (client) pixels. */
function onScreen(page: Page, point: Point): Promise<Point> {
  return page.evaluate((at) => {
    const { x, y } = (globalThis as unknown as SessionWindow).kohtaamo.editor.pageToScreen(at);
    return { x, y };
  }, point);
}

const voteBanner = (page: Page) => page.getByTestId('vote-banner');

/** The votes the page's banner says are left, as a number (NaN when it says none). */
async function votesLeft(page: Page): Promise<number> {
  return Number(await voteBanner(page).getAttribute('data-remaining'));
}

/** An item's "+ dot" (or "−") button on the canvas. */
function canvasVoteButton(page: Page, id: string, button: 'vote-add' | 'vote-retract') {
  return page.locator(
    `[data-testid="vote-item-control"][data-shape-id="${id}"] [data-testid="${button}"]`,
  );
}

/** An item's "+ dot" (or "−") button in the banner's list. */
function listVoteButton(page: Page, id: string, button: 'vote-add' | 'vote-retract') {
  return page.locator(
    `[data-testid="vote-item-list"] [data-testid="${button}"][data-shape-id="${id}"]`,
  );
}

/** Everything on a page that would tell how the votes stand: badges, result cells, voter counts. */
function resultsShown(page: Page): Promise<number> {
  return page
    .locator(
      '[data-testid="vote-result-badge"], [data-testid="vote-result-row"], [data-testid="vote-voter-counts"]',
    )
    .count();
}

/** The items whose "+ dot" control lies (partly) off the item itself, over its neighbours. */
function controlsOffTheirItem(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor;
    const controls = document.querySelectorAll<HTMLElement>('[data-testid="vote-item-control"]');
    return Array.from(controls).flatMap((control) => {
      const id = control.dataset.shapeId ?? '';
      const bounds = editor.getShapePageBounds(id);
      const topLeft = editor.pageToScreen({ x: bounds.x, y: bounds.y });
      const bottomRight = editor.pageToScreen({ x: bounds.x + bounds.w, y: bounds.y + bounds.h });
      const box = control.getBoundingClientRect();
      const inside =
        box.left >= topLeft.x - 1 &&
        box.right <= bottomRight.x + 1 &&
        box.top >= topLeft.y - 1 &&
        box.bottom <= bottomRight.y + 1;
      return inside ? [] : [id];
    });
  });
}

const toastTitle = '.tlui-toast__title';

const privateBanner = (page: Page) => page.getByTestId('private-banner');

/** A shape's "Only you" badge. */
function privateBadge(page: Page, id: string) {
  return page.locator(`[data-testid="private-badge"][data-shape-id="${id}"]`);
}

function hasShape(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (shapeId) =>
      (globalThis as unknown as SessionWindow).kohtaamo.editor.getShape(shapeId) !== undefined,
    id,
  );
}

/** Whether the page's board document (or its private one) holds `text` anywhere in its records. */
function docMentions(page: Page, which: 'board' | 'private', text: string): Promise<boolean> {
  return page.evaluate(
    ({ which, text }) => {
      const { doc, privateDoc } = (globalThis as unknown as SessionWindow).kohtaamo;
      const records = (which === 'board' ? doc : privateDoc)?.getArray('records').toJSON() ?? [];
      return JSON.stringify(records).includes(text);
    },
    { which, text },
  );
}

/** How many entries the page's private document holds. */
function privateEntries(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as SessionWindow).kohtaamo.privateDoc?.getArray('records').length ??
      -1,
  );
}

/**
 * A short workshop with three real pages: the facilitator (desktop,
 * English), a participant (desktop, Finnish, device clock two minutes
 * ahead) and a guest on a phone (Finnish). Each `it` is one step of the
 * session and builds on the steps before it, in order; a new step (the
 * voting round, say) slots in as one more `it` between two others.
 */
describeWithBrowser(
  'a workshop session with a facilitator, a participant and a phone guest',
  (browser) => {
    const app = useAppServer(browser);
    let current: Session | undefined;
    const noteWords = 'Asiakas haluaa tietää, missä tilaus on';
    let noteOfFacilitator: string | undefined;
    const voteNoteWords = [
      'Seuranta tekstiviestillä',
      'Nouto lähikaupasta',
      'Soitto asiakaspalveluun',
    ];
    let voteNotes: string[] = [];
    let voteSessionId: string | undefined;
    /** The four notes of the vote, the first one the reactions step's. */
    const votes = (): [string, string, string, string] => {
      const [a, b, c, d] = voteNotes;
      if (!a || !b || !c || !d) throw new Error('no vote notes (see the vote step)');
      return [a, b, c, d];
    };
    const session = (): Session => {
      if (!current) throw new Error('the session did not open (see the first step)');
      return current;
    };

    // A step, not a beforeAll: opening a board waits with expect.poll, which needs a test.
    it("opens the board for all three, the participant's device clock two minutes ahead", async () => {
      const server = app.server();
      const room = await createRoom(server.url, 'Asiakaspolku', 'fi');
      const requested: string[] = [];
      const facilitatorContext = await app.newContext(aino, {
        locale: 'en',
        contextOptions: { viewport: facilitatorViewport },
      });
      const participantContext = await app.newContext(bertta, { locale: 'fi' });
      // Fakes Date, performance (timeOrigin included) and timers; time still flows.
      await participantContext.clock.install({ time: Date.now() + clockSkewMs });
      const guestContext = await app.newContext(cecilia, {
        locale: 'fi',
        contextOptions: { viewport: phoneViewport, isMobile: true, hasTouch: true },
      });
      for (const context of [facilitatorContext, participantContext, guestContext]) {
        context.on('request', (request) => requested.push(request.url()));
        await countEndTones(context);
      }
      const facilitator = await facilitatorContext.newPage();
      const participant = await participantContext.newPage();
      const guest = await guestContext.newPage();
      await openBoard(facilitator, `${server.url}${room.links.facilitator}`);
      await openBoard(participant, `${server.url}${room.links.participant}`);
      await joinAsGuest(guest, `${server.url}${room.links.guest}`, cecilia.name, 'fi');
      current = { facilitator, participant, guest, requested };

      const lead = await clockLead(participant);
      expect(lead.date).toBeGreaterThan(clockSkewMs - 2_000);
      expect(lead.date).toBeLessThan(clockSkewMs + 2_000);
      // The control channel's clock is the monotonic one, so it must be ahead too.
      expect(lead.monotonic).toBeGreaterThan(clockSkewMs - 2_000);
      expect(lead.monotonic).toBeLessThan(clockSkewMs + 2_000);
      for (const page of [facilitator, guest]) {
        expect(Math.abs((await clockLead(page)).date)).toBeLessThan(2_000);
      }
    });

    it('moves the current phase, and the others show it in their language', async () => {
      const { facilitator, participant, guest } = session();
      for (const page of everyone(session())) {
        await expect
          .poll(() => page.getByTestId('session-phase').textContent())
          .not.toMatch(/Customer needs|Asiakastarpeet/);
      }
      await openSessionPanel(facilitator);
      await facilitator
        .getByRole('button', { name: 'Make current: Customer needs', exact: true })
        .click();
      await expect
        .poll(() => facilitator.getByTestId('session-phase').textContent())
        .toContain('Customer needs');
      for (const page of [participant, guest]) {
        await expect
          .poll(() => page.getByTestId('session-phase').textContent(), { timeout: 10_000 })
          .toBe('Vaihe: Asiakastarpeet');
      }
    });

    it('starts a 5-minute timer that all three count down together, whatever their device clocks say', async () => {
      const pages = everyone(session());
      const { facilitator } = session();
      // Counting starts once each page has estimated the server's clock.
      for (const page of pages) {
        await expect
          .poll(
            () =>
              page.evaluate(
                () =>
                  (
                    globalThis as unknown as SessionWindow
                  ).kohtaamo.facilitation.control.$clockOffset.get() !== null,
              ),
            { timeout: 10_000 },
          )
          .toBe(true);
      }
      await openSessionPanel(facilitator);
      await facilitator.getByRole('button', { name: 'Start a 5 min timer', exact: true }).click();
      for (const page of pages) {
        await expect.poll(() => timerStatus(page), { timeout: 10_000 }).toBe('running');
        await expect
          .poll(() => page.getByTestId('timer-remaining').textContent())
          .toMatch(/^0[45]:\d\d$/);
      }
      // Let the clock estimates take in the first few samples.
      await facilitator.waitForTimeout(1_500);
      const { remaining, readSpanMs } = await tightRemainingEverywhere(pages);
      for (const value of remaining) {
        expect(value).toBeGreaterThan(4 * 60_000);
        expect(value).toBeLessThanOrEqual(5 * 60_000);
      }
      expect(
        spread(remaining),
        `remaining ${remaining.join(', ')} ms read within ${readSpanMs.toFixed(0)} ms`,
      ).toBeLessThanOrEqual(timerToleranceMs + readSpanMs);
    });

    it('pauses, adds a minute and resumes the timer for everyone', async () => {
      const pages = everyone(session());
      const { facilitator, participant, guest } = session();
      await openSessionPanel(facilitator);
      await facilitator.getByRole('button', { name: 'Pause', exact: true }).click();
      for (const page of pages) {
        await expect.poll(() => timerStatus(page), { timeout: 10_000 }).toBe('paused');
      }
      for (const page of [participant, guest]) {
        await expect
          .poll(() => page.locator('.kohtaamo-timer-badge').textContent())
          .toBe('Tauolla');
      }
      // Paused, every page holds the very same remaining time.
      const paused = (await remainingEverywhere(pages)).remaining;
      expect(spread(paused)).toBe(0);

      await facilitator
        .getByRole('button', { name: '+1 min: add a minute to the timer', exact: true })
        .click();
      for (const page of pages) {
        await expect
          .poll(() =>
            page.evaluate(() =>
              (globalThis as unknown as SessionWindow).kohtaamo.facilitation.timerRemainingMs(),
            ),
          )
          .toBe((paused[0] ?? 0) + 60_000);
      }

      await facilitator.getByRole('button', { name: 'Resume', exact: true }).click();
      for (const page of pages) {
        await expect.poll(() => timerStatus(page), { timeout: 10_000 }).toBe('running');
      }
      await facilitator.waitForTimeout(1_200);
      const { remaining, readSpanMs } = await tightRemainingEverywhere(pages);
      for (const value of remaining) expect(value).toBeLessThan((paused[0] ?? 0) + 60_000);
      expect(spread(remaining)).toBeLessThanOrEqual(timerToleranceMs + readSpanMs);
    });

    it("brings everyone to the facilitator's view", async () => {
      const { facilitator, participant, guest } = session();
      await lookAt(facilitator, { x: 2_400, y: 1_600 }, 0.5);
      const target = await viewportCentre(facilitator);
      const targetWidth = await viewportWidth(facilitator);
      for (const page of [participant, guest]) {
        expect(distance(await viewportCentre(page), target)).toBeGreaterThan(1_000);
      }

      await openSessionPanel(facilitator);
      await facilitator.getByRole('button', { name: 'Bring everyone here', exact: true }).click();
      for (const page of [participant, guest]) {
        await expect
          .poll(async () => distance(await viewportCentre(page), target), { timeout: 10_000 })
          .toBeLessThan(targetWidth * 0.02);
        // Their view takes in the facilitator's whole view, not more than a little beyond it.
        const width = await viewportWidth(page);
        expect(width).toBeGreaterThanOrEqual(targetWidth * 0.98);
      }
      expect(await viewportWidth(participant)).toBeLessThan(targetWidth * 1.5);
    });

    it('leads everyone with "Everyone follow me" until the facilitator stops', async () => {
      const { facilitator, participant, guest } = session();
      for (const page of [participant, guest]) {
        expect(await page.getByTestId('follow-bar').count()).toBe(0);
      }
      await openSessionPanel(facilitator);
      await facilitator.getByRole('button', { name: 'Everyone follow me', exact: true }).click();
      for (const page of [participant, guest]) {
        await expect
          .poll(() => page.getByTestId('follow-bar').textContent(), { timeout: 10_000 })
          .toContain('Seuraat: Aino');
      }

      // The followers' views go where the facilitator's goes.
      await lookAt(facilitator, { x: -1_500, y: 900 }, 0.5);
      const target = await viewportCentre(facilitator);
      const targetWidth = await viewportWidth(facilitator);
      for (const page of [participant, guest]) {
        await expect
          .poll(async () => distance(await viewportCentre(page), target), { timeout: 10_000 })
          .toBeLessThan(targetWidth * 0.02);
      }

      await facilitator.getByRole('button', { name: 'Stop leading', exact: true }).click();
      for (const page of [participant, guest]) {
        await expect
          .poll(() => page.getByTestId('follow-bar').count(), { timeout: 10_000 })
          .toBe(0);
      }
    });

    it("shows the guest's 👍 on the facilitator's note as a count on the participant's page", async () => {
      const { facilitator, participant, guest } = session();
      await closeSessionPanel(facilitator);
      const canvas = await facilitator.locator('.tl-canvas').first().boundingBox();
      if (!canvas) throw new Error('canvas has no bounding box');
      const noteId = await addNote(
        facilitator,
        { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 + 100 },
        noteWords,
      );
      noteOfFacilitator = noteId;
      for (const page of [facilitator, participant]) {
        await expect.poll(() => noteText(page, noteId), { timeout: 10_000 }).toBe(noteWords);
      }
      const chips = (page: Page) =>
        page.locator(`[data-testid="reaction-chips"][data-shape-id="${noteId}"]`);
      // The participant's view still holds the facilitator's after the follow.
      await expect
        .poll(() => participant.locator(`.tl-shape[data-shape-id="${noteId}"]`).count(), {
          timeout: 10_000,
        })
        .toBe(1);
      expect(await chips(participant).count()).toBe(0);

      // On the phone the guest zooms in on the note and taps it.
      await expect
        .poll(() => guest.locator(`.tl-shape[data-shape-id="${noteId}"]`).count(), {
          timeout: 10_000,
        })
        .toBe(1);
      await guest.evaluate((id) => {
        const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor;
        editor.zoomToBounds(editor.getShapePageBounds(id), { targetZoom: 1 });
      }, noteId);
      const centre = await guest.evaluate((id) => {
        const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor;
        const { x, y } = editor.pageToScreen(editor.getShapePageBounds(id).center);
        return { x, y };
      }, noteId);
      await guest.mouse.click(centre.x, centre.y);
      const thumbsUp = guest.locator('[data-testid="reaction-bar"] [data-reaction="thumbsUp"]');
      await thumbsUp.click();
      await expect.poll(() => thumbsUp.getAttribute('aria-pressed')).toBe('true');

      await expect
        .poll(() => chips(participant).locator('[data-reaction="thumbsUp"]').textContent(), {
          timeout: 10_000,
        })
        .toBe('👍1');
      expect(await chips(participant).getAttribute('aria-label')).toBe('Reaktiot: Peukku ylös 1');
      await expect
        .poll(() => chips(facilitator).getAttribute('aria-label'), { timeout: 10_000 })
        .toBe('Reactions: Thumbs up 1');
    });

    it('puts three more notes beside the first and starts an anonymous 3-dot vote on the four, with a 10-minute limit', async () => {
      const { facilitator, participant, guest } = session();
      const first = noteOfFacilitator;
      if (!first) throw new Error('no note from the reactions step');
      await closeSessionPanel(facilitator);
      // Nothing selected, so no reaction bar lies over the board.
      await facilitator.evaluate(() => {
        (globalThis as unknown as SessionWindow).kohtaamo.editor.selectNone();
      });
      const centre = await noteCentre(facilitator, first);
      await lookAt(facilitator, { x: centre.x + 120, y: centre.y + 120 }, 1);
      // A 2 × 2 grid: the first note top left.
      const offsets: readonly Point[] = [
        { x: 240, y: 0 },
        { x: 0, y: 240 },
        { x: 240, y: 240 },
      ];
      const ids = [first];
      for (const [index, offset] of offsets.entries()) {
        const at = await onScreen(facilitator, { x: centre.x + offset.x, y: centre.y + offset.y });
        ids.push(await addNote(facilitator, at, voteNoteWords[index] ?? ''));
      }
      voteNotes = ids;
      await facilitator.evaluate((shapeIds) => {
        (globalThis as unknown as SessionWindow).kohtaamo.editor.select(...shapeIds);
      }, ids);
      await openSessionPanel(facilitator);
      const form = facilitator.getByTestId('vote-start-form');
      await form.getByLabel('The selected items (4)', { exact: true }).check();
      expect(await form.getByLabel('Votes per person', { exact: true }).inputValue()).toBe('3');
      expect(await form.getByLabel(/^Anonymous/).isChecked()).toBe(true);
      await form.getByLabel('Time limit in minutes (optional)', { exact: true }).fill('10');
      await facilitator.getByTestId('vote-start').click();

      for (const page of everyone(session())) {
        await expect
          .poll(() => voteBanner(page).getAttribute('data-state'), { timeout: 10_000 })
          .toBe('running');
        await expect.poll(() => votesLeft(page)).toBe(3);
        // The limit counts down on the server's clock, the participant's two minutes ahead too.
        await expect
          .poll(() => page.getByTestId('vote-countdown').textContent())
          .toMatch(/(10:00|09:[0-5]\d)$/);
      }
      expect(await voteBanner(participant).textContent()).toContain('Ääniä jäljellä 3');
      const sessions = await facilitator.evaluate(() =>
        (globalThis as unknown as SessionWindow).kohtaamo.facilitation.state.$voteSessions.get(),
      );
      voteSessionId = sessions.at(-1)?.id;
      await expect
        .poll(() => facilitator.getByTestId('vote-progress').textContent(), { timeout: 10_000 })
        .toBe('0 people have voted, 0 have used all votes');

      // Everyone comes to the notes.
      await facilitator.getByRole('button', { name: 'Bring everyone here', exact: true }).click();
      await closeSessionPanel(facilitator);
      for (const id of ids) {
        await expect
          .poll(() => canvasVoteButton(participant, id, 'vote-add').count(), { timeout: 10_000 })
          .toBe(1);
      }
      // The phone takes in the facilitator's whole view, where a note is narrower than its
      // control: no control may lie over a neighbour (a tap on it would vote for the wrong note).
      await expect
        .poll(
          async () => distance(await viewportCentre(guest), await viewportCentre(facilitator)),
          {
            timeout: 10_000,
          },
        )
        .toBeLessThan(50);
      for (const page of [facilitator, participant, guest]) {
        expect(await controlsOffTheirItem(page)).toEqual([]);
      }
    });

    it('lets the participant cast three dots on the canvas, take one back and re-cast it, but not cast a fourth', async () => {
      const { participant, facilitator } = session();
      const [a, b, c, d] = votes();
      for (const [index, id] of [a, b, c].entries()) {
        await canvasVoteButton(participant, id, 'vote-add').click();
        await expect.poll(() => votesLeft(participant)).toBe(2 - index);
      }
      expect(await voteBanner(participant).textContent()).toContain('Ääniä jäljellä 0');
      // Every "+ dot" is off with no votes left.
      for (const id of [a, b, c, d]) {
        expect(await canvasVoteButton(participant, id, 'vote-add').isDisabled()).toBe(true);
      }
      await canvasVoteButton(participant, c, 'vote-retract').click();
      await expect.poll(() => votesLeft(participant)).toBe(1);
      await expect.poll(() => canvasVoteButton(participant, c, 'vote-retract').count()).toBe(0);
      await canvasVoteButton(participant, d, 'vote-add').click();
      await expect.poll(() => votesLeft(participant)).toBe(0);

      // A fourth vote from a page that has not heard yet (a second tap in flight) is refused.
      const refused = await participant.evaluate(
        ({ sessionId, itemId }) =>
          (globalThis as unknown as SessionWindow).kohtaamo.facilitation.control.request({
            type: 'vote.cast',
            sessionId,
            itemId,
          }),
        { sessionId: voteSessionId ?? '', itemId: c },
      );
      expect(refused).toMatchObject({ ok: false, code: 'vote.limit' });
      await expect
        .poll(() => participant.locator(toastTitle).allTextContents())
        .toContain('Olet käyttänyt kaikki 3 ääntäsi.');
      expect(await votesLeft(participant)).toBe(0);

      await openSessionPanel(facilitator);
      await expect
        .poll(() => facilitator.getByTestId('vote-progress').textContent(), { timeout: 10_000 })
        .toBe('1 people have voted, 1 have used all votes');
    });

    it('lets the guest vote by touch on the phone: "+ piste" on a note, then from the list', async () => {
      const { guest } = session();
      const [a, b, c, d] = votes();
      // Zoomed in on the first note, its "+ piste" is a thumb's size (36 px on a touch screen).
      await guest.evaluate((id) => {
        const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor;
        editor.zoomToBounds(editor.getShapePageBounds(id), { targetZoom: 1 });
      }, a);
      const add = canvasVoteButton(guest, a, 'vote-add');
      const box = await add.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(36);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(36);
      expect(await controlsOffTheirItem(guest)).toEqual([]);
      await add.tap();
      await expect.poll(() => votesLeft(guest)).toBe(2);

      await guest.getByTestId('vote-list-toggle').tap();
      await guest.getByTestId('vote-item-list').waitFor();
      // One vote per item: the first note's "+ piste" is off in the list now.
      expect(await listVoteButton(guest, a, 'vote-add').isDisabled()).toBe(true);
      await listVoteButton(guest, b, 'vote-add').tap();
      await expect.poll(() => votesLeft(guest)).toBe(1);
      await listVoteButton(guest, c, 'vote-add').tap();
      await expect.poll(() => votesLeft(guest)).toBe(0);
      expect(await listVoteButton(guest, d, 'vote-add').isDisabled()).toBe(true);
      expect(await voteBanner(guest).textContent()).toContain('Ääniä jäljellä 0');
      expect(await axeViolations(guest, ['.kohtaamo-vote-banner'])).toEqual([]);
    });

    it('shows no result anywhere while the vote runs; the facilitator sees only how many voted', async () => {
      const { facilitator } = session();
      const [a] = votes();
      await closeSessionPanel(facilitator);
      await canvasVoteButton(facilitator, a, 'vote-add').click();
      await expect.poll(() => votesLeft(facilitator)).toBe(2);
      await openSessionPanel(facilitator);
      await expect
        .poll(() => facilitator.getByTestId('vote-progress').textContent(), { timeout: 10_000 })
        .toBe('3 people have voted, 2 have used all votes');
      for (const page of everyone(session())) {
        await openSessionPanel(page);
        await page.getByTestId('vote-show-results').click();
        const panel = page.getByTestId('vote-results-panel');
        await panel.waitFor();
        expect(await panel.getByTestId('vote-results-session').getAttribute('data-status')).toBe(
          'running',
        );
        expect(await resultsShown(page)).toBe(0);
        await page.getByTestId('vote-results-close').click();
        await closeSessionPanel(page);
      }
    });

    it('reveals the results: ranked on every page, badges with totals, team and customers apart', async () => {
      const { facilitator, participant, guest } = session();
      const [a, b, c, d] = votes();
      await openSessionPanel(facilitator);
      await facilitator.getByTestId('vote-reveal').click();
      // The open tools panel lies over the banner.
      await closeSessionPanel(facilitator);
      // Facilitator A; participant A, B, D; guest A, B, C.
      const expected = [
        { id: a, rank: 1, total: 3, team: 2, customers: 1 },
        { id: b, rank: 2, total: 2, team: 1, customers: 1 },
        { id: c, rank: 3, total: 1, team: 0, customers: 1 },
        { id: d, rank: 3, total: 1, team: 1, customers: 0 },
      ];
      for (const page of everyone(session())) {
        await expect
          .poll(() => voteBanner(page).getAttribute('data-state'), { timeout: 10_000 })
          .toBe('revealed');
        for (const item of expected) {
          const badge = page.locator(
            `[data-testid="vote-result-badge"][data-shape-id="${item.id}"]`,
          );
          await expect.poll(() => badge.getAttribute('data-rank')).toBe(String(item.rank));
          expect(await badge.getAttribute('data-total')).toBe(String(item.total));
        }
        await page.getByTestId('vote-banner-results').click();
        const panel = page.getByTestId('vote-results-panel');
        await panel.waitFor();
        const revealed = panel.locator(
          `[data-testid="vote-results-session"][data-session-id="${voteSessionId}"]`,
        );
        expect(await revealed.getAttribute('data-status')).toBe('revealed');
        const rows = await revealed.getByTestId('vote-result-row').evaluateAll((elements) =>
          elements.map((row) => {
            const cell = (column: string) =>
              Number(row.querySelector(`[data-column="${column}"]`)?.textContent);
            return {
              id: row.getAttribute('data-shape-id'),
              rank: Number(row.querySelector('td')?.textContent?.replace('#', '')),
              total: cell('total'),
              team: cell('team'),
              customers: cell('customers'),
            };
          }),
        );
        // Tied items share a rank in either order.
        expect(rows.slice(0, 2)).toEqual(expected.slice(0, 2));
        expect(rows.slice(2)).toEqual(expect.arrayContaining(expected.slice(2)));
        expect(rows).toHaveLength(4);
        // Anonymous: no voters column.
        expect(await revealed.locator('[data-column="voters"]').count()).toBe(0);
      }
      expect(await facilitator.getByTestId('vote-voter-counts').textContent()).toBe(
        'Voted: team 2, customers 1',
      );
      for (const page of [participant, guest]) {
        expect(await page.getByTestId('vote-voter-counts').textContent()).toBe(
          'Äänestäneitä: tiimi 2, asiakkaat 1',
        );
      }
      // The results panel fits the phone's screen, its table every column without scrolling.
      const table = guest.locator('.kohtaamo-vote-table-wrap');
      expect(await table.evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth)).toBe(0);
      const phonePanel = await guest.getByTestId('vote-results-panel').boundingBox();
      expect(phonePanel?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((phonePanel?.x ?? 0) + (phonePanel?.width ?? 1_000)).toBeLessThanOrEqual(
        phoneViewport.width,
      );
      for (const page of everyone(session())) {
        expect(await axeViolations(page, ['.kohtaamo-vote-results'])).toEqual([]);
      }
      expect(await axeViolations(guest, ['.kohtaamo-vote-banner'])).toEqual([]);
      for (const page of everyone(session())) {
        await page.getByTestId('vote-results-close').click();
        await closeSessionPanel(page);
      }
    });

    it.runIf(screenshotsWanted())(
      "remakes the README's screenshots of the facilitator's page and the phone",
      async () => {
        const { facilitator, guest } = session();
        // Nothing selected (Escape also closes the panel), the note to the right of the panel.
        await facilitator.keyboard.press('Escape');
        await guest.keyboard.press('Escape');
        const note = await facilitator.evaluate((id) => {
          const { center } = (
            globalThis as unknown as SessionWindow
          ).kohtaamo.editor.getShapePageBounds(id);
          return { x: center.x, y: center.y };
        }, noteOfFacilitator ?? '');
        await lookAt(facilitator, { x: note.x - 450, y: note.y - 50 }, 1);
        await openSessionPanel(facilitator);
        for (const [page, name] of [
          [facilitator, 'workshop-facilitator'],
          [guest, 'workshop-phone'],
        ] as const) {
          const { path, bytes } = await saveScreenshot(page, name);
          expect(bytes, `${path} is ${bytes} bytes`).toBeLessThan(screenshotMaxBytes);
        }
      },
    );

    it("keeps the phone's vote banner in view above a selected template's panel", async () => {
      const { facilitator, guest } = session();
      await facilitator.getByTestId('kohtaamo-insert-template').click();
      await facilitator.getByRole('menuitem', { name: 'Journey map' }).click();
      const templateId = await facilitator.evaluate(
        () =>
          (globalThis as unknown as SessionWindow).kohtaamo.editor
            .getCurrentPageShapes()
            .find((shape) => shape.type === 'kohtaamo-template')?.id ?? '',
      );
      await expect
        .poll(() => guest.locator(`.tl-shape[data-shape-id="${templateId}"]`).count(), {
          timeout: 10_000,
        })
        .toBe(1);
      await guest.evaluate((id) => {
        (globalThis as unknown as SessionWindow).kohtaamo.editor.select(id);
      }, templateId);
      const panel = guest.getByTestId('kohtaamo-template-panel');
      await panel.waitFor();
      const banner = await voteBanner(guest).boundingBox();
      const panelBox = await panel.boundingBox();
      if (!banner || !panelBox) throw new Error('no banner or template panel on the phone');
      // Regression: the phone's template panel sat at a fixed place under the session bar, over
      // the vote banner (its votes left and list) and the follow bar.
      expect(panelBox.y).toBeGreaterThanOrEqual(banner.y + banner.height);
      // Under the bars, the panel still leaves the lower half of the board free.
      expect(panelBox.y + panelBox.height).toBeLessThanOrEqual(phoneViewport.height * 0.55);
      await guest.keyboard.press('Escape');
      await guest.evaluate(() => {
        (globalThis as unknown as SessionWindow).kohtaamo.editor.selectNone();
      });
      await facilitator.keyboard.press('Escape');
    });

    it("keeps a private round's notes to their authors until the facilitator reveals them, then shows them on every page", async () => {
      const { facilitator, participant, guest } = session();
      const participantWords = 'Yksityinen ajatus: iltachat tueksi';
      const guestWords = 'Salainen toive: tekstiviesti ennen toimitusta';
      for (const page of everyone(session())) expect(await privateBanner(page).count()).toBe(0);

      await openSessionPanel(facilitator);
      const tools = facilitator.getByTestId('private-round-tools');
      expect(await tools.getByLabel(/^Reveal anonymously/).isChecked()).toBe(false);
      await tools.getByRole('button', { name: 'Start private round', exact: true }).click();
      await expect
        .poll(() => tools.getByTestId('private-round-status').textContent(), { timeout: 10_000 })
        .toContain('The notes will be revealed with their authors’ names.');
      await closeSessionPanel(facilitator);
      for (const page of everyone(session())) {
        await expect
          .poll(() => privateBanner(page).getAttribute('data-state'), { timeout: 10_000 })
          .toBe('on');
      }
      expect(await privateBanner(facilitator).textContent()).toContain(
        'new notes are visible only to their authors until you reveal them',
      );
      for (const page of [participant, guest]) {
        expect(await privateBanner(page).textContent()).toContain(
          'uudet lappusi näkyvät vain sinulle, kunnes fasilitaattori paljastaa ne',
        );
      }

      // Each writes a note on an empty part of the board, the guest by touch-sized phone.
      await lookAt(participant, { x: 6_000, y: 6_000 }, 1);
      const canvas = await participant.locator('.tl-canvas').first().boundingBox();
      if (!canvas) throw new Error('canvas has no bounding box');
      const participantNote = await addNote(
        participant,
        { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height * 0.65 },
        participantWords,
      );
      await lookAt(guest, { x: 6_000, y: 7_000 }, 1);
      const guestNote = await addNote(
        guest,
        { x: phoneViewport.width / 2, y: phoneViewport.height * 0.7 },
        guestWords,
      );
      const notes = [
        { id: participantNote, text: participantWords, author: participant },
        { id: guestNote, text: guestWords, author: guest },
      ];
      for (const { id, text, author } of notes) {
        await expect.poll(() => noteText(author, id)).toBe(text);
        await expect.poll(() => privateBadge(author, id).count()).toBe(1);
        expect(await privateBadge(author, id).textContent()).toBe('Vain sinä');
        // Written to the author's private document, which the server keeps.
        await expect
          .poll(() => docMentions(author, 'private', text), { timeout: 10_000 })
          .toBe(true);
      }
      expect(await participant.getByTestId('private-own-count').textContent()).toBe(
        'Vain sinulle näkyvissä: 1',
      );
      // Time for anything that would leak to arrive.
      await facilitator.waitForTimeout(1_500);
      for (const { id, text, author } of notes) {
        for (const page of everyone(session()).filter((other) => other !== author)) {
          expect(await hasShape(page, id)).toBe(false);
          expect(await docMentions(page, 'board', text)).toBe(false);
          expect(await page.locator('body').textContent()).not.toContain(text);
          expect(await privateBadge(page, id).count()).toBe(0);
        }
        // Not even the author's own copy of the board holds it.
        expect(await docMentions(author, 'board', text)).toBe(false);
      }

      // On the phone the private banner sits in the column under the session bar, above the vote
      // banner, within the screen.
      const sessionBar = await guest.locator('.kohtaamo-session-bar').boundingBox();
      const banner = await privateBanner(guest).boundingBox();
      const vote = await voteBanner(guest).boundingBox();
      if (!sessionBar || !banner || !vote) throw new Error('a bar is missing on the phone');
      expect(banner.y).toBeGreaterThanOrEqual(sessionBar.y + sessionBar.height);
      expect(vote.y).toBeGreaterThanOrEqual(banner.y + banner.height);
      expect(banner.x).toBeGreaterThanOrEqual(0);
      expect(banner.x + banner.width).toBeLessThanOrEqual(phoneViewport.width);
      expect(await axeViolations(guest, ['.kohtaamo-private-banner'])).toEqual([]);
      expect(await axeViolations(participant, ['.kohtaamo-private-banner'])).toEqual([]);

      await openSessionPanel(facilitator);
      await facilitator.getByTestId('private-reveal').click();
      await closeSessionPanel(facilitator);
      for (const page of everyone(session())) {
        for (const { id, text } of notes) {
          await expect.poll(() => noteText(page, id), { timeout: 10_000 }).toBe(text);
        }
        await expect.poll(() => privateBanner(page).count(), { timeout: 10_000 }).toBe(0);
      }
      for (const { id, author } of notes) {
        await expect.poll(() => privateBadge(author, id).count()).toBe(0);
        // The server emptied the private document; the author's copy follows.
        await expect.poll(() => privateEntries(author), { timeout: 10_000 }).toBe(0);
      }
      await expect
        .poll(() => participant.getByTestId('private-revealed').getAttribute('data-count'))
        .toBe('2');
      expect(await facilitator.getByTestId('private-revealed').textContent()).toContain(
        'Private notes revealed: 2 items were added to the board.',
      );
      // A named round: the notes name their authors on the board.
      const authors = await facilitator.evaluate(
        (ids) =>
          ids.map(
            (id) =>
              (globalThis as unknown as SessionWindow).kohtaamo.editor.getShape(id)?.meta
                .authorName,
          ),
        notes.map((note) => note.id),
      );
      expect(authors).toEqual([bertta.name, cecilia.name]);
      // The revealed note is the board's now: the participant's change reaches the others.
      await participant.evaluate((id) => {
        const editor = (globalThis as unknown as SessionWindow).kohtaamo.editor as unknown as {
          updateShape(shape: { id: string; type: string; x: number }): void;
        };
        editor.updateShape({ id, type: 'note', x: 6_400 });
      }, participantNote);
      await expect
        .poll(async () => (await noteCentre(facilitator, participantNote)).x > 6_400, {
          timeout: 10_000,
        })
        .toBe(true);
    });

    it('signals the end of a short (6 s) timer on every page, with sound where it is not muted', async () => {
      const pages = everyone(session());
      const { facilitator, participant, guest } = session();
      const mute = guest.getByRole('button', { name: 'Mykistä merkkiääni', exact: true });
      await mute.click();
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
      const tonesBefore = await Promise.all(pages.map(tonesPlayed));
      for (const page of pages) expect(await page.getByTestId('timer-ended').count()).toBe(0);

      await openSessionPanel(facilitator);
      await facilitator.getByLabel('Minutes', { exact: true }).fill('0.1');
      await facilitator.getByRole('button', { name: 'Start', exact: true }).click();
      for (const page of pages) {
        await expect
          .poll(() => page.getByTestId('timer-remaining').getAttribute('data-remaining-ms'), {
            timeout: 5_000,
          })
          .toMatch(/^[1-6]\d{3}$/);
      }
      for (const page of pages) {
        await page.getByTestId('timer-ended').waitFor({ state: 'visible', timeout: 10_000 });
        expect(await timerStatus(page)).toBe('ended');
      }
      expect(await facilitator.getByTestId('timer-ended').textContent()).toBe('Time’s up');
      for (const page of [participant, guest]) {
        expect(await page.getByTestId('timer-ended').textContent()).toBe('Aika loppui');
      }
      // Three tones on each page that did not mute, none on the guest's muted phone.
      await expect.poll(() => tonesPlayed(facilitator)).toBe((tonesBefore[0] ?? 0) + 3);
      await expect.poll(() => tonesPlayed(participant)).toBe((tonesBefore[1] ?? 0) + 3);
      expect(await tonesPlayed(guest)).toBe(tonesBefore[2]);
    });

    it('has no axe violations in the tools panel and the phone session bar, in English and Finnish', async () => {
      const { facilitator, guest } = session();
      const facilitatorScope = ['.kohtaamo-facilitation-top'];
      const phoneScope = ['.kohtaamo-session'];
      await openSessionPanel(facilitator);
      const english = [
        ...(await axeViolations(facilitator, facilitatorScope)),
        ...(await axeViolations(guest, phoneScope)),
      ];

      await facilitator.getByLabel('Language', { exact: true }).selectOption('fi');
      await guest.getByLabel('Kieli', { exact: true }).selectOption('en');
      await expect
        .poll(() => facilitator.getByTestId('session-phase').textContent())
        .toBe('Vaihe: Asiakastarpeet');
      await expect
        .poll(() => guest.getByTestId('session-phase').textContent())
        .toBe('Phase: Customer needs');
      await openSessionPanel(facilitator);
      await facilitator.getByRole('button', { name: 'Tuo kaikki tänne', exact: true }).waitFor();
      const finnish = [
        ...(await axeViolations(facilitator, facilitatorScope)),
        ...(await axeViolations(guest, phoneScope)),
      ];
      expect({ english, finnish }).toEqual({ english: [], finnish: [] });
    });

    it('asked for nothing outside this machine during the session', () => {
      const { requested } = session();
      expect(requested.length).toBeGreaterThan(0);
      const outside = requested.filter((address) => {
        const url = new URL(address);
        return !['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
      });
      expect(outside).toEqual([]);
    });
  },
);
