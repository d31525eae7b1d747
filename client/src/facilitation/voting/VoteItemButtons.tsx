import type { JSX, MouseEvent } from 'react';
import type { Translate } from '../../i18n/refusalMessage';

/** Props of {@link VoteItemButtons}. */
export interface VoteItemButtonsProps {
  readonly shapeId: string;
  /** The item's text as labels name it. */
  readonly label: string;
  /** The person's own votes on the item. */
  readonly own: number;
  readonly canAdd: boolean;
  readonly canRetract: boolean;
  readonly t: Translate;
  onAdd(): void;
  onRetract(): void;
}

/**
 * One item's dot controls: the person's own dots, a button taking one back
 * and a "+ dot" button, each labelled with the item's text. Used on the
 * canvas and in the keyboard list alike.
 */
export function VoteItemButtons(props: VoteItemButtonsProps): JSX.Element {
  const { shapeId, label, own, t } = props;
  return (
    <>
      {own > 0 && (
        <span
          className="kohtaamo-vote-own"
          role="img"
          aria-label={t('vote.item.own', { count: own })}
        >
          {Array.from({ length: Math.min(own, 5) }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: identical dots, only their number matters
            <span key={i} className="kohtaamo-vote-dot" aria-hidden="true" />
          ))}
          {own > 5 && <span aria-hidden="true">+{own - 5}</span>}
        </span>
      )}
      {own > 0 && (
        <button
          type="button"
          className="kohtaamo-vote-button is-retract"
          aria-label={t('vote.item.retract', { item: label })}
          title={t('vote.item.retract', { item: label })}
          data-testid="vote-retract"
          data-shape-id={shapeId}
          disabled={!props.canRetract}
          onMouseDown={keepFocus}
          onClick={props.onRetract}
        >
          <span aria-hidden="true">−</span>
        </button>
      )}
      <button
        type="button"
        className="kohtaamo-vote-button is-add"
        aria-label={t('vote.item.add', { item: label })}
        title={t('vote.item.add', { item: label })}
        data-testid="vote-add"
        data-shape-id={shapeId}
        disabled={!props.canAdd}
        onMouseDown={keepFocus}
        onClick={props.onAdd}
      >
        <span aria-hidden="true">{t('vote.item.addShort')}</span>
      </button>
    </>
  );
}

/** A mouse click votes without taking focus off the canvas, so tldraw's shortcuts keep working. */
function keepFocus(event: MouseEvent): void {
  event.preventDefault();
}
