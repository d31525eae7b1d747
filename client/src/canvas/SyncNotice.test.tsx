import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncNotice } from './SyncNotice';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('SyncNotice', () => {
  it('renders a labelled alert dialog whose Reload button has focus and keeps it', () => {
    const onAction = vi.fn();
    act(() =>
      root.render(
        <SyncNotice
          variant="dialog"
          title="Newer"
          body="Reload"
          actionLabel="Reload now"
          onAction={onAction}
        />,
      ),
    );
    const dialog = container.querySelector('[role="alertdialog"]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    const labelledBy = dialog?.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelledBy)?.textContent).toBe('Newer');
    const button = container.querySelector('button');
    expect(document.activeElement).toBe(button);

    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    act(() => {
      button?.dispatchEvent(tab);
    });
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(button);

    act(() => button?.click());
    expect(onAction).toHaveBeenCalledOnce();
  });

  it('renders the banner as an alert', () => {
    act(() =>
      root.render(
        <SyncNotice
          variant="banner"
          title="Full"
          body="Too large"
          actionLabel="Reload"
          onAction={() => {}}
        />,
      ),
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('Too large');
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
  });
});
