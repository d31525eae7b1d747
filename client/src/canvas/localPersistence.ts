import type { LocalPersistence } from './types';

/**
 * Opens a document's local persistence (y-indexeddb in the browser) with
 * `open`. `persistence` is `null` when there is none, or opening it threw
 * (no IndexedDB: private browsing, a full quota): the board then works,
 * just not offline. Otherwise `loaded` resolves once it has loaded, or
 * after `timeoutMs` if it never answers (never rejects); the timer is
 * cleared by the function pushed onto `disposers`.
 */
export function openLocalPersistence(
  open: () => LocalPersistence | null | undefined,
  timeoutMs: number,
  disposers: (() => void)[],
): { persistence: LocalPersistence | null; loaded: Promise<void> | null } {
  let persistence: LocalPersistence | null = null;
  try {
    persistence = open() ?? null;
  } catch {
    persistence = null;
  }
  if (!persistence) return { persistence: null, loaded: null };
  const timeout = new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    disposers.push(() => clearTimeout(timer));
  });
  const loaded = Promise.race([persistence.whenSynced, timeout])
    .catch(() => {})
    .then(() => {});
  return { persistence, loaded };
}
