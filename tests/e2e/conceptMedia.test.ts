import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { type PageBounds, type TestBoardWindow, templateSelector } from '../helpers/boardShapes.js';
import {
  aino,
  describeWithBrowser,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

interface MediaShape {
  readonly id: string;
  readonly type: string;
  readonly parentId: string;
  readonly props: Record<string, unknown>;
  readonly cell: { kind: string; fieldId?: string } | undefined;
  readonly bounds: PageBounds | undefined;
}

/** Shapes of `type` with the template cell they sit in and their page bounds. */
function shapesOfType(page: Page, type: string): Promise<MediaShape[]> {
  return page.evaluate((shapeType) => {
    const handle = (globalThis as unknown as TestBoardWindow).kohtaamo;
    if (!handle) return [];
    return handle.editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === shapeType)
      .map(({ id, type, parentId, props }) => {
        const bounds = handle.editor.getShapePageBounds(id);
        return {
          id,
          type,
          parentId,
          props,
          cell: handle.cellOfShape(id) as MediaShape['cell'],
          bounds: bounds && {
            minX: bounds.minX,
            minY: bounds.minY,
            maxX: bounds.maxX,
            maxY: bounds.maxY,
          },
        };
      });
  }, type);
}

function fieldIds(shapes: readonly MediaShape[]): (string | undefined)[] {
  return shapes.map((shape) => (shape.cell?.kind === 'field' ? shape.cell.fieldId : undefined));
}

function overlapping(a: PageBounds, b: PageBounds): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/** A solid-colour PNG of `width × height`, so each test image has its own proportions. */
function png(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describeWithBrowser('insight and visuals of the concept canvas', (browser) => {
  const app = useAppServer(browser);

  it('embeds a video link in Insight, adds images to Visuals and arranges them as a mood board', async () => {
    const { a, b } = await app.openPair('concept-media', { b: 'fi' });

    await a.getByRole('button', { name: 'Insert template' }).click();
    await a.getByRole('menuitem', { name: 'Tolvanen concept canvas' }).click();
    await expect.poll(() => a.locator(templateSelector).count()).toBe(1);
    const [template] = await shapesOfType(a, 'kohtaamo-template');
    if (!template) throw new Error('no template after inserting');

    // The inserted canvas is selected, so its panel shows; it opens on request.
    await a.getByRole('button', { name: 'Show concept details' }).click();
    const insight = a.getByRole('group', { name: 'Insight', exact: true });
    await insight.waitFor();
    await insight.getByLabel('Video link').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await insight.getByRole('button', { name: 'Embed video' }).click();

    // Only the shape matters: this browser has no internet to load the player.
    await expect.poll(async () => (await shapesOfType(a, 'embed')).length).toBe(1);
    const [embed] = await shapesOfType(a, 'embed');
    expect(embed?.parentId).toBe(template.id);
    expect(embed?.cell).toMatchObject({ kind: 'field', fieldId: 'insight' });
    expect(embed?.props.url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    await expect
      .poll(() => a.getByRole('status').filter({ hasText: 'The video was added' }).count())
      .toBe(1);
    await expect
      .poll(async () => fieldIds(await shapesOfType(b, 'embed')), { timeout: 15_000 })
      .toEqual(['insight']);

    // Three images of different proportions into Visuals, through the panel's file input.
    const visuals = a.getByRole('group', { name: 'Visuals', exact: true });
    await visuals.getByRole('button', { name: 'Add images' }).waitFor();
    await a.getByTestId('kohtaamo-visuals-file').setInputFiles([
      { name: 'wide.png', mimeType: 'image/png', buffer: png(32, 18, [200, 60, 40]) },
      { name: 'tall.png', mimeType: 'image/png', buffer: png(12, 20, [40, 120, 200]) },
      { name: 'square.png', mimeType: 'image/png', buffer: png(16, 16, [60, 160, 80]) },
    ]);
    await expect.poll(async () => (await shapesOfType(a, 'image')).length).toBe(3);
    let images = await shapesOfType(a, 'image');
    expect(fieldIds(images)).toEqual(['visuals', 'visuals', 'visuals']);
    expect(images.every((image) => image.parentId === template.id)).toBe(true);
    // The canvas stayed selected: its panel did not close.
    await visuals.getByRole('button', { name: 'Arrange mood board' }).click();

    const tidy = async () => {
      const current = await shapesOfType(a, 'image');
      const bounds = current.map((image) => image.bounds);
      const apart = bounds.every((box, index) =>
        bounds
          .slice(index + 1)
          .every((other) => box !== undefined && other !== undefined && !overlapping(box, other)),
      );
      return { apart, fields: fieldIds(current) };
    };
    await expect.poll(tidy).toEqual({ apart: true, fields: ['visuals', 'visuals', 'visuals'] });
    images = await shapesOfType(a, 'image');
    const ratio = (image: MediaShape) => Number(image.props.w) / Number(image.props.h);
    expect(images.map(ratio).sort((x, y) => x - y)).toEqual([
      expect.closeTo(12 / 20, 5),
      expect.closeTo(1, 5),
      expect.closeTo(32 / 18, 5),
    ]);
    // The other person sees the arranged mood board too.
    await expect
      .poll(
        async () => {
          const theirs = await shapesOfType(b, 'image');
          return theirs.length === 3 && theirs.every((image) => image.cell?.fieldId === 'visuals');
        },
        { timeout: 15_000 },
      )
      .toBe(true);

    expect(await axeViolations(a, ['[data-testid="kohtaamo-concept-panel"]'])).toEqual([]);
  });

  it('explains a link that is not a web address, in the board’s language', async () => {
    const server = app.server();
    const room = testRoomId('concept-media-fi');
    const page = await app.newPage(aino, { locale: 'fi' });
    await openBoard(page, `${server.url}/b/${room}`);
    await page.getByRole('button', { name: 'Lisää pohja' }).click();
    await page.getByRole('menuitem', { name: 'Tolvasen konseptimalli' }).click();
    await page.getByRole('button', { name: 'Näytä konseptin tiedot' }).click();

    const insight = page.getByRole('group', { name: 'Oivallus', exact: true });
    const link = insight.getByLabel('Videolinkki');
    await link.fill('javascript:alert(1)');
    await link.press('Enter');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Vain https://' }).count())
      .toBe(1);
    expect(await link.getAttribute('aria-invalid')).toBe('true');
    expect((await shapesOfType(page, 'embed')).length).toBe(0);
    expect((await shapesOfType(page, 'bookmark')).length).toBe(0);
  });
});
