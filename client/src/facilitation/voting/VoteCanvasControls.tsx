import { isVoteSessionOpen, type VoteScope } from '@kohtaamo/shared';
import { type JSX, useEffect, useRef, useState } from 'react';
import { type Editor, type TLShapeId, useEditor, useValue } from 'tldraw';
import {
  placeReactionBar,
  reactionBarInsets,
  type ViewportRect,
} from '../../reactions/reactionBarPlacement';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';
import { mayAddVote, ownVotesOn, useRunningVote } from './useVoting';
import { VoteItemButtons } from './VoteItemButtons';
import { isVoteItem, voteItemLabel } from './voteItems';

/** Height of a vote control: 28 px buttons (above the 24 px minimum) and a 2 px padding. */
const controlHeight = 32;
/** Width budget for placing: own dots, "−" and "+ dot". */
const controlWidth = 132;
/** Most controls drawn at once; beyond that, voting goes through the list. */
const maxControls = 150;

interface Placed {
  readonly id: TLShapeId;
  readonly x: number;
  readonly y: number;
}

/**
 * Where a shape's vote control goes, in viewport pixels: inside the shape's
 * top right corner, or lower when that would be under tldraw's menus;
 * always inside the viewport minus the toolbar (the reaction bar's
 * placement rule, given a target one control high at the shape's top).
 */
export function placeVoteControl(
  shape: ViewportRect,
  viewport: { readonly width: number; readonly height: number },
  size = { width: controlWidth, height: controlHeight },
): { readonly x: number; readonly y: number } {
  const inset = 4;
  const top = shape.minY + inset + size.height + 8;
  return placeReactionBar(
    { minX: shape.maxX - inset - size.width, maxX: shape.maxX - inset, minY: top, maxY: top },
    viewport,
    size,
  );
}

/** The vote items in view with their control's place, as one comparable list. */
function placedControls(editor: Editor, scope: VoteScope): Placed[] {
  const viewport = editor.getViewportScreenBounds();
  const hidden = editor.getNotVisibleShapes();
  const placed: Placed[] = [];
  for (const { id, shape } of editor.getRenderingShapes()) {
    if (placed.length >= maxControls) break;
    if (hidden.has(id) || !isVoteItem(editor, scope, shape)) continue;
    const bounds = editor.getShapePageBounds(shape);
    if (!bounds) continue;
    const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
    const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
    // A shape hidden under the menus or the toolbar gets no control clamped onto another one.
    if (
      bottomRight.y < reactionBarInsets.top ||
      topLeft.y > viewport.h - reactionBarInsets.bottom ||
      bottomRight.x < 0 ||
      topLeft.x > viewport.w
    ) {
      continue;
    }
    const { x, y } = placeVoteControl(
      { minX: topLeft.x, minY: topLeft.y, maxX: bottomRight.x, maxY: bottomRight.y },
      { width: viewport.w, height: viewport.h },
    );
    placed.push({ id, x: Math.round(x), y: Math.round(y) });
  }
  return placed;
}

/**
 * A "+ dot" control on every item of the running vote that is in view,
 * with the person's own dots and a button to take one back, for everyone
 * who votes (not viewers). Lives in tldraw's `InFrontOfTheCanvas` layer
 * in viewport pixels, so buttons keep a touch size at any zoom; the layer
 * marks their pointer events handled, so voting never selects or moves
 * the shape.
 */
export function VoteCanvasControls(): JSX.Element | null {
  const editor = useEditor();
  const facilitation = useFacilitation();
  const vote = useRunningVote();
  const { t } = useEditorMessages();
  const scope = vote?.voter ? vote.session.config.scope : null;
  const placed = useValue(
    'kohtaamo.vote.controls',
    () => (scope ? placedControls(editor, scope) : []),
    [editor, scope],
  );
  const control = facilitation?.control;
  const open = useSessionOpen(vote?.session, () => control?.serverNow() ?? 0);
  if (!vote?.voter || placed.length === 0) return null;
  return (
    <div className="kohtaamo-vote-controls">
      {placed.map(({ id, x, y }) => {
        const own = ownVotesOn(vote.ballot, id);
        const label = voteItemLabel(editor, id, t);
        return (
          <div
            key={id}
            className="kohtaamo-vote-control"
            data-testid="vote-item-control"
            data-shape-id={id}
            style={{ left: x, top: y, maxWidth: controlWidth }}
          >
            <VoteItemButtons
              shapeId={id}
              label={label}
              own={own}
              canAdd={mayAddVote(vote, own, open)}
              canRetract={open}
              t={t}
              onAdd={() => vote.cast(id)}
              onRetract={() => vote.retract(id)}
            />
          </div>
        );
      })}
    </div>
  );
}

/** Whether `session` takes votes, re-checked at its time limit. */
function useSessionOpen(
  session: Parameters<typeof isVoteSessionOpen>[0] | undefined,
  serverNow: () => number,
): boolean {
  const [, setTick] = useState(0);
  const open = session !== undefined && isVoteSessionOpen(session, serverNow());
  const endsAt = session?.config.endsAt ?? null;
  const nowRef = useRef(serverNow);
  nowRef.current = serverNow;
  useEffect(() => {
    if (!open || endsAt === null) return;
    const delay = Math.max(0, endsAt - nowRef.current()) + 50;
    const timeout = setTimeout(() => setTick((tick) => tick + 1), delay);
    return () => clearTimeout(timeout);
  }, [open, endsAt]);
  return open;
}
