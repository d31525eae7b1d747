import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './browserStorage';
import {
  guestNoticeStorageKey,
  hasReadGuestNotice,
  maxRememberedGuestNotices,
  rememberGuestNoticeRead,
} from './guestNoticeMemory';

describe('guest notice memory', () => {
  it('remembers per room that the notice was read', () => {
    const storage = createMemoryStorage();
    expect(hasReadGuestNotice(storage, 'room-a')).toBe(false);
    rememberGuestNoticeRead(storage, 'room-a');
    rememberGuestNoticeRead(storage, 'room-a');
    expect(hasReadGuestNotice(storage, 'room-a')).toBe(true);
    expect(hasReadGuestNotice(storage, 'room-b')).toBe(false);
    expect(JSON.parse(storage.getItem(guestNoticeStorageKey) ?? '')).toEqual(['room-a']);
  });

  it('forgets the oldest rooms beyond the cap', () => {
    const storage = createMemoryStorage();
    for (let index = 0; index <= maxRememberedGuestNotices; index++) {
      rememberGuestNoticeRead(storage, `room-${index}`);
    }
    expect(hasReadGuestNotice(storage, 'room-0')).toBe(false);
    expect(hasReadGuestNotice(storage, 'room-1')).toBe(true);
    expect(hasReadGuestNotice(storage, `room-${maxRememberedGuestNotices}`)).toBe(true);
  });

  it('treats unreadable storage as nothing read and survives a throwing one', () => {
    const storage = createMemoryStorage();
    storage.setItem(guestNoticeStorageKey, '{"not":"a list"}');
    expect(hasReadGuestNotice(storage, 'room-a')).toBe(false);
    const full = {
      ...createMemoryStorage(),
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    expect(() => rememberGuestNoticeRead(full, 'room-a')).not.toThrow();
  });
});
