import type { RefusalData } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { atom, type TLUiToast } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefusalToasts } from './RefusalToasts';
import type { EditRefusal } from './roleGuards';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

let container: HTMLDivElement;
let root: Root;
const listeners = new Set<(refusal: RefusalData) => void>();
const subscribe = (listener: (refusal: RefusalData) => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const refuse = (code: EditRefusal['code']) => {
  const refusal: EditRefusal = { code, recordId: 'shape:a', reason: 'test' };
  for (const listener of listeners) listener(refusal);
};

beforeEach(() => {
  toasts.set([]);
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('RefusalToasts', () => {
  it('shows one toast per code while it is showing, in the board’s language', () => {
    act(() =>
      root.render(
        <RefusalToasts locale="fi" subscribe={subscribe} idPrefix="edit" severity="info" />,
      ),
    );
    // A refused drag is refused on every pointer move.
    for (let i = 0; i < 20; i++) refuse('guest.notAuthor');
    refuse('lock.locked');
    expect(toasts.get().map((toast) => toast.title)).toEqual([
      'Vain tekijä voi muuttaa tätä.',
      'Fasilitaattori on lukinnut tämän.',
    ]);

    // Once it has gone, the next refusal shows it again.
    fakeToasts.clearToasts();
    refuse('guest.notAuthor');
    expect(toasts.get()).toHaveLength(1);
  });

  it('translates control refusals, durations in words, and local ones', () => {
    act(() =>
      root.render(
        <RefusalToasts locale="fi" subscribe={subscribe} idPrefix="control" severity="warning" />,
      ),
    );
    for (const listener of listeners) {
      listener({ code: 'control.facilitatorOnly' });
      listener({ code: 'control.facilitatorOnly' });
      listener({ code: 'timer.invalidDuration', params: { minMs: 1_000, maxMs: 86_400_000 } });
      listener({ code: 'control.timeout' });
    }
    expect(toasts.get().map((toast) => [toast.title, toast.severity])).toEqual([
      ['Vain fasilitaattori voi tehdä tämän.', 'warning'],
      ['Ajan pitää olla 1 s–24 h.', 'warning'],
      ['Palvelin ei vastannut. Tarkista yhteys ja yritä uudelleen.', 'warning'],
    ]);
  });

  it('stops listening when unmounted', () => {
    act(() =>
      root.render(
        <RefusalToasts locale="en" subscribe={subscribe} idPrefix="edit" severity="info" />,
      ),
    );
    act(() => root.render(<div />));
    expect(listeners.size).toBe(0);
  });
});
