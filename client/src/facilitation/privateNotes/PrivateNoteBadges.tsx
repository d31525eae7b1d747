import type { CSSProperties, JSX } from 'react';
import { type Editor, type Signal, type TLShapeId, useEditor, useValue } from 'tldraw';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';

/**
 * The ids of this person's private shapes in the viewport that stand on
 * their own (not inside another private shape, whose badge covers them),
 * as one string so the layer re-renders only when that set changes.
 */
function badgedPrivateShapeIds(editor: Editor, ids: ReadonlySet<string>): string {
  if (ids.size === 0) return '';
  const hidden = editor.getNotVisibleShapes();
  const badged: string[] = [];
  for (const { id, shape } of editor.getRenderingShapes()) {
    if (!ids.has(id) || hidden.has(id) || ids.has(shape.parentId)) continue;
    badged.push(id);
  }
  return badged.join(' ');
}

/**
 * An "Only you" badge on each of this person's private shapes during a
 * private round, so they can tell what the others do not see yet. In
 * tldraw's `OnTheCanvas` layer, in page coordinates: the badge sits on the
 * shape's top edge and keeps its size on screen at any zoom. Nothing for a
 * viewer, who has no private shapes.
 */
export function PrivateNoteBadges(): JSX.Element | null {
  const facilitation = useFacilitation();
  const privateIds = facilitation?.privateIds;
  if (!privateIds) return null;
  return <Badges privateIds={privateIds} />;
}

function Badges({
  privateIds,
}: {
  readonly privateIds: Signal<ReadonlySet<string>>;
}): JSX.Element | null {
  const editor = useEditor();
  const ids = useValue(
    'kohtaamo.privateBadges',
    () => badgedPrivateShapeIds(editor, privateIds.get()),
    [editor, privateIds],
  );
  const zoom = useValue('kohtaamo.privateBadgeZoom', () => editor.getZoomLevel(), [editor]);
  if (ids === '') return null;
  const style = { '--kohtaamo-badge-scale': 1 / zoom } as CSSProperties;
  return (
    <div className="kohtaamo-private-badges" style={style}>
      {ids.split(' ').map((id) => (
        <PrivateBadge key={id} shapeId={id as TLShapeId} />
      ))}
    </div>
  );
}

/** One shape's badge, at its page bounds' top left corner. */
function PrivateBadge({ shapeId }: { readonly shapeId: TLShapeId }): JSX.Element | null {
  const editor = useEditor();
  const { t } = useEditorMessages();
  const corner = useValue('kohtaamo.privateBadge', () => {
    const bounds = editor.getShapePageBounds(shapeId);
    return bounds ? { x: bounds.minX, y: bounds.minY } : null;
  }, [editor, shapeId]);
  if (!corner) return null;
  return (
    <div
      className="kohtaamo-private-badge"
      role="img"
      aria-label={t('private.badge.label')}
      title={t('private.badge.label')}
      data-testid="private-badge"
      data-shape-id={shapeId}
      style={{ left: corner.x, top: corner.y }}
    >
      <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path
          d="M8 3C4.4 3 1.6 5.3.5 8c1.1 2.7 3.9 5 7.5 5s6.4-2.3 7.5-5C14.4 5.3 11.6 3 8 3Zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6Z"
          fill="currentColor"
        />
      </svg>
      <span aria-hidden="true">{t('private.badge')}</span>
    </div>
  );
}
