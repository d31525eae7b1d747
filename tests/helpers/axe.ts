import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * Runs axe-core in `page` on the elements matching the `include` selectors
 * and returns its violations as `"<rule id>: <targets>"` lines, so a failing
 * assertion names what broke.
 */
export async function axeViolations(page: Page, include: readonly string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    // An injected <script> is inline, which the server's CSP forbids; evaluate runs outside the CSP.
    await page.evaluate(axe.source);
  }
  return page.evaluate(
    async (selectors) => {
      const runner = (globalThis as unknown as { axe: typeof axe }).axe;
      const result = await runner.run(
        { include: selectors.map((selector) => [selector]) },
        { resultTypes: ['violations'] },
      );
      return result.violations.map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`,
      );
    },
    [...include],
  );
}
