import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  aino,
  describeWithBrowser,
  shapeCount,
  testRoomId,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';

/** A 1×1 PNG. */
const pngBytes = [
  ...Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
];

/** One `securitypolicyviolation` event, as recorded in the page. */
interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly source: string;
}

/** What the init script and this suite use of the page's globals. */
interface CspTestWindow {
  __cspViolations?: Violation[];
  kohtaamo?: {
    editor: {
      putExternalContent(content: {
        type: 'files';
        files: File[];
        point: { x: number; y: number };
      }): Promise<void>;
      getViewportPageBounds(): { center: { x: number; y: number } };
      getCurrentPageShapes(): Array<{ id: string; type: string }>;
      getAssets(): Array<{ props: { src: string | null } }>;
      createShape(shape: Record<string, unknown>): unknown;
      toImage(ids: string[], options: { format: 'png' }): Promise<{ blob: Blob }>;
    };
  };
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => [...((globalThis as CspTestWindow).__cspViolations ?? [])]);
}

describeWithBrowser('the board under its Content-Security-Policy', (browser) => {
  const app = useAppServer(browser);

  it('inserts a template, a note, an image and a video embed and exports a PNG without a CSP violation', async () => {
    const server = app.server();
    const context = await app.newContext(aino, { locale: 'en' });
    // Recorded from the first script on, in every document of the context.
    await context.addInitScript(() => {
      const recorded: Violation[] = [];
      (globalThis as CspTestWindow).__cspViolations = recorded;
      globalThis.document.addEventListener(
        'securitypolicyviolation',
        (event) =>
          recorded.push({
            directive: event.effectiveDirective,
            blocked: event.blockedURI,
            source: `${event.sourceFile}:${event.lineNumber}`,
          }),
        true,
      );
    });
    const consoleCsp: string[] = [];
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) {
        consoleCsp.push(message.text());
      }
    });

    const response = await page.goto(`${server.url}/b/${testRoomId('csp')}`);
    // The policy is really there, so "no violation" below means something.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await waitForBoard(page);
    await waitForConnection(page, 'connected');

    await page.getByRole('button', { name: 'Insert template' }).click();
    await page.getByRole('menuitem', { name: 'Customer journey map' }).click();
    await expect.poll(() => shapeCount(page, 'kohtaamo-template')).toBe(1);

    // A note the way a person adds one: the tool, a click, some text (rich-text editing).
    const box = await page.locator('.tl-canvas').first().boundingBox();
    if (!box) throw new Error('canvas has no bounding box');
    // Over free canvas: the template's structure panel covers the middle of a laptop screen.
    await page
      .locator('.tl-canvas')
      .first()
      .hover({ position: { x: 80, y: box.height - 120 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.mouse.click(box.x + 80, box.y + box.height - 120);
    await page.keyboard.type('Jono kassalla');
    await page.keyboard.press('Escape');
    await expect.poll(() => shapeCount(page, 'note')).toBe(1);

    // An image, uploaded to the server and shown from /api/rooms/…/uploads/….
    await page.evaluate(async (bytes) => {
      const editor = (globalThis as CspTestWindow).kohtaamo?.editor;
      if (!editor) throw new Error('no editor on window.kohtaamo');
      await editor.putExternalContent({
        type: 'files',
        files: [new File([new Uint8Array(bytes)], 'piste.png', { type: 'image/png' })],
        point: editor.getViewportPageBounds().center,
      });
    }, pngBytes);
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (globalThis as CspTestWindow).kohtaamo?.editor
                .getAssets()
                .map((asset) => asset.props.src ?? '') ?? [],
          ),
        { timeout: 15_000 },
      )
      .toEqual([expect.stringMatching(/^\/api\/rooms\/.+\/uploads\/.+/)]);
    await page.locator('.tl-shape[data-shape-type="image"] img').first().waitFor();

    // A video player frame (frame-src); there is no network here, so it only has to be allowed.
    await page.evaluate(() => {
      (globalThis as CspTestWindow).kohtaamo?.editor.createShape({
        type: 'embed',
        x: 0,
        y: -400,
        props: { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', w: 320, h: 180 },
      });
    });
    await page.locator('iframe[src^="https://www.youtube.com/embed/"]').first().waitFor({
      state: 'attached',
    });

    // Exporting draws the shapes with fonts and images inlined (fetch of self, data: and blob:).
    const exportedBytes = await page.evaluate(async () => {
      const editor = (globalThis as CspTestWindow).kohtaamo?.editor;
      if (!editor) throw new Error('no editor on window.kohtaamo');
      const ids = editor
        .getCurrentPageShapes()
        .filter((shape) => shape.type !== 'embed')
        .map((shape) => shape.id);
      const { blob } = await editor.toImage(ids, { format: 'png' });
      return blob.size;
    });
    expect(exportedBytes).toBeGreaterThan(1000);

    expect(await violations(page)).toEqual([]);
    expect(consoleCsp).toEqual([]);

    // The recorder works: an image over plain http is outside img-src and is reported.
    await page.evaluate(() => {
      const image = globalThis.document.createElement('img');
      image.src = 'http://blocked.invalid/pixel.png';
      globalThis.document.body.append(image);
    });
    await expect
      .poll(() => violations(page))
      .toEqual([expect.objectContaining({ directive: 'img-src' })]);
  });
});
