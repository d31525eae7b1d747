import type { VoteItemResult } from '@kohtaamo/shared';
import type { CSSProperties, JSX } from 'react';
import { type TLShapeId, useEditor, useValue } from 'tldraw';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';
import { newestRevealedSession, runningSession } from './voteItems';

/**
 * Rank and total ("#1 · 5") on each item of the newest revealed vote, for
 * everyone, viewers included. Hidden while another vote runs, so old
 * results do not steer new votes. Like the reaction marks, it lives in
 * tldraw's `OnTheCanvas` layer in page coordinates and keeps its size on
 * screen at any zoom; only items in view get a badge.
 */
export function VoteResultBadges(): JSX.Element | null {
  const editor = useEditor();
  const facilitation = useFacilitation();
  const { t } = useEditorMessages();
  const items = useValue('kohtaamo.vote.badges', () => {
    const sessions = facilitation?.state.$voteSessions.get() ?? [];
    if (runningSession(sessions)) return [];
    const results = newestRevealedSession(sessions)?.results;
    if (!results) return [];
    const hidden = editor.getNotVisibleShapes();
    const pageId = editor.getCurrentPageId();
    const shown: { result: VoteItemResult; x: number; y: number }[] = [];
    for (const result of results.items) {
      const id = result.itemId as TLShapeId;
      const shape = editor.getShape(id);
      if (!shape || hidden.has(id) || editor.getAncestorPageId(shape) !== pageId) continue;
      const bounds = editor.getShapePageBounds(shape);
      if (bounds) shown.push({ result, x: bounds.minX, y: bounds.minY });
    }
    return shown;
  }, [editor, facilitation]);
  const zoom = useValue('kohtaamo.vote.badgeZoom', () => editor.getZoomLevel(), [editor]);
  if (items.length === 0) return null;
  const style = { '--kohtaamo-badge-scale': 1 / zoom } as CSSProperties;
  return (
    <div className="kohtaamo-shape-badges" style={style}>
      {items.map(({ result, x, y }) => (
        <div
          key={result.itemId}
          className="kohtaamo-vote-result-badge"
          role="img"
          aria-label={t('vote.badge.label', { rank: result.rank, total: result.total })}
          data-testid="vote-result-badge"
          data-shape-id={result.itemId}
          data-rank={result.rank}
          data-total={result.total}
          style={{ left: x, top: y }}
        >
          #{result.rank} · {result.total}
        </div>
      ))}
    </div>
  );
}
