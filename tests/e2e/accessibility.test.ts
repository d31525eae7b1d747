import axe from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  aino,
  describeWithBrowser,
  desktopViewport,
  testRoomId,
  useAppServer,
  waitForBoard,
  waitForConnection,
} from '../helpers/browser.js';

interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page on `include` minus `exclude` and returns the
 * serious and critical violations.
 */
async function seriousViolations(
  page: Page,
  scope: { include: string[]; exclude: string[] },
): Promise<AxeFinding[]> {
  // An injected <script> is inline, which the server's CSP forbids; evaluate runs outside the CSP.
  await page.evaluate(axe.source);
  const findings = await page.evaluate(async ({ include, exclude }) => {
    const runner = (globalThis as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(
      { include: include.map((selector) => [selector]), exclude: exclude.map((s) => [s]) },
      { resultTypes: ['violations'] },
    );
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, scope);
  return findings.filter(
    (finding) => finding.impact === 'serious' || finding.impact === 'critical',
  );
}

function describeFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((finding) => `${finding.id} (${finding.impact}): ${finding.targets.join(', ')}`)
    .join('\n');
}

/**
 * Where `control` sits relative to the viewport after scrolling it into view:
 * fully inside and not covered by another element at its centre.
 */
async function placement(control: Locator): Promise<string> {
  await control.scrollIntoViewIfNeeded();
  return control.evaluate((element) => {
    const view = element.ownerDocument.defaultView;
    if (!view) return 'no window';
    const rect = element.getBoundingClientRect();
    const label =
      element.getAttribute('aria-label') ??
      element.textContent?.trim().slice(0, 30) ??
      element.tagName;
    if (rect.width === 0 || rect.height === 0) return `${label}: not rendered`;
    if (
      rect.left < 0 ||
      rect.top < 0 ||
      rect.right > view.innerWidth + 0.5 ||
      rect.bottom > view.innerHeight + 0.5
    ) {
      return `${label}: clipped (${Math.round(rect.left)},${Math.round(rect.top)})–(${Math.round(rect.right)},${Math.round(rect.bottom)}) in ${view.innerWidth}×${view.innerHeight}`;
    }
    const hit = element.ownerDocument.elementFromPoint(
      rect.left + rect.width / 2,
      rect.top + rect.height / 2,
    );
    if (!hit || !(element === hit || element.contains(hit) || hit.contains(element))) {
      return `${label}: covered by ${hit?.tagName.toLowerCase() ?? 'nothing'}.${hit?.className ?? ''}`;
    }
    return 'ok';
  });
}

/** Every control matched by `selector` is fully on screen and not covered. */
async function expectAllReachable(page: Page, selector: string): Promise<void> {
  const controls = page.locator(selector);
  const count = await controls.count();
  expect(count, `no controls match ${selector}`).toBeGreaterThan(0);
  const problems: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = await placement(controls.nth(index));
    if (result !== 'ok') problems.push(result);
  }
  expect(problems, problems.join('\n')).toEqual([]);
  const overflow = await page.evaluate(
    () =>
      globalThis.document.documentElement.scrollWidth -
      globalThis.document.documentElement.clientWidth,
  );
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
}

const viewports = [
  { name: 'desktop', contextOptions: { viewport: desktopViewport } },
  {
    name: 'phone',
    contextOptions: {
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    },
  },
] as const;

const landingControls = 'main button, main input, main a[href], header select';
const topBarControls =
  '.board-bar a[href], .board-bar button, .board-bar select, [data-testid="connection-status"]';

describeWithBrowser('accessibility of our own UI', (browser) => {
  const app = useAppServer(browser);

  for (const { name, contextOptions } of viewports) {
    it(`landing page has no serious axe violations and every control is reachable (${name})`, async () => {
      const server = app.server();
      const page = await app.newPage(aino, { locale: 'en', contextOptions });
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'Create a new board', exact: true }).waitFor();

      const findings = await seriousViolations(page, { include: ['body'], exclude: [] });
      expect(findings, describeFindings(findings)).toEqual([]);
      await expectAllReachable(page, landingControls);
    });

    it(`name dialog has no serious axe violations and fits the screen (${name})`, async () => {
      const server = app.server();
      const page = await app.newPage(undefined, { locale: 'en', contextOptions });
      await page.goto(`${server.url}/b/${testRoomId('a11y-dialog')}`);
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();

      const findings = await seriousViolations(page, {
        include: ['body'],
        exclude: ['.tl-container'],
      });
      expect(findings, describeFindings(findings)).toEqual([]);
      await expectAllReachable(page, '[role="dialog"] input, [role="dialog"] button');
    });

    it(`board top bar has no serious axe violations and every control is reachable (${name})`, async () => {
      const server = app.server();
      const page = await app.newPage(aino, { locale: 'en', contextOptions });
      await page.goto(`${server.url}/b/${testRoomId('a11y-board')}`);
      await waitForBoard(page);
      await waitForConnection(page, 'connected');

      const findings = await seriousViolations(page, {
        include: ['body'],
        exclude: ['.tl-container'],
      });
      expect(findings, describeFindings(findings)).toEqual([]);
      await expectAllReachable(page, topBarControls);
    });
  }
});
