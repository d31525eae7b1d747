import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './server.js';

/** Where the README's screenshots live. */
export const screenshotDir = join(repoRoot, 'docs');

/** The README's images stay small enough to keep in git. */
export const screenshotMaxBytes = 300_000;

/** Whether a run should (re)make the README's screenshots: `KOHTAAMO_SCREENSHOTS=1`. */
export function screenshotsWanted(env: Record<string, string | undefined> = process.env): boolean {
  return env.KOHTAAMO_SCREENSHOTS === '1';
}

/**
 * Saves what `page` shows as `docs/<name>.png`, at CSS pixels (device scale
 * 1) with animations settled and no text caret, and returns its path and size.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
): Promise<{ readonly path: string; readonly bytes: number }> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, type: 'png', scale: 'css', animations: 'disabled', caret: 'hide' });
  return { path, bytes: (await stat(path)).size };
}
