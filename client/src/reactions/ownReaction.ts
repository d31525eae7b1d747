import {
  type JsonObject,
  type ReactionKind,
  type RoomRole,
  reactionCounts,
  reactionMetaKey,
  reactionMetaKeyPrefix,
} from '@kohtaamo/shared';
import type { Editor, TLShape, TLShapeId } from 'tldraw';

/**
 * Whether a person with `role` may give reactions: everyone who may add
 * content (facilitator, participant, guest) and a legacy open room's holder
 * (`null`, no role); never a viewer. Mirrors `refuseRecordEdit`.
 */
export function mayReact(role: RoomRole | null): boolean {
  return role !== 'viewer';
}

/** Whether a shape's meta holds any reaction key (cheap: no counting). */
export function hasReactions(meta: JsonObject): boolean {
  for (const key in meta) {
    if (key.startsWith(reactionMetaKeyPrefix) && meta[key] === true) return true;
  }
  return false;
}

/** The reaction counts of a shape, from its meta (every kind present). */
export function reactionCountsOf(shape: TLShape): Record<ReactionKind, number> {
  return reactionCounts(shape.meta as JsonObject);
}

/**
 * Gives, or takes back if already given, the local user's own reaction of
 * `kind` on a shape: only the key `reaction:<kind>:<own id>` is written or
 * removed, so people reacting at once never overwrite each other and the
 * role rules accept it on anyone's shape, locked ones included. Returns
 * whether the reaction is now given, or `undefined` if nothing changed
 * (no such shape, or a read-only editor). One undo step.
 *
 * The record is put whole because `editor.updateShape` merges `meta` and
 * so cannot remove a key; that also skips tldraw's shape-lock filter,
 * which would drop a reaction on a locked shape (the role guards still
 * see the change, as its source is 'user').
 */
export function toggleOwnReaction(
  editor: Editor,
  shapeId: TLShapeId,
  kind: ReactionKind,
): boolean | undefined {
  if (editor.getIsReadonly()) return undefined;
  const shape = editor.getShape(shapeId);
  if (!shape) return undefined;
  const key = reactionMetaKey(kind, editor.user.getId());
  const given = shape.meta[key] === true;
  const meta = { ...shape.meta };
  if (given) delete meta[key];
  else meta[key] = true;
  editor.markHistoryStoppingPoint('toggle reaction');
  editor.store.put([{ ...shape, meta }]);
  return editor.getShape(shapeId)?.meta[key] === true;
}
