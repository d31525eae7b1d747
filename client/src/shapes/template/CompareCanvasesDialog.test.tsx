import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Editor, TLUiOverrideHelpers } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatMessage, type MessageKey, messages } from '../../i18n/messages';
import {
  CanvasComparisonTable,
  CompareCanvasesDialog,
  compareCanvasesDialogId,
  compareCanvasesKbd,
  compareCanvasesUiOverrides,
} from './CompareCanvasesDialog';
import type { CanvasComparison } from './compareCanvases';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  formatMessage(messages.en[key], params);

const comparison: CanvasComparison = {
  columns: [
    { shapeId: 'shape:kiosk', title: 'Kiosk', named: true },
    { shapeId: 'shape:two', title: 'Concept 2', named: false },
  ],
  rows: [
    {
      id: 'field:solution',
      label: 'Solution',
      cells: [
        [
          { kind: 'text', text: 'Self-service' },
          { kind: 'link', label: 'Demo', url: 'https://example.test/demo' },
        ],
        [],
      ],
    },
    {
      id: 'totalCosts',
      label: 'Total costs',
      cells: [[], [{ kind: 'text', text: '€10.00' }]],
    },
  ],
};

describe('CanvasComparisonTable', () => {
  let container: HTMLDivElement;
  let root: Root;
  const onShowCanvas = vi.fn<(shapeId: string) => void>();

  beforeEach(() => {
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
    onShowCanvas.mockClear();
    act(() => {
      root.render(
        <CanvasComparisonTable comparison={comparison} t={t} onShowCanvas={onShowCanvas} />,
      );
    });
  });

  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('is a captioned table with column and row headers', () => {
    const table = container.querySelector('table');
    expect(table?.querySelector('caption')?.textContent).toBe(
      'Concept canvases on this page, from left to right',
    );
    const columnHeaders = [...container.querySelectorAll('thead th')];
    expect(columnHeaders.map((th) => th.getAttribute('scope'))).toEqual(['col', 'col']);
    expect(columnHeaders.map((th) => th.textContent)).toEqual(['Kiosk', 'Concept 2']);
    const rowHeaders = [...container.querySelectorAll('tbody th')];
    expect(rowHeaders.map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([
      ['row', 'Solution'],
      ['row', 'Total costs'],
    ]);
    // The scrolling region is named by the caption and reachable with the keyboard.
    const region = container.querySelector('section');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(region?.getAttribute('aria-labelledby')).toBe(table?.querySelector('caption')?.id);
  });

  it('lists several entries, opens links in a new tab safely and names empty cells', () => {
    const [first, second] = [...container.querySelectorAll('tbody tr:first-child td')];
    expect([...(first?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      'Self-service',
      'Demo',
    ]);
    const link = first?.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.test/demo');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(second?.textContent).toBe('—Empty');
    expect(second?.querySelector('[aria-hidden="true"]')?.textContent).toBe('—');
  });

  it('shows a canvas when its column header is chosen', () => {
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('thead th button')];
    expect(buttons.every((button) => button.type === 'button')).toBe(true);
    act(() => buttons[1]?.click());
    expect(onShowCanvas).toHaveBeenCalledWith('shape:two');
    expect(buttons[1]?.getAttribute('aria-describedby')).toBe(
      container.querySelector('.kohtaamo-compare__hint')?.id,
    );
  });
});

describe('compareCanvasesUiOverrides', () => {
  it('adds a read-only-safe action with a shortcut that opens the dialog', () => {
    const addDialog = vi.fn<TLUiOverrideHelpers['addDialog']>();
    const helpers = { addDialog } as unknown as TLUiOverrideHelpers;
    const actions = compareCanvasesUiOverrides.actions?.({} as Editor, {}, helpers) ?? {};
    const action = actions[compareCanvasesDialogId];
    expect(action).toMatchObject({ kbd: compareCanvasesKbd, readonlyOk: true });
    void action?.onSelect('kbd');
    expect(addDialog).toHaveBeenCalledWith({
      id: compareCanvasesDialogId,
      component: CompareCanvasesDialog,
    });
  });
});
