import { isVoteSessionOpen, type VoteScope } from '@kohtaamo/shared';
import { type JSX, useEffect, useRef, useState } from 'react';
import { type Editor, type TLShapeId, useEditor, useValue } from 'tldraw';
import { reactionBarInsets, type ViewportRect } from '../../reactions/reactionBarPlacement';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';
import { mayAddVote, ownVotesOn, useRunningVote } from './useVoting';
import { VoteItemButtons } from './VoteItemButtons';
import { isVoteItem, voteItemLabel } from './voteItems';

/** Height budget of a vote control: 36 px buttons on a touch screen (28 px with a mouse) and a 2 px padding. */
const controlHeight = 40;
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
 * top right corner, or lower when that would be under tldraw's menus, and
 * always on the shape's part in view between the menus and the toolbar.
 * `null` when that part cannot hold the control: pushed aside onto a
 * neighbour (a narrow shape far out, or one at the viewport's edge), it
 * would take the taps meant for the neighbour's control. The banner's list
 * votes for such a shape.
 */
export function placeVoteControl(
  shape: ViewportRect,
  viewport: { readonly width: number; readonly height: number },
  size = { width: controlWidth, height: controlHeight },
): { readonly x: number; readonly y: number } | null {
  const inset = 4;
  const insets = reactionBarInsets;
  const left = Math.max(shape.minX, insets.left);
  const right = Math.min(shape.maxX - inset, viewport.width - insets.right);
  const top = Math.max(shape.minY + inset, insets.top);
  const bottom = Math.min(shape.maxY - inset, viewport.height - insets.bottom);
  const x = right - size.width;
  if (x < left || top + size.height > bottom) return null;
  return { x, y: top };
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
    const place = placeVoteControl(
      { minX: topLeft.x, minY: topLeft.y, maxX: bottomRight.x, maxY: bottomRight.y },
      { width: viewport.w, height: viewport.h },
    );
    if (place) placed.push({ id, x: Math.round(place.x), y: Math.round(place.y) });
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
            // Right-aligned in its budget, so it keeps to the corner whatever its width.
            style={{
              left: x + controlWidth,
              top: y,
              maxWidth: controlWidth,
              transform: 'translateX(-100%)',
            }}
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
