import {
  type ReactionKind,
  type RoomRole,
  reactionKinds,
  reactionMetaKey,
  templateShapeType,
} from '@kohtaamo/shared';
import type { JSX, KeyboardEvent, MouseEvent } from 'react';
import { type TLShapeId, useEditor, useValue } from 'tldraw';
import { useEditorMessages } from '../shapes/template/useEditorMessages';
import { mayReact, reactionCountsOf, toggleOwnReaction } from './ownReaction';
import { placeReactionBar } from './reactionBarPlacement';
import { reactionNameKey } from './reactionLabels';
import { focusReactionsKbd } from './reactionUiOverrides';
import './reactions.css';

/** Props of {@link ReactionBar}. */
export interface ReactionBarProps {
  /** The role of the link the board was opened with; `null` for a legacy open room. */
  readonly role: RoomRole | null;
}

// Fixed sizes, so the bar can be placed before it is measured: 44 px touch targets.
const buttonWidth = 50;
const buttonGap = 4;
const barPadding = 4;
const barWidth =
  reactionKinds.length * buttonWidth + (reactionKinds.length - 1) * buttonGap + 2 * barPadding + 2;
const barHeight = 44 + 2 * barPadding + 2;

/** {@link focusReactionsKbd} as `aria-keyshortcuts` writes it. */
const ariaShortcut = focusReactionsKbd
  .split('+')
  .map((part) => part[0]?.toUpperCase() + part.slice(1))
  .join('+');

/** Tool states in which the bar may show: not while dragging, resizing or typing. */
const calmStates = ['select.idle', 'select.pointing_shape', 'select.pointing_selection'];

interface BarTarget {
  readonly shapeId: TLShapeId;
  readonly x: number;
  readonly y: number;
  readonly counts: Record<ReactionKind, number>;
  readonly given: ReadonlySet<ReactionKind>;
}

/**
 * The five reactions, next to the one selected shape (not a template, whose
 * votes have their own panel), for everyone who may react: each button
 * gives or takes back the person's own reaction and shows how many gave
 * it. Lives in tldraw's `InFrontOfTheCanvas` layer, in viewport pixels;
 * the layer marks its pointer events handled, so using the bar never
 * reaches the canvas. Buttons take focus from the keyboard only
 * (Alt+Shift+R, then Tab; Escape goes back), as a focused button turns
 * tldraw's shortcuts off.
 */
export function ReactionBar({ role }: ReactionBarProps): JSX.Element | null {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const target = useValue('kohtaamo.reactionBar', (): BarTarget | null => {
    if (!mayReact(role) || editor.getIsReadonly()) return null;
    if (!calmStates.some((state) => editor.isIn(state))) return null;
    const shape = editor.getOnlySelectedShape();
    if (!shape || shape.type === templateShapeType) return null;
    const bounds = editor.getShapePageBounds(shape);
    if (!bounds) return null;
    const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
    const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
    const viewport = editor.getViewportScreenBounds();
    const { x, y } = placeReactionBar(
      { minX: topLeft.x, minY: topLeft.y, maxX: bottomRight.x, maxY: bottomRight.y },
      { width: viewport.w, height: viewport.h },
      { width: barWidth, height: barHeight },
    );
    const me = editor.user.getId();
    const given = new Set(
      reactionKinds
        .map(({ kind }) => kind)
        .filter((kind) => shape.meta[reactionMetaKey(kind, me)] === true),
    );
    return { shapeId: shape.id, x, y, counts: reactionCountsOf(shape), given };
  }, [editor, role]);
  if (!target) return null;

  return (
    <fieldset
      className="kohtaamo-reaction-bar"
      aria-label={t('reactions.bar.label')}
      data-testid="reaction-bar"
      aria-keyshortcuts={ariaShortcut}
      onKeyDown={(event: KeyboardEvent) => {
        // Back to the board, with the shape still selected.
        if (event.key !== 'Escape') return;
        event.preventDefault();
        editor.focus();
      }}
      style={{ left: target.x, top: target.y, width: barWidth, height: barHeight }}
    >
      {reactionKinds.map(({ kind, emoji }) => {
        const name = t(reactionNameKey(kind));
        const count = target.counts[kind];
        return (
          <button
            key={kind}
            type="button"
            className="kohtaamo-reaction-bar__button"
            style={{ width: buttonWidth }}
            aria-pressed={target.given.has(kind)}
            aria-label={t('reactions.button.label', { reaction: name, count })}
            title={name}
            data-reaction={kind}
            onMouseDown={keepFocusOnCanvas}
            onClick={() => toggleOwnReaction(editor, target.shapeId, kind)}
          >
            <span aria-hidden="true">{emoji}</span>
            <span aria-hidden="true" className="kohtaamo-reaction-bar__count">
              {count}
            </span>
          </button>
        );
      })}
    </fieldset>
  );
}

/** A mouse click reacts without moving focus off the canvas, so tldraw's shortcuts keep working. */
function keepFocusOnCanvas(event: MouseEvent): void {
  event.preventDefault();
}
