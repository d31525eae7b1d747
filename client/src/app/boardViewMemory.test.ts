import { describe, expect, it } from 'vitest';
import {
  boardViewStorageKey,
  maxRememberedBoardViews,
  readBoardView,
  rememberBoardView,
} from './boardViewMemory';
import { createMemoryStorage } from './browserStorage';

const view = { pageId: 'page:page', x: -120, y: 40.5, z: 0.5 };

describe('board view memory', () => {
  it('remembers the last view per board', () => {
    const storage = createMemoryStorage();
    expect(readBoardView(storage, 'room-a')).toBeUndefined();
    rememberBoardView(storage, 'room-a', view);
    rememberBoardView(storage, 'room-a', { ...view, z: 2 });
    rememberBoardView(storage, 'room-b', { ...view, pageId: 'page:other' });
    expect(readBoardView(storage, 'room-a')).toEqual({ ...view, z: 2 });
    expect(readBoardView(storage, 'room-b')?.pageId).toBe('page:other');
    expect(JSON.parse(storage.getItem(boardViewStorageKey) ?? '[]')).toHaveLength(2);
  });

  it('forgets the board looked at least recently beyond the cap', () => {
    const storage = createMemoryStorage();
    for (let index = 0; index <= maxRememberedBoardViews; index++) {
      rememberBoardView(storage, `room-${index}`, view);
    }
    expect(readBoardView(storage, 'room-0')).toBeUndefined();
    expect(readBoardView(storage, 'room-1')).toEqual(view);
    // Looking at room-1 again makes it the most recent: room-2 goes next.
    rememberBoardView(storage, 'room-1', view);
    rememberBoardView(storage, 'room-new', view);
    expect(readBoardView(storage, 'room-1')).toEqual(view);
    expect(readBoardView(storage, 'room-2')).toBeUndefined();
  });

  it('reads unreadable or malformed storage as no view and survives a full one', () => {
    const storage = createMemoryStorage();
    storage.setItem(boardViewStorageKey, '[["room-a",{"pageId":"page:page","x":0,"y":0,"z":0}]]');
    expect(readBoardView(storage, 'room-a')).toBeUndefined();
    storage.setItem(boardViewStorageKey, 'not json');
    expect(readBoardView(storage, 'room-a')).toBeUndefined();
    const full = {
      ...createMemoryStorage(),
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    expect(() => rememberBoardView(full, 'room-a', view)).not.toThrow();
  });
});
