import { type ReactionKind, reactionKinds, templateShapeType } from '@kohtaamo/shared';
import { type CSSProperties, type JSX, useMemo } from 'react';
import {
  type Computed,
  type Editor,
  type TLShape,
  type TLShapeId,
  useEditor,
  useValue,
} from 'tldraw';
import { shapeIdsWhere } from '../canvas/shapeIdsWhere';
import { useEditorMessages } from '../shapes/template/useEditorMessages';
import { hasReactions, reactionCountsOf } from './ownReaction';
import { reactionNameKey } from './reactionLabels';
import './reactions.css';

/** Whether a shape shows a lock badge: any locked shape but a template, which has its own. */
function showsLockBadge(shape: TLShape): boolean {
  return shape.isLocked && shape.type !== templateShapeType;
}

/** Whether a shape carries a mark of this layer, wherever it is. */
function isBadged(shape: TLShape): boolean {
  return showsLockBadge(shape) || hasReactions(shape.meta);
}

/**
 * The ids of shapes in the viewport that carry reactions or a lock badge,
 * as one string so the layer re-renders only when that set changes. Looks
 * only at the badged shapes, so a change elsewhere on a big board costs
 * nothing here.
 */
function badgedShapeIds(editor: Editor, $badged: Computed<ReadonlySet<TLShapeId>>): string {
  const badged = $badged.get();
  if (badged.size === 0) return '';
  const hidden = editor.getNotVisibleShapes();
  const pageId = editor.getCurrentPageId();
  const ids: string[] = [];
  for (const id of badged) {
    const shape = editor.getShape(id);
    if (!shape || hidden.has(id) || editor.isShapeHidden(shape)) continue;
    if (editor.getAncestorPageId(shape) === pageId) ids.push(id);
  }
  // A stable order, so the same set gives the same string.
  return ids.sort().join(' ');
}

/**
 * Small marks on shapes, for everyone, viewers included: the reaction
 * counts along a shape's bottom edge, and a lock on any shape the
 * facilitator locked (templates show their own lock). Lives in tldraw's
 * `OnTheCanvas` layer, in page coordinates, so it follows the camera for
 * free; marks keep their size on screen at any zoom. Only shapes in the
 * viewport with something to show get a mark, and each mark follows its
 * own shape, so a peer's reaction (applied to the store by the Yjs
 * binding) re-renders one mark.
 */
export function ShapeBadges(): JSX.Element | null {
  const editor = useEditor();
  const $badged = useMemo(
    () => shapeIdsWhere(editor.store, 'kohtaamo.badgeCandidates', isBadged),
    [editor],
  );
  const ids = useValue('kohtaamo.badgedShapes', () => badgedShapeIds(editor, $badged), [
    editor,
    $badged,
  ]);
  const zoom = useValue('kohtaamo.badgeZoom', () => editor.getZoomLevel(), [editor]);
  if (ids === '') return null;
  const style = { '--kohtaamo-badge-scale': 1 / zoom } as CSSProperties;
  return (
    <div className="kohtaamo-shape-badges" style={style}>
      {ids.split(' ').map((id) => (
        <ShapeMarks key={id} shapeId={id as TLShapeId} />
      ))}
    </div>
  );
}

interface Marks {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly locked: boolean;
  readonly counts: readonly (readonly [ReactionKind, string, number])[];
}

/** One shape's marks. Page bounds, so a note inside a template sits right too. */
function ShapeMarks({ shapeId }: { readonly shapeId: TLShapeId }): JSX.Element | null {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const marks = useValue('kohtaamo.shapeMarks', (): Marks | null => {
    const shape = editor.getShape(shapeId);
    const bounds = shape && editor.getShapePageBounds(shape);
    if (!shape || !bounds) return null;
    const counts = reactionCountsOf(shape);
    return {
      minX: bounds.minX,
      minY: bounds.minY,
      maxX: bounds.maxX,
      maxY: bounds.maxY,
      locked: showsLockBadge(shape),
      counts: reactionKinds
        .filter(({ kind }) => counts[kind] > 0)
        .map(({ kind, emoji }) => [kind, emoji, counts[kind]] as const),
    };
  }, [editor, shapeId]);
  if (!marks) return null;
  const summary = marks.counts
    .map(([kind, , count]) =>
      t('reactions.chip.label', { reaction: t(reactionNameKey(kind)), count }),
    )
    .join(', ');
  return (
    <>
      {marks.counts.length > 0 && (
        <div
          className="kohtaamo-reaction-chips"
          role="img"
          aria-label={t('reactions.chips.label', { summary })}
          data-testid="reaction-chips"
          data-shape-id={shapeId}
          style={{ left: marks.minX, top: marks.maxY }}
        >
          {marks.counts.map(([kind, emoji, count]) => (
            <span key={kind} className="kohtaamo-reaction-chip" data-reaction={kind}>
              <span aria-hidden="true">{emoji}</span>
              <span className="kohtaamo-reaction-chip__count">{count}</span>
            </span>
          ))}
        </div>
      )}
      {marks.locked && (
        <div
          className="kohtaamo-lock-badge"
          role="img"
          aria-label={t('roles.locked.badge')}
          title={t('roles.locked.badge')}
          data-testid="lock-badge"
          data-shape-id={shapeId}
          style={{ left: marks.maxX, top: marks.minY }}
        >
          <svg width="12" height="14" viewBox="0 0 14 16" aria-hidden="true" focusable="false">
            <path
              d="M3 7V5a4 4 0 0 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1Zm2 0h4V5a2 2 0 0 0-4 0v2Z"
              fill="currentColor"
            />
          </svg>
        </div>
      )}
    </>
  );
}
