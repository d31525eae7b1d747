import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { type TestBoardWindow, templateSelector, templateShapes } from '../helpers/boardShapes.js';
import {
  aino,
  describeWithBrowser,
  openBoard,
  testRoomId,
  useAppServer,
} from '../helpers/browser.js';

const editorSelector = '[data-testid="kohtaamo-header-editor"]';
const panelSelector = '[data-testid="kohtaamo-template-panel"]';

/** The props of the templates this suite reads. */
interface TemplateProps {
  readonly stages: ReadonlyArray<{ id: string; label: TemplateLabel }>;
}

interface TemplateLabel {
  readonly kind: string;
  readonly key?: string;
  readonly text?: string;
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function stageLabel(page: Page, stageId: string): Promise<TemplateLabel | undefined> {
  const [template] = await templateShapes<TemplateProps>(page);
  return template?.props.stages.find((stage) => stage.id === stageId)?.label;
}

function header(page: Page, stageId: string) {
  return page.locator(`${templateSelector} [data-stage-id="${stageId}"]`).first();
}

async function boxOf(page: Page, selector: string): Promise<Rect | null> {
  return page.locator(selector).first().boundingBox();
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether the first stage label is on screen and clear of the structure panel. */
async function firstStageClear(page: Page): Promise<boolean> {
  const label = await header(page, 'impulse').boundingBox();
  const panel = await boxOf(page, panelSelector);
  const viewport = page.viewportSize();
  if (!label || !panel || !viewport) return false;
  const onScreen = label.y >= 0 && label.y + label.height <= viewport.height && label.x >= 0;
  return onScreen && !overlaps(label, panel);
}

async function insertJourneyMap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lisää pohja' }).click();
  await page.getByRole('menuitem', { name: 'Asiakaspolku' }).click();
  await expect.poll(() => page.locator(templateSelector).count()).toBe(1);
  await page.locator(panelSelector).waitFor();
}

async function doubleClickLabel(page: Page, stageId: string): Promise<void> {
  const box = await header(page, stageId).boundingBox();
  if (!box) throw new Error(`stage ${stageId} is not drawn`);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
}

describeWithBrowser('renaming template labels in place', (browser) => {
  const app = useAppServer(browser);

  it('renames a stage by double-clicking its label, for everyone; Escape cancels; exports show it', async () => {
    const { a, b } = await app.openPair('rename', { a: 'fi' });

    await insertJourneyMap(a);
    // Regression: the structure panel opened over the header row of the new template.
    await expect.poll(() => firstStageClear(a)).toBe(true);

    await doubleClickLabel(a, 'needRecognition');
    const field = a.locator(`${editorSelector} input`);
    await field.waitFor();
    expect(await field.inputValue()).toBe('Tarpeen havaitseminen');
    expect(await field.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await a.getByLabel('Vaiheen ”Tarpeen havaitseminen” uusi nimi').count()).toBe(1);

    expect(await axeViolations(a, [editorSelector, panelSelector])).toEqual([]);

    // The name is selected, so typing replaces it.
    await a.keyboard.type('Tarvehetki');
    await a.keyboard.press('Enter');
    await expect.poll(() => a.locator(editorSelector).count()).toBe(0);
    await expect
      .poll(() => stageLabel(b, 'needRecognition'), { timeout: 15_000 })
      .toEqual({ kind: 'custom', text: 'Tarvehetki', key: 'needRecognition' });
    await expect
      .poll(() => header(b, 'needRecognition').locator('text').textContent())
      .toBe('Tarvehetki');

    // Escape leaves the label as it was.
    await doubleClickLabel(a, 'consideration');
    await field.waitFor();
    await a.keyboard.type('Ei näin');
    await a.keyboard.press('Escape');
    await expect.poll(() => a.locator(editorSelector).count()).toBe(0);
    expect(await stageLabel(a, 'consideration')).toEqual({
      kind: 'default',
      key: 'consideration',
    });

    // Keyboard: Enter on the selected template opens the first stage, Tab moves on.
    await a.keyboard.press('Enter');
    await field.waitFor();
    expect(await field.getAttribute('data-item-id')).toBe('impulse');
    await a.keyboard.press('Tab');
    await expect.poll(() => field.getAttribute('data-item-id')).toBe('needRecognition');
    expect(await field.inputValue()).toBe('Tarvehetki');
    await a.keyboard.press('Escape');
    await expect.poll(() => a.locator(editorSelector).count()).toBe(0);

    // tldraw's own export of the lone template draws the template, not only its content.
    const [template] = await templateShapes<TemplateProps>(b);
    if (!template) throw new Error('no template on Bertta’s board');
    const svg = await b.evaluate(
      async (id) =>
        (await (globalThis as unknown as TestBoardWindow).kohtaamo?.editor.getSvgString([id]))
          ?.svg ?? '',
      template.id,
    );
    expect(svg).toContain('data-stage-id="needRecognition"');
    expect(svg).toContain('Tarvehetki');
    expect(svg).toContain('Consideration');
  });

  it('keeps the new template’s header row clear of the panel on a phone', async () => {
    const server = app.server();
    const phone = await app.newPage(aino, {
      locale: 'fi',
      contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    });
    await openBoard(phone, `${server.url}/b/${testRoomId('rename-phone')}`);
    await insertJourneyMap(phone);
    await expect.poll(() => firstStageClear(phone)).toBe(true);
    const panel = await boxOf(phone, panelSelector);
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 390).toBe(true);
    expect(panel && panel.height <= 844 / 2).toBe(true);
  });
});
