import {
  type RoomRole,
  templateShapeType,
  type VoteScope,
  type VoteSession,
  voteGroupOfRole,
} from '@kohtaamo/shared';
import type { Editor, TLShape, TLShapeId } from 'tldraw';

/**
 * Whether a person with `role` votes: the facilitator, participants and
 * guests, and anyone in a legacy open room (`null`); never a viewer.
 * Mirrors the roles of `vote.cast` in `controlActionRoles`.
 */
export function mayVote(role: RoomRole | null): boolean {
  return role === null || voteGroupOfRole(role) !== undefined;
}

/**
 * Whether `shape` may take votes in a session of `scope`. Mirrors the
 * server's rule (`facilitationExtension`): a selection names its shapes,
 * a template takes its direct children, a page any shape on it but
 * templates. The server decides; this only chooses where to offer a dot.
 */
export function isVoteItem(editor: Editor, scope: VoteScope, shape: TLShape): boolean {
  switch (scope.kind) {
    case 'selection':
      return scope.itemIds.includes(shape.id);
    case 'template':
      return shape.parentId === scope.templateId;
    case 'page':
      return shape.type !== templateShapeType && editor.getAncestorPageId(shape) === scope.pageId;
  }
}

/** Every shape on the board that may take votes in `scope`, in page order. */
export function voteItemIds(editor: Editor, scope: VoteScope): TLShapeId[] {
  switch (scope.kind) {
    case 'selection':
      return scope.itemIds.filter(
        (id) => editor.getShape(id as TLShapeId) !== undefined,
      ) as TLShapeId[];
    case 'template':
      return editor
        .getSortedChildIdsForParent(scope.templateId as TLShapeId)
        .filter((id) => editor.getShape(id) !== undefined);
    case 'page': {
      const pageId = scope.pageId as Parameters<Editor['getPageShapeIds']>[0];
      if (!editor.getPage(pageId)) return [];
      return [...editor.getPageShapeIds(pageId)].filter((id) => {
        const shape = editor.getShape(id);
        return shape !== undefined && isVoteItem(editor, scope, shape);
      });
    }
  }
}

/** The session that takes votes now, if any: the newest running one. */
export function runningSession(sessions: readonly VoteSession[]): VoteSession | undefined {
  return sessions.findLast((session) => session.status === 'running');
}

/** The newest session with results, if any. */
export function newestRevealedSession(sessions: readonly VoteSession[]): VoteSession | undefined {
  return sessions.findLast((session) => session.status === 'revealed');
}

/** Longest item text shown in labels and lists. */
const itemTextMaxLength = 60;

/**
 * A shape's text as a label shows it: one line, cut at
 * {@link itemTextMaxLength} characters; empty when the shape has no text.
 */
export function voteItemText(editor: Editor, shape: TLShape): string {
  const text = editor.getShapeUtil(shape).getText(shape) ?? '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > itemTextMaxLength ? `${line.slice(0, itemTextMaxLength - 1)}…` : line;
}

/**
 * Goes to an item: its page, selected, zoomed to. Works for viewers too
 * (selecting does not edit). Returns whether the shape exists.
 */
export function showVoteItem(editor: Editor, shapeId: TLShapeId): boolean {
  const shape = editor.getShape(shapeId);
  if (!shape) return false;
  const pageId = editor.getAncestorPageId(shape);
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId);
  editor.select(shapeId);
  editor.zoomToSelection({ animation: { duration: 200 } });
  return true;
}

/** An item's name in labels: its text, or words for an item without text or one deleted. */
export function voteItemLabel(
  editor: Editor,
  shapeId: string,
  t: (key: 'vote.item.untitled' | 'vote.item.deleted') => string,
): string {
  const shape = editor.getShape(shapeId as TLShapeId);
  if (!shape) return t('vote.item.deleted');
  return voteItemText(editor, shape) || t('vote.item.untitled');
}
