import {
  type CostLine,
  type CostTable,
  calculateCosts,
  costTableSchema,
  createTemplateItemId,
  maxCostAmountCents,
  maxCostLabelLength,
  maxCostLines,
  maxCostQuantity,
} from '@kohtaamo/shared';
import { type JSX, type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useEditor } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';
import {
  type EuroAmountError,
  formatEuroInput,
  formatEuros,
  formatPercent,
  parseEuroAmount,
  parseQuantity,
} from './euroAmount';
import { costTableOfShape, updateCostTable } from './templateCanvasMeta';
import type { TLTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';

type Side = 'costs' | 'revenues';
type LineField = 'label' | 'amount' | 'quantity';

interface SideText {
  readonly legend: MessageKey;
  readonly label: MessageKey;
  readonly amount: MessageKey;
  readonly quantity: MessageKey;
  readonly remove: MessageKey;
  readonly add: MessageKey;
}

const sideText: Record<Side, SideText> = {
  costs: {
    legend: 'canvas.costs.costLines',
    label: 'canvas.costs.cost.label',
    amount: 'canvas.costs.cost.amount',
    quantity: 'canvas.costs.cost.quantity',
    remove: 'canvas.costs.cost.remove',
    add: 'canvas.costs.cost.add',
  },
  revenues: {
    legend: 'canvas.costs.revenueLines',
    label: 'canvas.costs.revenue.label',
    amount: 'canvas.costs.revenue.amount',
    quantity: 'canvas.costs.revenue.quantity',
    remove: 'canvas.costs.revenue.remove',
    add: 'canvas.costs.revenue.add',
  },
};

const amountErrors: Record<EuroAmountError, MessageKey> = {
  empty: 'canvas.costs.error.empty',
  invalid: 'canvas.costs.error.invalid',
  negative: 'canvas.costs.error.negative',
  decimals: 'canvas.costs.error.decimals',
  tooLarge: 'canvas.costs.error.tooLarge',
};

/** What a committed field changes on its line. */
type FieldValue =
  | { readonly field: 'label'; readonly label: string }
  | { readonly field: 'amount'; readonly amountCents: number }
  | { readonly field: 'quantity'; readonly quantity: number | undefined };

type ParsedField = { ok: true; value: FieldValue } | { ok: false; error: MessageKey };

function parseField(field: LineField, text: string): ParsedField {
  if (field === 'label') return { ok: true, value: { field, label: text.trim() } };
  if (field === 'amount') {
    const parsed = parseEuroAmount(text);
    return parsed.ok
      ? { ok: true, value: { field, amountCents: parsed.cents } }
      : { ok: false, error: amountErrors[parsed.error] };
  }
  const parsed = parseQuantity(text);
  return parsed.ok
    ? { ok: true, value: { field, quantity: parsed.quantity } }
    : { ok: false, error: 'canvas.costs.error.quantity' };
}

function withValue(line: CostLine, value: FieldValue): CostLine {
  if (value.field === 'label') return { ...line, label: value.label };
  if (value.field === 'amount') return { ...line, amountCents: value.amountCents };
  const { quantity: _previous, ...rest } = line;
  return value.quantity === undefined ? rest : { ...rest, quantity: value.quantity };
}

function draftKey(lineId: string, field: LineField): string {
  return `${lineId}:${field}`;
}

/**
 * The table with every draft that parses applied, for live totals while
 * someone types; the stored table if the result would be invalid.
 */
function withDrafts(table: CostTable, drafts: Readonly<Record<string, string>>): CostTable {
  const apply = (line: CostLine): CostLine => {
    let next = line;
    for (const field of ['amount', 'quantity'] as const) {
      const text = drafts[draftKey(line.id, field)];
      if (text === undefined) continue;
      const parsed = parseField(field, text);
      if (parsed.ok) next = withValue(next, parsed.value);
    }
    return next;
  };
  const live = { costs: table.costs.map(apply), revenues: table.revenues.map(apply) };
  return costTableSchema.safeParse(live).success ? live : table;
}

/**
 * The concept canvas's cost and revenue calculation: two lists of lines
 * (description, amount in euros, optional quantity) and the totals, margin
 * and margin percentage, computed exactly in cents. A field is saved when it
 * loses focus or on Enter, as one undo step; Escape restores the saved value.
 * Totals follow what is being typed. Everyone edits the same table.
 */
export function ConceptCostsEditor({ shape }: { shape: TLTemplateShape }): JSX.Element {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const ids = useId();
  const table = costTableOfShape(shape);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, MessageKey>>({});
  const [tableError, setTableError] = useState<MessageKey | undefined>();
  const [focusTarget, setFocusTarget] = useState<string | undefined>();

  useEffect(() => {
    if (focusTarget === undefined) return;
    const element = document.getElementById(focusTarget);
    if (element) {
      element.focus();
      setFocusTarget(undefined);
    }
  }, [focusTarget]);

  const inputId = (lineId: string, field: LineField) => `${ids}-${lineId}-${field}`;

  const forget = (key: string) => {
    setDrafts(({ [key]: _draft, ...rest }) => rest);
    setErrors(({ [key]: _error, ...rest }) => rest);
  };

  const commit = (side: Side, lineId: string, field: LineField) => {
    const key = draftKey(lineId, field);
    const text = drafts[key];
    if (text === undefined) return;
    const parsed = parseField(field, text);
    if (!parsed.ok) {
      setErrors((previous) => ({ ...previous, [key]: parsed.error }));
      return;
    }
    const result = updateCostTable(editor, shape.id, (current) => ({
      ...current,
      [side]: current[side].map((line) =>
        line.id === lineId ? withValue(line, parsed.value) : line,
      ),
    }));
    if (result === 'invalid') {
      setErrors((previous) => ({ ...previous, [key]: 'canvas.costs.error.total' }));
      return;
    }
    forget(key);
    setTableError(undefined);
  };

  const add = (side: Side) => {
    const id = createTemplateItemId();
    const result = updateCostTable(editor, shape.id, (current) => ({
      ...current,
      [side]: [...current[side], { id, label: '', amountCents: 0 }],
    }));
    if (result === 'saved') {
      setTableError(undefined);
      setFocusTarget(inputId(id, 'label'));
    } else {
      setTableError('canvas.costs.error.tooManyLines');
    }
  };

  const remove = (side: Side, lineId: string) => {
    updateCostTable(editor, shape.id, (current) => ({
      ...current,
      [side]: current[side].filter((line) => line.id !== lineId),
    }));
    for (const field of ['label', 'amount', 'quantity'] as const) forget(draftKey(lineId, field));
    setFocusTarget(`${ids}-${side}-add`);
  };

  const shown = (line: CostLine, field: LineField): string => {
    const draft = drafts[draftKey(line.id, field)];
    if (draft !== undefined) return draft;
    if (field === 'label') return line.label;
    if (field === 'amount') return formatEuroInput(line.amountCents, locale);
    return line.quantity === undefined ? '' : String(line.quantity);
  };

  const keyDown = (side: Side, lineId: string, field: LineField) => (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(side, lineId, field);
    } else if (event.key === 'Escape') {
      // Escape only discards the draft; it must not also deselect the canvas.
      event.stopPropagation();
      forget(draftKey(lineId, field));
    }
  };

  const summary = calculateCosts(withDrafts(table, drafts));

  const sideEditor = (side: Side) => {
    const text = sideText[side];
    const lines = table[side];
    return (
      <fieldset className="kohtaamo-concept-costs__side" data-side={side}>
        <legend>{t(text.legend)}</legend>
        {lines.length === 0 ? (
          <p className="kohtaamo-concept-costs__empty">{t('canvas.costs.none')}</p>
        ) : (
          <>
            <div className="kohtaamo-concept-costs__columns" aria-hidden="true">
              <span>{t('canvas.costs.column.label')}</span>
              <span>{t('canvas.costs.column.amount')}</span>
              <span>{t('canvas.costs.column.quantity')}</span>
            </div>
            <ol className="kohtaamo-concept-costs__lines">
              {lines.map((line, index) => {
                const n = index + 1;
                const errorId = `${ids}-${line.id}-error`;
                const lineErrors = (['label', 'amount', 'quantity'] as const).flatMap((field) => {
                  const error = errors[draftKey(line.id, field)];
                  return error ? [{ field, error }] : [];
                });
                const fieldProps = (field: LineField) => {
                  const invalid = errors[draftKey(line.id, field)] !== undefined;
                  return {
                    id: inputId(line.id, field),
                    value: shown(line, field),
                    'aria-invalid': invalid || undefined,
                    'aria-describedby': invalid ? errorId : undefined,
                    'data-field': field,
                    onChange: (event: { target: { value: string } }) =>
                      setDrafts((previous) => ({
                        ...previous,
                        [draftKey(line.id, field)]: event.target.value,
                      })),
                    onBlur: () => commit(side, line.id, field),
                    onKeyDown: keyDown(side, line.id, field),
                  };
                };
                return (
                  <li key={line.id} className="kohtaamo-concept-costs__line" data-line-id={line.id}>
                    <label className="visually-hidden" htmlFor={inputId(line.id, 'label')}>
                      {t(text.label, { n })}
                    </label>
                    <input
                      {...fieldProps('label')}
                      className="kohtaamo-concept-costs__label"
                      maxLength={maxCostLabelLength}
                    />
                    <label className="visually-hidden" htmlFor={inputId(line.id, 'amount')}>
                      {t(text.amount, { n })}
                    </label>
                    <input
                      {...fieldProps('amount')}
                      className="kohtaamo-concept-costs__amount"
                      inputMode="decimal"
                      autoComplete="off"
                    />
                    <label className="visually-hidden" htmlFor={inputId(line.id, 'quantity')}>
                      {t(text.quantity, { n })}
                    </label>
                    <input
                      {...fieldProps('quantity')}
                      className="kohtaamo-concept-costs__quantity"
                      inputMode="numeric"
                      autoComplete="off"
                      placeholder="1"
                    />
                    <button
                      type="button"
                      className="kohtaamo-concept-costs__remove"
                      aria-label={t(text.remove, { n })}
                      onClick={() => remove(side, line.id)}
                    >
                      {t('canvas.costs.remove')}
                    </button>
                    <p id={errorId} className="kohtaamo-concept-costs__error" role="alert">
                      {lineErrors
                        .map(({ error }) =>
                          t(error, {
                            max:
                              error === 'canvas.costs.error.quantity'
                                ? String(maxCostQuantity)
                                : formatEuros(maxCostAmountCents, locale),
                          }),
                        )
                        .join(' ')}
                    </p>
                  </li>
                );
              })}
            </ol>
          </>
        )}
        <button
          type="button"
          id={`${ids}-${side}-add`}
          className="kohtaamo-concept-costs__add"
          disabled={lines.length >= maxCostLines}
          onClick={() => add(side)}
        >
          {t(text.add)}
        </button>
      </fieldset>
    );
  };

  return (
    <fieldset
      className="kohtaamo-template-panel__axis kohtaamo-concept-costs"
      data-testid="kohtaamo-costs-editor"
      aria-describedby={`${ids}-hint`}
    >
      <legend>{t('canvas.costs.legend')}</legend>
      <p id={`${ids}-hint`} className="kohtaamo-concept-panel__hint">
        {t('canvas.costs.hint')}
      </p>
      {sideEditor('costs')}
      {sideEditor('revenues')}
      <dl
        className="kohtaamo-concept-costs__totals"
        data-testid="kohtaamo-costs-totals"
        data-total-cost-cents={summary.totalCostCents}
        data-total-revenue-cents={summary.totalRevenueCents}
        data-margin-cents={summary.marginCents}
      >
        <div>
          <dt>{t('canvas.costs.totalCosts')}</dt>
          <dd>{formatEuros(summary.totalCostCents, locale)}</dd>
        </div>
        <div>
          <dt>{t('canvas.costs.totalRevenues')}</dt>
          <dd>{formatEuros(summary.totalRevenueCents, locale)}</dd>
        </div>
        <div data-negative={summary.marginCents < 0 || undefined}>
          <dt>{t('canvas.costs.margin')}</dt>
          <dd data-testid="kohtaamo-costs-margin">{formatEuros(summary.marginCents, locale)}</dd>
        </div>
        <div>
          <dt>{t('canvas.costs.marginPercent')}</dt>
          <dd>
            {summary.marginPercent === undefined
              ? t('canvas.costs.noRevenue')
              : formatPercent(summary.marginPercent, locale)}
          </dd>
        </div>
      </dl>
      <p className="kohtaamo-template-panel__error" role="status">
        {tableError ? t(tableError, { max: maxCostLines }) : ''}
      </p>
    </fieldset>
  );
}
