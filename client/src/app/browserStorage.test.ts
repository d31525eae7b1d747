import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage, openBrowserStorage, readJson, writeJson } from './browserStorage';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browser storage', () => {
  it('uses localStorage when it works', () => {
    const storage = openBrowserStorage();
    storage.setItem('kohtaamo.test', 'x');
    expect(globalThis.localStorage.getItem('kohtaamo.test')).toBe('x');
    globalThis.localStorage.removeItem('kohtaamo.test');
  });

  it('falls back to memory when localStorage throws (Safari private mode, disabled storage)', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {},
    });
    const storage = openBrowserStorage();
    storage.setItem('kohtaamo.test', 'kept');
    expect(storage.getItem('kohtaamo.test')).toBe('kept');
  });

  it('reads unparsable JSON as absent and ignores write failures', () => {
    const storage = createMemoryStorage();
    storage.setItem('k', '{oops');
    expect(readJson(storage, 'k')).toBeUndefined();
    writeJson(storage, 'k', { a: 1 });
    expect(readJson(storage, 'k')).toEqual({ a: 1 });
    const failing = {
      ...storage,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => writeJson(failing, 'k', 1)).not.toThrow();
  });
});
