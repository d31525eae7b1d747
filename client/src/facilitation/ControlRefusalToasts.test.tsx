import type { ControlAction } from '@kohtaamo/shared';
import { act, cleanup, render } from '@testing-library/react';
import { atom, type TLUiToast } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlRefusal } from './ControlChannel';
import { ControlRefusalToasts } from './ControlRefusalToasts';

const toasts = atom<TLUiToast[]>('toasts', []);
const fakeToasts = {
  toasts,
  addToast(toast: Omit<TLUiToast, 'id'> & { id?: string }) {
    const id = toast.id ?? 'x';
    toasts.update((list) => [...list, { ...toast, id }]);
    return id;
  },
  removeToast(id: string) {
    toasts.update((list) => list.filter((toast) => toast.id !== id));
    return id;
  },
  clearToasts() {
    toasts.set([]);
  },
};

vi.mock('tldraw', async (original) => ({
  ...(await original<typeof import('tldraw')>()),
  useToasts: () => fakeToasts,
}));

const listeners = new Set<(refusal: ControlRefusal, action: ControlAction) => void>();
const control = {
  onRefused(listener: (refusal: ControlRefusal, action: ControlAction) => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
const refuse = (code: string, params?: Record<string, number>) =>
  act(() => {
    for (const listener of listeners) {
      listener({ ok: false, code, ...(params ? { params } : {}) }, { type: 'timer.stop' });
    }
  });

beforeEach(() => toasts.set([]));
afterEach(cleanup);

describe('ControlRefusalToasts', () => {
  it('shows each refusal once while it shows, translated, with durations in words', () => {
    render(<ControlRefusalToasts locale="fi" control={control} />);
    refuse('control.facilitatorOnly');
    refuse('control.facilitatorOnly');
    refuse('timer.invalidDuration', { minMs: 1_000, maxMs: 86_400_000 });
    refuse('control.timeout');
    expect(toasts.get().map((toast) => toast.title)).toEqual([
      'Vain fasilitaattori voi tehdä tämän.',
      'Ajan pitää olla 1 s–24 h.',
      'Palvelin ei vastannut. Tarkista yhteys ja yritä uudelleen.',
    ]);
  });

  it('stops listening when unmounted', () => {
    const { unmount } = render(<ControlRefusalToasts locale="en" control={control} />);
    unmount();
    expect(listeners.size).toBe(0);
  });
});
