import {
  type FitRating,
  fitStatementSchema,
  maxFitStatementLength,
  summarizeFitRatings,
} from '@kohtaamo/shared';
import { type JSX, useId, useState } from 'react';
import { useEditor, useValue } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';
import { formatMean } from './euroAmount';
import {
  fitRatingsOfShape,
  fitStatementOfShape,
  ownFitRatingOfShape,
  setFitStatement,
  setOwnFitRating,
} from './templateCanvasMeta';
import type { TLTemplateShape } from './templateShapeProps';
import { useEditorMessages } from './useEditorMessages';

const ratingOptions: readonly { rating: FitRating; label: MessageKey }[] = [
  { rating: 1, label: 'canvas.fit.rating.1' },
  { rating: 2, label: 'canvas.fit.rating.2' },
  { rating: 3, label: 'canvas.fit.rating.3' },
  { rating: 4, label: 'canvas.fit.rating.4' },
  { rating: 5, label: 'canvas.fit.rating.5' },
];

/**
 * The concept canvas's Fit field: the company's value proposition (one text
 * for the team, saved when the field loses focus) and the local user's own
 * rating of how well the concept fits it, with the team's mean and count.
 * Rating writes only the user's own meta key.
 */
export function ConceptFitEditor({ shape }: { shape: TLTemplateShape }): JSX.Element {
  const editor = useEditor();
  const { t, locale } = useEditorMessages();
  const ids = useId();
  const userId = useValue('kohtaamo.userId', () => editor.user.getId(), [editor]);
  const statement = fitStatementOfShape(shape);
  const [draft, setDraft] = useState<string | undefined>();
  const [tooLong, setTooLong] = useState(false);
  const own = ownFitRatingOfShape(shape, userId);
  const summary = summarizeFitRatings(fitRatingsOfShape(shape));

  const commitStatement = () => {
    if (draft === undefined) return;
    if (!fitStatementSchema.safeParse(draft).success) {
      setTooLong(true);
      return;
    }
    setFitStatement(editor, shape.id, draft);
    setDraft(undefined);
    setTooLong(false);
  };

  return (
    <fieldset
      className="kohtaamo-template-panel__axis kohtaamo-concept-fit"
      data-testid="kohtaamo-fit-editor"
    >
      <legend>{t('canvas.fit.legend')}</legend>
      <label htmlFor={`${ids}-statement`}>{t('canvas.fit.statement')}</label>
      <textarea
        id={`${ids}-statement`}
        className="kohtaamo-concept-fit__statement"
        rows={3}
        value={draft ?? statement}
        maxLength={maxFitStatementLength}
        aria-describedby={`${ids}-statement-hint${tooLong ? ` ${ids}-statement-error` : ''}`}
        aria-invalid={tooLong || undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commitStatement}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            setDraft(undefined);
            setTooLong(false);
          }
        }}
      />
      <p id={`${ids}-statement-hint`} className="kohtaamo-concept-panel__hint">
        {t('canvas.fit.statement.hint', { max: maxFitStatementLength })}
      </p>
      <p id={`${ids}-statement-error`} className="kohtaamo-template-panel__error" role="alert">
        {tooLong ? t('canvas.fit.statement.tooLong', { max: maxFitStatementLength }) : ''}
      </p>
      <fieldset className="kohtaamo-concept-fit__rating">
        <legend>{t('canvas.fit.rating.legend')}</legend>
        <div className="kohtaamo-concept-fit__options">
          {ratingOptions.map((option) => (
            <label key={option.rating} className="kohtaamo-concept-fit__option">
              <input
                type="radio"
                name={`${ids}-rating`}
                value={String(option.rating)}
                checked={own === option.rating}
                onChange={() => setOwnFitRating(editor, shape.id, option.rating)}
              />
              {t(option.label)}
            </label>
          ))}
        </div>
        <button
          type="button"
          className="kohtaamo-concept-fit__clear"
          disabled={own === undefined}
          onClick={() => setOwnFitRating(editor, shape.id, undefined)}
        >
          {t('canvas.fit.rating.clear')}
        </button>
      </fieldset>
      <p
        className="kohtaamo-concept-fit__summary"
        data-testid="kohtaamo-fit-summary"
        data-mean={summary ? String(Math.round(summary.mean * 100) / 100) : undefined}
        data-n={summary?.n ?? 0}
        aria-live="polite"
      >
        {summary
          ? t('canvas.fit.summary', { mean: formatMean(summary.mean, locale), n: summary.n })
          : t('canvas.fit.summary.none')}
      </p>
    </fieldset>
  );
}
