import {
  type EditActor,
  type EditRefusalCode,
  participantUserRecordId,
  type RecordLookup,
  type Refusal,
  type RoomRole,
  refusal,
  refuseRecordEdit,
  type StoredRecord,
  templateShapeType,
} from '@kohtaamo/shared';
import type { Editor, TLContent, TLRecord, TLShape, TLShapeId } from 'tldraw';

/**
 * A change the guards stopped: the shared rule's refusal (its code is what
 * the person is told, see `refusalMessage`) and the record it concerned.
 */
export interface EditRefusal extends Refusal<EditRefusalCode> {
  readonly recordId: string;
}

/** The record types whose changes and deletions the server checks by role. */
const guardedTypes = ['shape', 'binding', 'asset', 'page', 'document', 'user'] as const;

/**
 * Mirrors the server's role rules (`refuseRecordEdit`) in the editor, so a
 * participant's or guest's normal use never sends an update the server
 * would refuse (which closes the connection). Changes and deletions this
 * user makes (`source: 'user'`) that the rules refuse are dropped: a
 * change keeps the record as it was, a deletion keeps the record, and
 * `onRefused` hears of it. Creations cannot be cancelled by a side effect,
 * so they are kept within the rules before they happen: a guest's records
 * name them (`registerAuthorMeta`), their pastes and duplicates leave
 * templates out, and the UI offers them no template or page to add; a
 * participant's or guest's copy of a locked shape arrives unlocked. Facilitators
 * and open rooms (no role) may do everything; a viewer's editor is
 * read-only. Returns the function that removes the guards.
 */
export function registerRoleGuards(
  editor: Editor,
  role: RoomRole | null,
  onRefused: (refusal: EditRefusal) => void,
): () => void {
  if (role !== 'participant' && role !== 'guest') return () => {};
  const lookup: RecordLookup = (id) => stored(editor.store.get(id as TLRecord['id']));

  /** Whether the rules refuse the change; reports it if so. */
  const refused = (before: TLRecord, after: TLRecord | undefined): boolean => {
    const actor: EditActor = { role, participantId: editor.user.getId() };
    const refused = refuseRecordEdit(actor, stored(before), stored(after), lookup);
    if (refused === undefined) return false;
    onRefused({ ...refused, recordId: before.id });
    return true;
  };

  const stops = guardedTypes.flatMap((typeName) => [
    editor.sideEffects.registerBeforeChangeHandler(typeName, (prev, next, source) =>
      source === 'user' && refused(prev, next) ? prev : next,
    ),
    editor.sideEffects.registerBeforeDeleteHandler(typeName, (record, source) =>
      source === 'user' && refused(record, undefined) ? false : undefined,
    ),
  ]);
  // Only the facilitator locks: a copy (paste, duplicate) of a locked shape arrives unlocked.
  stops.push(
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
      source === 'user' && shape.isLocked ? { ...shape, isLocked: false } : shape,
    ),
  );
  if (role === 'guest') {
    stops.push(keepTemplatesOutOfCopies(editor, () => onRefused(templateRefusal)));
  }
  return () => {
    for (const stop of stops) stop();
  };
}

/** A guest's paste or duplicate left out the templates in it. */
const templateRefusal: EditRefusal = {
  ...refusal('guest.templates', 'a guest cannot add templates'),
  recordId: templateShapeType,
};

/**
 * Makes a guest's duplicates (the action, Alt+drag) and pastes leave out
 * templates and what is inside them, and pastes other people's user
 * records, which the server would refuse.
 * Wraps the two editor methods every such path goes through, as no side
 * effect can cancel a creation. Returns the function that unwraps them.
 */
function keepTemplatesOutOfCopies(editor: Editor, onLeftOut: () => void): () => void {
  const duplicateShapes = editor.duplicateShapes;
  const putContent = editor.putContentOntoCurrentPage;
  const isTemplate = (shape: TLShape | undefined) => shape?.type === templateShapeType;

  const guardedDuplicate: typeof duplicateShapes = (shapes, offset) => {
    const ids = shapes.map((shape) => (typeof shape === 'string' ? shape : shape.id));
    const kept = ids.filter((id) => !isTemplate(editor.getShape(id)));
    if (kept.length < ids.length) onLeftOut();
    return kept.length === 0 ? editor : duplicateShapes.call(editor, kept, offset);
  };
  const guardedPut: typeof putContent = (content, options) => {
    const kept = withoutTemplates(content);
    if (kept.shapes.length < content.shapes.length) onLeftOut();
    // Pasted content may carry the user records of the people who wrote it: a guest may write only their own.
    const ownUser = participantUserRecordId(editor.user.getId());
    const users = kept.users?.filter((user) => user.id === ownUser);
    return putContent.call(editor, users ? { ...kept, users } : kept, options);
  };
  editor.duplicateShapes = guardedDuplicate;
  editor.putContentOntoCurrentPage = guardedPut;
  return () => {
    if (editor.duplicateShapes === guardedDuplicate) editor.duplicateShapes = duplicateShapes;
    if (editor.putContentOntoCurrentPage === guardedPut) {
      editor.putContentOntoCurrentPage = putContent;
    }
  };
}

/** `content` without templates, the shapes inside them and the bindings that touch those. */
export function withoutTemplates(content: TLContent): TLContent {
  const left = new Set<TLShapeId>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const shape of content.shapes) {
      if (left.has(shape.id)) continue;
      if (shape.type === templateShapeType || left.has(shape.parentId as TLShapeId)) {
        left.add(shape.id);
        grew = true;
      }
    }
  }
  if (left.size === 0) return content;
  return {
    ...content,
    shapes: content.shapes.filter((shape) => !left.has(shape.id)),
    rootShapeIds: content.rootShapeIds.filter((id) => !left.has(id)),
    bindings: content.bindings?.filter(
      (binding) => !left.has(binding.fromId) && !left.has(binding.toId),
    ),
  };
}

/** A tldraw record is plain JSON: the rules read it as the server stores it. */
function stored<R extends TLRecord | undefined>(
  record: R,
): R extends TLRecord ? StoredRecord : StoredRecord | undefined {
  return record as unknown as R extends TLRecord ? StoredRecord : StoredRecord | undefined;
}
