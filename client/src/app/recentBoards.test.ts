import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './browserStorage';
import {
  forgetBoard,
  readRecentBoards,
  recentBoardsLimit,
  recentBoardsStorageKey,
  rememberBoard,
} from './recentBoards';

describe('recent boards', () => {
  it('is empty on a new device', () => {
    expect(readRecentBoards(createMemoryStorage())).toEqual([]);
  });

  it('lists the latest visit first and moves a revisited board to the top', () => {
    const storage = createMemoryStorage();
    rememberBoard(storage, 'room-a', 1000);
    rememberBoard(storage, 'room-b', 2000);
    rememberBoard(storage, 'room-a', 3000);
    expect(readRecentBoards(storage)).toEqual([
      { roomId: 'room-a', openedAt: 3000 },
      { roomId: 'room-b', openedAt: 2000 },
    ]);
  });

  it(`keeps at most ${recentBoardsLimit} boards, dropping the oldest`, () => {
    const storage = createMemoryStorage();
    for (let index = 0; index < recentBoardsLimit + 3; index += 1) {
      rememberBoard(storage, `room-${index}`, index);
    }
    const boards = readRecentBoards(storage);
    expect(boards).toHaveLength(recentBoardsLimit);
    expect(boards[0]?.roomId).toBe(`room-${recentBoardsLimit + 2}`);
    expect(boards.map((board) => board.roomId)).not.toContain('room-2');
  });

  it('removes one board and keeps the rest', () => {
    const storage = createMemoryStorage();
    rememberBoard(storage, 'room-a', 1);
    rememberBoard(storage, 'room-b', 2);
    expect(forgetBoard(storage, 'room-b')).toEqual([{ roomId: 'room-a', openedAt: 1 }]);
    expect(readRecentBoards(storage)).toEqual([{ roomId: 'room-a', openedAt: 1 }]);
  });

  it('treats corrupt storage as empty and drops only the bad entries', () => {
    const storage = createMemoryStorage();
    storage.setItem(recentBoardsStorageKey, '{not json');
    expect(readRecentBoards(storage)).toEqual([]);
    storage.setItem(recentBoardsStorageKey, JSON.stringify({ roomId: 'room-a' }));
    expect(readRecentBoards(storage)).toEqual([]);
    storage.setItem(
      recentBoardsStorageKey,
      JSON.stringify([
        { roomId: 'room-a', openedAt: 5 },
        { roomId: 'bad id!', openedAt: 6 },
        { roomId: 'room-c' },
        'room-d',
        { roomId: 'room-a', openedAt: 1 },
      ]),
    );
    expect(readRecentBoards(storage)).toEqual([{ roomId: 'room-a', openedAt: 5 }]);
  });
});
