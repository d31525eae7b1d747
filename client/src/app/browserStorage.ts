/** The part of the Web Storage API the app uses; tests pass a small fake. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A storage that forgets everything on reload. */
export function createMemoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value);
    },
    removeItem: (key) => {
      values.delete(key);
    },
  };
}

/**
 * `localStorage`, or an in-memory stand-in where it is missing or throws
 * (Safari private mode, storage disabled by policy, full quota): the board
 * must still open; it just won't remember the visitor.
 */
export function openBrowserStorage(): KeyValueStorage {
  return usableOr(() => globalThis.localStorage);
}

/** Parses a stored JSON value; unreadable JSON counts as absent. */
export function readJson(storage: KeyValueStorage, key: string): unknown {
  const text = storage.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Writes a JSON value, ignoring quota errors: remembering is a convenience, not a requirement. */
export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the in-memory state in React still works.
  }
}

/**
 * `sessionStorage` (this tab only), or an in-memory stand-in where it is
 * missing or throws: a link's token is kept for the tab, not the device.
 */
export function openTabStorage(): KeyValueStorage {
  return usableOr(() => globalThis.sessionStorage);
}

/** The storage `get` returns if it can be written to, else an in-memory stand-in. */
function usableOr(get: () => Storage): KeyValueStorage {
  try {
    const storage = get();
    const probe = 'kohtaamo.probe';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return createMemoryStorage();
  }
}
