import { CloseCode } from '@kohtaamo/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Admission } from '../app/admissionApi';
import { AdmissionWatcher } from './AdmissionWatcher';
import { FakeProvider } from './testProvider';

const fullRoom = (retryAfterSeconds = 10): Admission => ({
  kind: 'full',
  cap: 'room',
  limit: 30,
  retryAfterSeconds,
});

function setup(answers: Admission[]) {
  const provider = new FakeProvider();
  const asked: Array<[string, string | null]> = [];
  const check = vi.fn(async (roomId: string, token: string | null) => {
    asked.push([roomId, token]);
    return answers.shift() ?? { kind: 'unknown' as const };
  });
  const watcher = new AdmissionWatcher(provider as never, {
    roomId: 'room-1',
    token: 'tok',
    check,
  });
  watcher.start();
  return { provider, watcher, asked, full: () => watcher.$full.get() };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AdmissionWatcher', () => {
  it('asks once per failure streak and stays quiet when the board is not full', async () => {
    const { provider, asked, full } = setup([{ kind: 'unknown' }]);
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
    for (let index = 0; index < 5; index++) {
      provider.attempting();
      provider.failed();
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([['room-1', 'tok']]);
    expect(full()).toBeNull();
    expect(provider.calls).toEqual([]);

    // Connected and lost again: a new streak, a new question.
    provider.attempting();
    provider.opened();
    provider.closedByServer(1006);
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toHaveLength(2);
  });

  it('on full: publishes the cap, pauses the provider and retries once per Retry-After', async () => {
    const { provider, asked, full } = setup([fullRoom(10), fullRoom(10)]);
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
    expect(full()).toEqual({ cap: 'room', limit: 30, retryAt: 1_000_000 + 10_000 });
    expect(provider.calls).toEqual(['disconnect']);

    await vi.advanceTimersByTimeAsync(9_999);
    expect(provider.calls).toEqual(['disconnect']);
    await vi.advanceTimersByTimeAsync(1);
    expect(provider.calls).toEqual(['disconnect', 'connect']);

    // The paced attempt fails too: asked again, still full, paced again.
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toHaveLength(2);
    expect(provider.calls).toEqual(['disconnect', 'connect', 'disconnect']);
    expect(full()?.retryAt).toBe(1_000_000 + 10_000 + 10_000);
  });

  it('clears the notice and every timer once connected', async () => {
    const { provider, full } = setup([fullRoom(10)]);
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(10_000);
    provider.attempting();
    provider.opened();
    expect(full()).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(provider.calls).toEqual(['disconnect', 'connect']);
  });

  it('lets an attempt that is under way when the answer comes fail before pausing', async () => {
    const { provider, full } = setup([fullRoom(5)]);
    provider.attempting();
    provider.failed();
    // The provider's own retry starts before the answer arrives.
    provider.attempting();
    await vi.advanceTimersByTimeAsync(0);
    expect(full()).not.toBeNull();
    expect(provider.calls).toEqual([]);
    provider.failed();
    expect(provider.calls).toEqual(['disconnect']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(provider.calls).toEqual(['disconnect', 'connect']);
  });

  it('drops an answer that arrives after the provider connected', async () => {
    let answer: (admission: Admission) => void = () => {};
    const provider = new FakeProvider();
    const watcher = new AdmissionWatcher(provider as never, {
      roomId: 'r',
      token: null,
      check: () =>
        new Promise<Admission>((resolve) => {
          answer = resolve;
        }),
    });
    watcher.start();
    provider.attempting();
    provider.failed();
    provider.attempting();
    provider.opened();
    answer(fullRoom());
    await vi.advanceTimersByTimeAsync(0);
    expect(watcher.$full.get()).toBeNull();
    expect(provider.calls).toEqual([]);
  });

  it('retries at once on request', async () => {
    const { provider, watcher, full } = setup([fullRoom(30)]);
    provider.attempting();
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
    watcher.retryNow();
    expect(provider.calls).toEqual(['disconnect', 'connect']);
    expect(full()?.retryAt).toBe(1_000_000);
    // The scheduled attempt is gone.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(provider.calls).toEqual(['disconnect', 'connect']);
  });

  it('ignores closes of a connection that had opened (fatal codes included) and local closes', async () => {
    const { provider, asked } = setup([]);
    provider.attempting();
    provider.opened();
    provider.closedByServer(CloseCode.unauthorized);
    provider.emit('connection-close', [null]);
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([]);
  });

  it('picks up a streak that began before it started, and stops on dispose', async () => {
    const provider = new FakeProvider();
    provider.wsUnsuccessfulReconnects = 2;
    const check = vi.fn(async (): Promise<Admission> => fullRoom(10));
    const watcher = new AdmissionWatcher(provider as never, { roomId: 'r', token: null, check });
    watcher.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    expect(watcher.$full.get()).not.toBeNull();
    watcher.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(provider.calls).toEqual(['disconnect']);
  });
});
