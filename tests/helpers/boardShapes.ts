import type { Page } from 'playwright-core';

/**
 * Reading the open board in browser tests through `window.kohtaamo` (the
 * debug handle, client/src/canvas/debugHandle.ts) instead of scraping the
 * canvas. Functions run inside `page.evaluate` cannot call these helpers;
 * they cast `globalThis` to {@link TestBoardWindow}.
 */

/** The tldraw shape type of a workshop template. */
export const templateShapeType = 'kohtaamo-template';

/** CSS selector of a template on the canvas. */
export const templateSelector = `.tl-shape[data-shape-type="${templateShapeType}"]`;

/** A shape as plain data read from the page; `Props` narrows `props` for a suite. */
export interface PageShape<Props = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly parentId: string;
  readonly x: number;
  readonly y: number;
  readonly props: Props;
  readonly meta: Record<string, unknown>;
}

/** Page bounds of a shape. */
export interface PageBounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The part of the debug handle browser tests use. */
export interface TestBoardHandle {
  readonly editor: {
    getCurrentPageShapes(): PageShape[];
    getShapePageBounds(id: string): PageBounds | undefined;
    getSelectedShapeIds(): string[];
    createShape(shape: Record<string, unknown>): unknown;
    updateShape(partial: Record<string, unknown>): unknown;
    select(id: string): unknown;
    selectNone(): unknown;
    getSvgString(ids: string[]): Promise<{ svg: string } | undefined>;
  };
  cellOfShape(shapeId: string): Record<string, unknown> | undefined;
}

/** `globalThis` of a board page, for casts inside `page.evaluate`. */
export interface TestBoardWindow {
  kohtaamo?: TestBoardHandle;
}

/** The current page's shapes (of `type`, if given), as plain data. */
export function pageShapes<Props = Record<string, unknown>>(
  page: Page,
  type?: string,
): Promise<PageShape<Props>[]> {
  return page.evaluate(
    (shapeType) =>
      (globalThis as unknown as TestBoardWindow).kohtaamo?.editor
        .getCurrentPageShapes()
        .filter((shape) => shapeType === null || shape.type === shapeType)
        .map(({ id, type, parentId, x, y, props, meta }) => ({
          id,
          type,
          parentId,
          x,
          y,
          props,
          meta,
        })) ?? [],
    type ?? null,
  ) as Promise<PageShape<Props>[]>;
}

/** The templates on the current page. */
export function templateShapes<Props = Record<string, unknown>>(
  page: Page,
): Promise<PageShape<Props>[]> {
  return pageShapes<Props>(page, templateShapeType);
}

/** The template cell a shape sits in (`cellOfShape`), or `undefined`. */
export function cellOf(page: Page, shapeId: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    (id) => (globalThis as unknown as TestBoardWindow).kohtaamo?.cellOfShape(id),
    shapeId,
  );
}

/** Selects one shape, as a click would. */
export async function selectShape(page: Page, shapeId: string): Promise<void> {
  await page.evaluate((id) => {
    (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.select(id);
  }, shapeId);
}

/** The ids of the selected shapes. */
export function selectedShapeIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.getSelectedShapeIds() ?? [],
  );
}
