import { describe, expect, it } from 'vitest';
import { createMemoryStorage, type KeyValueStorage } from './browserStorage';
import { initialLocale, localeStorageKey, storeLocale } from './localePreference';

describe('locale preference', () => {
  it('follows the browser languages when nothing is stored', () => {
    expect(initialLocale(createMemoryStorage(), ['fi-FI', 'en'])).toBe('fi');
    expect(initialLocale(createMemoryStorage(), ['sv-SE'])).toBe('en');
  });

  it('prefers a stored choice over the browser languages', () => {
    const storage = createMemoryStorage();
    storeLocale(storage, 'en');
    expect(storage.getItem(localeStorageKey)).toBe('en');
    expect(initialLocale(storage, ['fi-FI'])).toBe('en');
  });

  it('ignores an unknown stored value', () => {
    const storage = createMemoryStorage();
    storage.setItem(localeStorageKey, 'de');
    expect(initialLocale(storage, ['fi'])).toBe('fi');
  });

  it('does not throw when storage refuses writes', () => {
    const full: KeyValueStorage = {
      ...createMemoryStorage(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => storeLocale(full, 'fi')).not.toThrow();
  });
});
