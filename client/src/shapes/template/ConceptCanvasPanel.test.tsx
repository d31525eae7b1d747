import '../../canvas/testSetup';
import { conceptCanvas, fitRatingMetaKey, journeyMap } from '@kohtaamo/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToStaticMarkup } from 'react-dom/server';
import { type Editor, EditorProvider } from 'tldraw';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTemplate } from './insertTemplate';
import { TemplateDrawing } from './TemplateDrawing';
import { TemplateStructurePanel } from './TemplateStructurePanel';
import { costTableOfShape, fitStatementOfShape } from './templateCanvasMeta';
import { instanceFromProps } from './templateShapeProps';
import { createTemplateTestEditor, templateShapeOf } from './templateTestEditor';

let editors: Editor[] = [];

/** A selected concept canvas with its panel rendered, opened unless `open` is false. */
async function setUp(locale: 'fi' | 'en' = 'en', open = true) {
  const editor = createTemplateTestEditor({ userId: 'alice', locale: locale });
  editors.push(editor);
  const id = insertTemplate(editor, conceptCanvas);
  editor.select(id);
  render(
    <EditorProvider editor={editor}>
      <TemplateStructurePanel />
    </EditorProvider>,
  );
  const user = userEvent.setup();
  if (open) {
    const name = locale === 'fi' ? 'Näytä konseptin tiedot' : 'Show concept details';
    await user.click(screen.getByRole('button', { name }));
  }
  return { editor, id, user };
}

afterEach(() => {
  cleanup();
  for (const editor of editors) editor.dispose();
  editors = [];
});

describe('the concept canvas panel', () => {
  it('is a labelled region that starts collapsed and opens the costs and fit editors', async () => {
    const { editor, user } = await setUp('en', false);
    const panel = screen.getByRole('region', { name: 'Concept details' });
    const toggle = within(panel).getByRole('button', { name: 'Show concept details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('group', { name: 'Costs and revenues' })).toBeNull();
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Hide concept details');
    expect(within(panel).getByRole('group', { name: 'Costs and revenues' })).toBeTruthy();
    expect(
      within(panel).getByRole('group', { name: 'Fit with the value proposition' }),
    ).toBeTruthy();
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).not.toBeNull();

    // Opened stays opened when another canvas is selected.
    const other = insertTemplate(editor, conceptCanvas);
    act(() => editor.select(other));
    const hide = screen.getByRole('button', { name: 'Hide concept details' });
    await user.click(hide);
    expect(screen.queryByRole('group', { name: 'Costs and revenues' })).toBeNull();
  });

  it('is not shown on a read-only board, and a grid template keeps its structure editor', () => {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    editors.push(editor);
    const canvasId = insertTemplate(editor, conceptCanvas);
    const journeyId = insertTemplate(editor, journeyMap);
    editor.select(journeyId);
    render(
      <EditorProvider editor={editor}>
        <TemplateStructurePanel />
      </EditorProvider>,
    );
    expect(screen.queryByRole('region', { name: 'Concept details' })).toBeNull();
    expect(screen.getByRole('region', { name: 'Template structure' })).toBeTruthy();
    act(() => {
      editor.select(canvasId);
      editor.updateInstanceState({ isReadonly: true });
    });
    expect(screen.queryByRole('region', { name: 'Concept details' })).toBeNull();
  });
});

describe('the costs editor', () => {
  it('adds lines, parses euros exactly on blur and shows totals and margin live', async () => {
    const { editor, id, user } = await setUp('fi');
    await user.click(screen.getByRole('button', { name: 'Lisää kustannusrivi' }));
    // The new line's description gets the focus.
    expect(document.activeElement).toBe(screen.getByLabelText('Kustannusrivi 1: selite'));
    await user.keyboard('Tilat');
    await user.tab();
    const amount = screen.getByLabelText('Kustannusrivi 1: summa (€)');
    expect(document.activeElement).toBe(amount);
    await user.clear(amount);
    await user.type(amount, '1 200,00');
    // Not saved yet: only the live total follows the typing.
    expect(costTableOfShape(templateShapeOf(editor, id)).costs[0]?.amountCents).toBe(0);
    const totals = screen.getByTestId('kohtaamo-costs-totals');
    expect(totals.getAttribute('data-total-cost-cents')).toBe('120000');
    await user.tab();
    expect(costTableOfShape(templateShapeOf(editor, id)).costs).toEqual([
      { id: expect.any(String), label: 'Tilat', amountCents: 120_000 },
    ]);
    expect((amount as HTMLInputElement).value).toBe('1200,00');

    await user.click(screen.getByRole('button', { name: 'Lisää tuottorivi' }));
    const revenue = screen.getByLabelText('Tuottorivi 1: summa (€)');
    await user.clear(revenue);
    await user.type(revenue, '20.5{Enter}');
    const quantity = screen.getByLabelText('Tuottorivi 1: määrä (tyhjä = 1)');
    await user.type(quantity, '100{Enter}');
    expect(costTableOfShape(templateShapeOf(editor, id)).revenues).toEqual([
      { id: expect.any(String), label: '', amountCents: 2_050, quantity: 100 },
    ]);
    // 100 × 20,50 € = 2 050,00 € revenue; 2 050,00 € − 1 200,00 € = 850,00 € (41,46… %).
    expect(within(totals).getByTestId('kohtaamo-costs-margin').textContent).toBe('850,00\u00a0€');
    expect(totals.textContent).toContain('41,5\u00a0%');
    expect(totals.getAttribute('data-margin-cents')).toBe('85000');
  });

  it('explains a bad amount next to the field and saves nothing, Escape restores', async () => {
    const { editor, id, user } = await setUp();
    await user.click(screen.getByRole('button', { name: 'Add cost line' }));
    const amount = screen.getByLabelText('Cost line 1: amount (€)');
    await user.clear(amount);
    await user.type(amount, '12,345{Enter}');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    const errorId = amount.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(errorId)?.textContent).toBe(
      'Use at most two decimals (whole cents).',
    );
    expect(costTableOfShape(templateShapeOf(editor, id)).costs[0]?.amountCents).toBe(0);
    await user.clear(amount);
    await user.type(amount, '-3{Enter}');
    expect(document.getElementById(errorId)?.textContent).toBe(
      'An amount cannot be negative: put costs and revenues on their own lists.',
    );
    await user.keyboard('{Escape}');
    expect((amount as HTMLInputElement).value).toBe('0.00');
    expect(amount.getAttribute('aria-invalid')).toBeNull();
  });

  it('removes a line as one undo step', async () => {
    const { editor, id, user } = await setUp();
    await user.click(screen.getByRole('button', { name: 'Add cost line' }));
    await user.click(screen.getByRole('button', { name: 'Add cost line' }));
    expect(costTableOfShape(templateShapeOf(editor, id)).costs).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Remove cost line 1' }));
    expect(costTableOfShape(templateShapeOf(editor, id)).costs).toHaveLength(1);
    act(() => editor.undo());
    expect(costTableOfShape(templateShapeOf(editor, id)).costs).toHaveLength(2);
  });
});

describe('the fit editor', () => {
  it('saves the statement on blur and the user’s own rating, and shows the team’s mean', async () => {
    const { editor, id, user } = await setUp();
    act(() => {
      editor.updateShape({
        id,
        type: 'kohtaamo-template',
        meta: { [fitRatingMetaKey('bob')]: 2 },
      });
    });
    const summary = screen.getByTestId('kohtaamo-fit-summary');
    expect(summary.textContent).toBe('Team’s mean 2 / 5 (n = 1)');
    const statement = screen.getByLabelText('The company’s value proposition');
    await user.type(statement, '  Help that comes to you ');
    expect(fitStatementOfShape(templateShapeOf(editor, id))).toBe('');
    await user.tab();
    expect(fitStatementOfShape(templateShapeOf(editor, id))).toBe('Help that comes to you');

    const rating = screen.getByRole('group', {
      name: 'Your rating: how well does the concept fit?',
    });
    await user.click(within(rating).getByLabelText('4 – fits well'));
    expect(templateShapeOf(editor, id).meta).toMatchObject({
      [fitRatingMetaKey('alice')]: 4,
      [fitRatingMetaKey('bob')]: 2,
    });
    expect(summary.textContent).toBe('Team’s mean 3 / 5 (n = 2)');
    expect(summary.getAttribute('data-mean')).toBe('3');
    expect(summary.getAttribute('data-n')).toBe('2');
    await user.click(within(rating).getByRole('button', { name: 'Withdraw my rating' }));
    expect(templateShapeOf(editor, id).meta[fitRatingMetaKey('alice')]).toBeNull();
    expect(summary.getAttribute('data-n')).toBe('1');
  });
});

describe('the Costs and Fit fields in the drawing', () => {
  function draw(
    locale: 'fi' | 'en',
    fieldData: Parameters<typeof TemplateDrawing>[0]['fieldData'],
  ) {
    const editor = createTemplateTestEditor({ userId: 'alice' });
    editors.push(editor);
    const shape = templateShapeOf(editor, insertTemplate(editor, conceptCanvas));
    const markup = renderToStaticMarkup(
      <svg>
        <title>test</title>
        <TemplateDrawing
          instance={instanceFromProps(shape.props)}
          definition={conceptCanvas}
          locale={locale}
          fieldData={fieldData}
        />
      </svg>,
    );
    return new DOMParser().parseFromString(markup, 'image/svg+xml');
  }

  it('draws the totals and margin in the Costs field and the rating and statement in Fit', () => {
    const doc = draw('fi', {
      costs: {
        costs: [{ id: 'rent', label: 'Vuokra', amountCents: 120_000 }],
        revenues: [{ id: 'sales', label: 'Myynti', amountCents: 200_000 }],
      },
      fitStatement: 'Apu tulee luoksesi',
      fitRatings: { alice: 4, bob: 2 },
    });
    const costs = doc.querySelector(
      '[data-field-id="costs"] [data-testid="kohtaamo-canvas-costs"]',
    );
    expect(costs?.getAttribute('data-margin-cents')).toBe('80000');
    expect(costs?.getAttribute('data-margin-percent')).toBe('40');
    expect([...(costs?.querySelectorAll('text') ?? [])].map((text) => text.textContent)).toEqual([
      'Kustannukset: 1\u00a0200,00\u00a0€',
      'Tuotot: 2\u00a0000,00\u00a0€',
      'Kate: 800,00\u00a0€ (40\u00a0%)',
    ]);
    const fit = doc.querySelector('[data-field-id="fit"] [data-testid="kohtaamo-canvas-fit"]');
    expect(fit?.getAttribute('data-mean')).toBe('3');
    expect(fit?.getAttribute('data-n')).toBe('2');
    expect(fit?.textContent).toBe('Sopivuus 3 / 5 (n = 2)“Apu tulee luoksesi”');
  });

  it('wraps and cuts a long statement, and draws nothing without data', () => {
    const long = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const doc = draw('en', { fitStatement: long });
    const fit = doc.querySelector('[data-testid="kohtaamo-canvas-fit"]');
    const lines = [...(fit?.querySelectorAll('tspan') ?? [])].map((line) => line.textContent);
    expect(lines[0]).toBe('Fit: not rated yet');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(lines.at(-1)?.endsWith('…')).toBe(true);
    expect(fit?.getAttribute('data-n')).toBe('0');

    const empty = draw('en', undefined);
    expect(empty.querySelector('[data-testid="kohtaamo-canvas-costs"]')).toBeNull();
    expect(empty.querySelector('[data-testid="kohtaamo-canvas-fit"]')).toBeNull();
  });
});
