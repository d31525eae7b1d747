import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Admission } from '../app/admissionApi';
import { FullBoardNotice } from './FullBoardNotice';
import { FakeProvider } from './testProvider';

const roomFull: Admission = { kind: 'full', cap: 'room', limit: 1, retryAfterSeconds: 10 };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function failOnce(provider: FakeProvider): Promise<void> {
  await act(async () => {
    provider.failed();
    await vi.advanceTimersByTimeAsync(0);
  });
}

describe('FullBoardNotice', () => {
  it('says nothing until a failed connection turns out to be a full board', async () => {
    const provider = new FakeProvider();
    const check = vi.fn(async (): Promise<Admission> => ({ kind: 'unknown' }));
    render(
      <FullBoardNotice
        provider={provider as never}
        roomId="r"
        token="t"
        locale="en"
        check={check}
      />,
    );
    expect(screen.queryByTestId('full-board-notice')).toBeNull();
    await failOnce(provider);
    expect(check).toHaveBeenCalledWith('r', 't');
    expect(screen.queryByTestId('full-board-notice')).toBeNull();
  });

  it('names the cap, counts down to the next attempt and goes away once connected', async () => {
    const provider = new FakeProvider();
    render(
      <FullBoardNotice
        provider={provider as never}
        roomId="r"
        token={null}
        locale="en"
        check={async () => roomFull}
      />,
    );
    await failOnce(provider);
    const notice = screen.getByTestId('full-board-notice');
    expect(notice.getAttribute('data-cap')).toBe('room');
    const heading = screen.getByRole('heading', { name: 'This board is full' });
    expect(notice.getAttribute('aria-labelledby')).toBe(heading.id);
    expect(screen.getByRole('status').textContent).toContain('room for 1 at a time');
    expect(screen.getByTestId('full-board-retry').textContent).toBe('Trying again in 10 s.');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(screen.getByTestId('full-board-retry').textContent).toBe('Trying again in 7 s.');

    act(() => screen.getByRole('button', { name: 'Try again now' }).click());
    expect(provider.calls).toEqual(['disconnect', 'connect']);
    expect(screen.getByTestId('full-board-retry').textContent).toBe('Trying again…');

    act(() => provider.opened());
    expect(screen.queryByTestId('full-board-notice')).toBeNull();
  });

  it('speaks Finnish and explains a full network', async () => {
    const provider = new FakeProvider();
    render(
      <FullBoardNotice
        provider={provider as never}
        roomId="r"
        token={null}
        locale="fi"
        check={async () => ({ ...roomFull, cap: 'address', limit: 100 })}
      />,
    );
    await failOnce(provider);
    expect(screen.getByRole('heading').textContent).toBe('Liian monta yhteyttä verkostasi');
    expect(screen.getByRole('status').textContent).toContain('(100)');
    expect(screen.getByTestId('full-board-retry').textContent).toBe(
      'Yritetään uudelleen 10 s kuluttua.',
    );
  });
});
