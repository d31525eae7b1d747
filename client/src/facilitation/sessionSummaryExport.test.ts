import type { RoomInfoResponse } from '@kohtaamo/shared';
import { describe, expect, it, vi } from 'vitest';
import { boardTitleLoader, summaryFileName } from './sessionSummaryExport';

const room: RoomInfoResponse = {
  roomId: 'room-abc',
  title: 'Customer journey workshop',
  language: 'fi',
  role: 'participant',
};

describe('summaryFileName', () => {
  it('names the file like the server does', () => {
    expect(summaryFileName('room-abc', 'md')).toBe('kohtaamo-room-abc-summary.md');
    expect(summaryFileName(undefined, 'md')).toBe('kohtaamo-board-summary.md');
  });
});

describe('boardTitleLoader', () => {
  it('asks the server once and keeps the title', async () => {
    const getRoom = vi.fn(async () => room);
    const load = boardTitleLoader({ getRoom }, 'room-abc', 'token-1');
    expect(await load()).toBe('Customer journey workshop');
    expect(await load()).toBe('Customer journey workshop');
    expect(getRoom).toHaveBeenCalledTimes(1);
    expect(getRoom).toHaveBeenCalledWith('room-abc', 'token-1');
  });

  it('has no title without a token, and asks nothing', async () => {
    const getRoom = vi.fn(async () => room);
    expect(await boardTitleLoader({ getRoom }, 'room-abc', null)()).toBeUndefined();
    expect(getRoom).not.toHaveBeenCalled();
  });

  it('goes without a title when the request fails or takes too long, and asks again later', async () => {
    const getRoom = vi
      .fn<(roomId: string, token: string) => Promise<RoomInfoResponse>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockImplementationOnce(() => new Promise(() => {}))
      .mockResolvedValueOnce(room);
    const load = boardTitleLoader({ getRoom }, 'room-abc', 'token-1', 10);
    expect(await load()).toBeUndefined();
    expect(await load()).toBeUndefined();
    expect(await load()).toBe('Customer journey workshop');
  });
});
