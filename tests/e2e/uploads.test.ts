import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  aino,
  describeWithBrowser,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

/** A 1×1 PNG. */
const pngBytes = [
  ...Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
];
const svgBytes = [
  ...Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
  ),
];

const imageShapeSelector = '.tl-shape[data-shape-type="image"]';

/** What this suite uses of the editor on `window.kohtaamo` (beyond the shared test handle). */
interface UploadTestWindow {
  kohtaamo?: {
    editor: {
      putExternalContent(content: {
        type: 'files';
        files: File[];
        point: { x: number; y: number };
      }): Promise<void>;
      getViewportPageBounds(): { center: { x: number; y: number } };
      getCurrentPageShapes(): Array<{ type: string; props: Record<string, unknown> }>;
      getAssets(): Array<{ id: string; props: { src: string | null } }>;
    };
  };
}

/** Puts a file on the board the way a drop or paste does, built in the page from `bytes`. */
function putFile(page: Page, file: { bytes: number[]; name: string; type: string }) {
  return page.evaluate(async ({ bytes, name, type }) => {
    const editor = (globalThis as unknown as UploadTestWindow).kohtaamo?.editor;
    if (!editor) throw new Error('no editor on window.kohtaamo');
    const blob = new File([new Uint8Array(bytes)], name, { type });
    await editor.putExternalContent({
      type: 'files',
      files: [blob],
      point: editor.getViewportPageBounds().center,
    });
  }, file);
}

/** The `src` of every image shape's asset on the current page. */
function imageSources(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() => {
    const editor = (globalThis as unknown as UploadTestWindow).kohtaamo?.editor;
    if (!editor) return [];
    const assets = new Map(editor.getAssets().map((asset) => [asset.id, asset.props.src]));
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'image')
      .map((shape) => assets.get(String(shape.props.assetId)) ?? null);
  });
}

function assetCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as UploadTestWindow).kohtaamo?.editor.getAssets().length ?? -1,
  );
}

describeWithBrowser('images on the board are uploaded to the server', (browser) => {
  const app = useAppServer(browser);

  it('stores a dropped PNG on the server and shows it to another person by its url', async () => {
    const { server, room, a, b } = await app.openPair('upload');

    await putFile(a, { bytes: pngBytes, name: 'piste.png', type: 'image/png' });

    const servedUrl = new RegExp(`^/api/rooms/${room}/uploads/[^/]+$`);
    await expect
      .poll(() => imageSources(a), { timeout: 15_000 })
      .toEqual([expect.stringMatching(servedUrl)]);
    const [src] = await imageSources(a);
    if (!src) throw new Error('the image has no src');
    expect(src.startsWith('data:')).toBe(false);

    const served = await fetch(`${server.url}${src}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await served.arrayBuffer())]).toEqual(pngBytes);

    await expect.poll(() => b.locator(imageShapeSelector).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => imageSources(b)).toEqual([src]);
  });

  it('refuses an SVG with a message in the board’s language and puts nothing on the board', async () => {
    const server = app.server();
    const room = testRoomId('upload-svg');
    const page = await app.newPage(aino, { locale: 'fi' });
    await openBoard(page, `${server.url}/b/${room}`);

    await putFile(page, { bytes: svgBytes, name: 'logo.svg', type: 'image/svg+xml' });

    // The toast's own text: its screen-reader announcement repeats it for a moment.
    await page
      .locator('.tlui-toast__description')
      .getByText('Tätä tiedostotyyppiä ei voi lisätä tauluun. Sallitut tyypit: PNG, JPEG', {
        exact: false,
      })
      .waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByText('Tiedostoa ei voitu lisätä').first().isVisible()).toBe(true);
    expect(await imageSources(page)).toEqual([]);
    expect(await page.locator(imageShapeSelector).count()).toBe(0);
    expect(await assetCount(page)).toBe(0);
  });
});
