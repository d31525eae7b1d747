import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import {
  type PageBounds,
  pageShapes,
  type TestBoardWindow,
  templateSelector,
  templateShapes,
} from '../helpers/boardShapes.js';
import { describeWithBrowser, useAppServer } from '../helpers/browser.js';

/**
 * Issue 13, "where things land", as a new facilitator meets it in the first
 * hour: a second template must not land on the first, a note dropped in a
 * journey-map cell must fit it, and two people adding notes to one cell at
 * once must end with the same grown cell that holds both.
 */

interface TemplateProps {
  readonly w: number;
  readonly h: number;
  readonly templateId: string;
}

interface Box {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** What these tests read beyond the shared test handle. */
interface LandingWindow {
  kohtaamo?: {
    editor: {
      getShapePageBounds(id: string): PageBounds | undefined;
      getViewportPageBounds(): PageBounds;
      pageToViewport(point: { x: number; y: number }): { x: number; y: number };
      getShape(id: string): { parentId: string; props: Record<string, unknown> } | undefined;
      createShape(shape: Record<string, unknown>): unknown;
      zoomToBounds(
        bounds: { x: number; y: number; w: number; h: number },
        options?: Record<string, unknown>,
      ): unknown;
      selectNone(): unknown;
      select(...ids: string[]): unknown;
      getCurrentPageShapes(): { id: string; type: string; parentId: string }[];
    };
    cellOfShape(
      id: string,
    ): { kind: string; laneId?: string; stageId?: string; box: Box } | undefined;
  };
}

async function insertFromToolbar(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Insert template' }).click();
  await page.getByRole('menuitem', { name: title }).click();
}

/** A shape's page bounds as plain edges (tldraw's Box keeps them in getters, which do not cross into the test). */
function pageBounds(page: Page, id: string): Promise<Box | undefined> {
  return page.evaluate((shapeId) => {
    const box = (globalThis as unknown as LandingWindow).kohtaamo?.editor.getShapePageBounds(
      shapeId,
    );
    return box && { minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY };
  }, id);
}

function viewportBounds(page: Page): Promise<Box | undefined> {
  return page.evaluate(() => {
    const box = (globalThis as unknown as LandingWindow).kohtaamo?.editor.getViewportPageBounds();
    return box && { minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY };
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function inside(inner: Box, outer: Box): boolean {
  const slack = 0.01;
  return (
    inner.minX >= outer.minX - slack &&
    inner.minY >= outer.minY - slack &&
    inner.maxX <= outer.maxX + slack &&
    inner.maxY <= outer.maxY + slack
  );
}

/**
 * A cell's box and the boxes of some of the template's children, in the
 * template's own space, as one page sees them.
 */
interface CellView {
  readonly cell: Box;
  readonly laneId: string | undefined;
  readonly stageId: string | undefined;
  readonly notes: readonly Box[];
}

function cellView(page: Page, templateId: string, noteId: string): Promise<CellView | undefined> {
  return page.evaluate(
    ({ template, note }) => {
      const handle = (globalThis as unknown as LandingWindow).kohtaamo;
      const origin = handle?.editor.getShapePageBounds(template);
      const cell = handle?.cellOfShape(note);
      const bounds = handle?.editor.getShapePageBounds(note);
      if (!handle || !origin || !cell || !bounds) return undefined;
      const local = (box: PageBounds) => ({
        minX: box.minX - origin.minX,
        minY: box.minY - origin.minY,
        maxX: box.maxX - origin.minX,
        maxY: box.maxY - origin.minY,
      });
      return {
        cell: cell.box,
        laneId: cell.laneId,
        stageId: cell.stageId,
        notes: [local(bounds)],
      };
    },
    { template: templateId, note: noteId },
  );
}

/** The header row and column of a grid template at its stored size (they never grow). */
function headerEdges(props: TemplateProps): {
  readonly columnRight: number;
  readonly rowBottom: number;
} {
  return { columnRight: props.w * 0.15, rowBottom: props.h * 0.1 };
}

function clearOfHeaders(box: Box, props: TemplateProps): boolean {
  const { columnRight, rowBottom } = headerEdges(props);
  return box.minX >= columnRight && box.minY >= rowBottom;
}

describeWithBrowser('where things land in the first hour (issue 13)', (browser) => {
  const app = useAppServer(browser);

  it('puts a second template beside the first and shows it', async () => {
    const { a } = await app.openPair('landing-templates');
    await insertFromToolbar(a, 'Customer journey map');
    await expect.poll(() => a.locator(templateSelector).count()).toBe(1);
    await insertFromToolbar(a, 'Tolvanen concept canvas');
    await expect.poll(() => a.locator(templateSelector).count()).toBe(2);

    const templates = await templateShapes<TemplateProps>(a);
    const journey = templates.find((shape) => shape.props.templateId === 'journeyMap');
    const canvas = templates.find((shape) => shape.props.templateId === 'conceptCanvas');
    if (!journey || !canvas) throw new Error('both templates should be on the board');
    const [first, second] = await Promise.all([
      pageBounds(a, journey.id),
      pageBounds(a, canvas.id),
    ]);
    if (!first || !second) throw new Error('no bounds');
    expect(overlaps(first, second)).toBe(false);
    // The new template is in view, whole.
    await expect
      .poll(async () => {
        const viewport = await viewportBounds(a);
        return viewport !== undefined && inside(second, viewport);
      })
      .toBe(true);
  });

  it('fits a note dragged into a journey-map cell to that cell', async () => {
    const { a } = await app.openPair('landing-drop');
    await insertFromToolbar(a, 'Customer journey map');
    await expect.poll(() => a.locator(templateSelector).count()).toBe(1);
    const [template] = await templateShapes<TemplateProps>(a);
    if (!template) throw new Error('no template');
    const bounds = await pageBounds(a, template.id);
    if (!bounds) throw new Error('no template bounds');

    // A default note on the page above the template, then the camera on both.
    const noteId = 'shape:landingNote';
    await a.evaluate(
      ({ id, x, y }) => {
        const editor = (globalThis as unknown as LandingWindow).kohtaamo?.editor;
        editor?.createShape({ id, type: 'note', x, y });
        editor?.selectNone();
      },
      { id: noteId, x: bounds.minX + 600, y: bounds.minY - 400 },
    );
    await a.evaluate(({ minX, minY, maxX, maxY }) => {
      (globalThis as unknown as LandingWindow).kohtaamo?.editor.zoomToBounds(
        { x: minX, y: minY - 450, w: maxX - minX, h: maxY - minY + 450 },
        { inset: 40 },
      );
    }, bounds);
    expect((await pageShapes(a, 'note'))[0]?.parentId).not.toBe(template.id);

    // Drag it by hand into Thoughts × Purchase (the 4th of 7 stages, the 4th of 7 lanes).
    const { w, h } = template.props;
    const target = {
      x: bounds.minX + w * 0.15 + 3.5 * ((w * 0.85) / 7),
      y: bounds.minY + h * 0.1 + 3.5 * ((h * 0.9) / 7),
    };
    const [from, to] = await a.evaluate(
      ({ note, point }) => {
        const editor = (globalThis as unknown as LandingWindow).kohtaamo?.editor;
        const box = editor?.getShapePageBounds(note);
        if (!editor || !box) return [];
        return [
          editor.pageToViewport({ x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 }),
          editor.pageToViewport(point),
        ];
      },
      { note: noteId, point: target },
    );
    if (!from || !to) throw new Error('no screen points');
    const canvasBox = await a.locator('.tl-canvas').first().boundingBox();
    const offset = { x: canvasBox?.x ?? 0, y: canvasBox?.y ?? 0 };
    await a.mouse.move(offset.x + from.x, offset.y + from.y);
    await a.mouse.down();
    await a.mouse.move(offset.x + (from.x + to.x) / 2, offset.y + (from.y + to.y) / 2, {
      steps: 8,
    });
    await a.mouse.move(offset.x + to.x, offset.y + to.y, { steps: 8 });
    await a.mouse.up();

    await expect
      .poll(() =>
        a.evaluate(
          (id) => (globalThis as unknown as LandingWindow).kohtaamo?.editor.getShape(id)?.parentId,
          noteId,
        ),
      )
      .toBe(template.id);
    const view = await cellView(a, template.id, noteId);
    expect(view).toMatchObject({ laneId: 'thoughts', stageId: 'purchase' });
    if (!view) throw new Error('no cell');
    const [note] = view.notes;
    if (!note) throw new Error('no note box');
    // It takes the template's note size: a 243 × 154 cell holds it with a margin all round.
    expect(note.maxX - note.minX).toBeLessThan(view.cell.maxX - view.cell.minX);
    expect(note.maxY - note.minY).toBeLessThan(view.cell.maxY - view.cell.minY);
    expect(inside(note, view.cell)).toBe(true);
    expect(clearOfHeaders(note, template.props)).toBe(true);
  });

  it('two people adding notes to one cell at once end with the same grown cell holding both', async () => {
    const { a, b } = await app.openPair('landing-together');
    await insertFromToolbar(a, 'Customer journey map');
    await expect.poll(() => b.locator(templateSelector).count(), { timeout: 15_000 }).toBe(1);
    const [template] = await templateShapes<TemplateProps>(b);
    if (!template) throw new Error('no template on Bertta’s board');
    const { w, h } = template.props;
    const column = (w * 0.85) / 7;
    const row = (h * 0.9) / 7;
    const cell = { minX: w * 0.15 + 3 * column, minY: h * 0.1 + 3 * row };
    // A note in Pain points, below the cell that will grow.
    await a.evaluate(
      ({ parentId, x, y }) => {
        (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.createShape({
          id: 'shape:below',
          type: 'note',
          parentId,
          x,
          y,
        });
      },
      { parentId: template.id, x: cell.minX + column / 2 - 100, y: cell.minY + 2.5 * row - 100 },
    );
    await expect
      .poll(async () => (await pageShapes(b, 'note')).length, { timeout: 15_000 })
      .toBe(1);

    // Both add a note to Thoughts × Purchase at the same moment, at different places in it.
    const add = (page: Page, id: string, at: { x: number; y: number }) =>
      page.evaluate(
        ({ noteId, parentId, x, y }) => {
          (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.createShape({
            id: noteId,
            type: 'note',
            parentId,
            x,
            y,
          });
        },
        { noteId: id, parentId: template.id, x: at.x - 100, y: at.y - 100 },
      );
    await Promise.all([
      add(a, 'shape:fromAino', { x: cell.minX + 40, y: cell.minY + 40 }),
      add(b, 'shape:fromBertta', { x: cell.minX + column - 40, y: cell.minY + row - 30 }),
    ]);
    for (const page of [a, b]) {
      await expect
        .poll(async () => (await pageShapes(page, 'note')).length, { timeout: 15_000 })
        .toBe(3);
    }

    const notes = ['shape:fromAino', 'shape:fromBertta'];
    const viewOf = async (page: Page) => {
      const views = await Promise.all(
        [...notes, 'shape:below'].map((id) => cellView(page, template.id, id)),
      );
      return views.map(
        (view) => view && { ...view, cell: rounded(view.cell), notes: view.notes.map(rounded) },
      );
    };
    // Both settle on the same picture: the cell grown to hold both notes, the note below moved with its lane.
    await expect
      .poll(async () => JSON.stringify(await viewOf(a)), { timeout: 15_000 })
      .toBe(JSON.stringify(await viewOf(b)));
    await expect
      .poll(
        async () => {
          const [fromA, fromB, below] = await viewOf(b);
          return (
            fromA !== undefined &&
            fromB !== undefined &&
            below !== undefined &&
            fromA.cell.maxY - fromA.cell.minY > row + 1 &&
            JSON.stringify(fromA.cell) === JSON.stringify(fromB.cell)
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    for (const page of [a, b]) {
      const [fromA, fromB, below] = await viewOf(page);
      expect(fromA).toMatchObject({ laneId: 'thoughts', stageId: 'purchase' });
      expect(fromB).toMatchObject({ laneId: 'thoughts', stageId: 'purchase' });
      expect(below).toMatchObject({ laneId: 'painPoints', stageId: 'purchase' });
      for (const view of [fromA, fromB, below]) {
        if (!view) throw new Error('a note is in no cell');
        for (const note of view.notes) {
          expect(inside(note, view.cell)).toBe(true);
          expect(clearOfHeaders(note, template.props)).toBe(true);
        }
      }
    }
    expect(await viewOf(a)).toEqual(await viewOf(b));

    // The cell panel of the selected notes tidies them, and the panels pass axe.
    await b.evaluate((ids) => {
      (globalThis as unknown as LandingWindow).kohtaamo?.editor.select(...ids);
    }, notes);
    const panel = b.getByRole('region', { name: 'Template cell' });
    await panel.getByRole('button', { name: 'Tidy up this cell' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/^Tidied \d items\.$/);
    const tidied = await viewOf(b);
    const [first, second] = tidied.flatMap((view) => view?.notes ?? []);
    if (!first || !second) throw new Error('no tidied notes');
    expect(overlaps(first, second)).toBe(false);
    expect(await axeViolations(b, ['[data-testid="kohtaamo-cell-panel"]'])).toEqual([]);
    await b.evaluate((id) => {
      (globalThis as unknown as LandingWindow).kohtaamo?.editor.select(id);
    }, template.id);
    await b.getByRole('button', { name: 'Tidy up all cells' }).waitFor();
    expect(
      await axeViolations(b, [
        '[data-testid="kohtaamo-template-panel"]',
        '.kohtaamo-insert-template',
      ]),
    ).toEqual([]);
  });
});

function rounded(box: Box): Box {
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    minX: round(box.minX),
    minY: round(box.minY),
    maxX: round(box.maxX),
    maxY: round(box.maxY),
  };
}
