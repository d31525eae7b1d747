import {
  isJsonObject,
  type JsonObject,
  jsonEqual,
  nestedRecordFields,
  type StoredRecord,
} from '../protocol/docLayout.js';
import { type Refusal, refusal } from '../protocol/refusals.js';
import type { RoomRole } from '../schema/roomAccess.js';
import { fitRatingMetaKey } from '../templates/fit.js';
import { feelingsMetaKey, templateShapeType } from '../templates/templateShape.js';
import type { EditRefusalCode } from './editRefusals.js';

/**
 * The role rules of issue 4, on the records of a board, shared by the
 * server (which refuses an update that breaks them) and the client (which
 * stops the editor from making such a change, so the server never has to).
 *
 * | | facilitator | participant | guest | viewer |
 * |---|---|---|---|---|
 * | add content, vote, react | ✓ | ✓ | ✓ | ✗ |
 * | edit/delete others' content | ✓ | ✓ | ✗ | ✗ |
 * | change template structure | ✓ | ✓ unless locked | ✗ | ✗ |
 * | lock or unlock a template | ✓ | ✗ | ✗ | ✗ |
 *
 * Content is owned through `meta.authorId`, a participant id (see
 * `participantIdentity`): a guest must stamp its own id on every shape and
 * asset it creates, and may change or delete only those. A binding (an
 * arrow's attachment) belongs to the owner of the shape it starts from.
 * Votes and reactions are the meta keys that carry the voter's own id
 * (`feelings:<id>`, `fit:<id>`) on a template, and anyone who may add
 * content may set their own. A guest may write only their own `user`
 * record (name and colour).
 */

/** Who is editing: the role of their link and, if they sent a key, their participant id. */
export interface EditActor {
  readonly role: RoomRole | undefined;
  readonly participantId: string | undefined;
}

/** Meta key naming the participant who created a shape or asset. */
export const authorIdMetaKey = 'authorId';

/** Meta key with the author's display name at the time of writing. */
export const authorNameMetaKey = 'authorName';

/**
 * Record types a board document holds; anything else is refused. `user`
 * records carry a person's display name and colour (tldraw shows who last
 * edited a text with them); their id is `user:<participant id>`.
 */
export const documentRecordTypes: ReadonlySet<string> = new Set([
  'document',
  'page',
  'shape',
  'binding',
  'asset',
  'user',
]);

/** The id of a participant's tldraw `user` record (name and colour), which presence names too. */
export function participantUserRecordId(participantId: string): string {
  return `user:${participantId}`;
}

/** Record types a guest may create: content, not pages or the document. */
const guestRecordTypes: ReadonlySet<string> = new Set(['shape', 'binding', 'asset']);

/** Finds a record as it is after the change (for bindings: the shapes they join). */
export type RecordLookup = (recordId: string) => StoredRecord | undefined;

function metaOf(record: StoredRecord): JsonObject {
  return isJsonObject(record.meta) ? record.meta : {};
}

/** The participant id in `meta.authorId`, if any. */
export function authorOf(record: StoredRecord): string | undefined {
  const author = metaOf(record)[authorIdMetaKey];
  return typeof author === 'string' ? author : undefined;
}

/** Whether `record` is an inserted workshop template. */
function isTemplate(record: StoredRecord): boolean {
  return record.typeName === 'shape' && record.type === templateShapeType;
}

/** Whether a facilitator locked this template. */
export function isLockedTemplate(record: StoredRecord): boolean {
  return isTemplate(record) && record.isLocked === true;
}

/**
 * The fields a change touches, as top-level names (`x`, `props`) or, inside
 * `props` and `meta`, dotted paths (`props.color`, `meta.fit:abc`).
 */
export function changedFields(before: StoredRecord, after: StoredRecord): Set<string> {
  const changed = new Set<string>();
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    const a = before[field];
    const b = after[field];
    if (nestedRecordFields.has(field) && isJsonObject(a) && isJsonObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (!jsonEqual(a[key], b[key])) changed.add(`${field}.${key}`);
      }
    } else if (!jsonEqual(a, b)) {
      changed.add(field);
    }
  }
  return changed;
}

/** Whether every changed field is a vote or reaction of `participantId` on a template. */
function onlyOwnVotes(
  record: StoredRecord,
  fields: Set<string>,
  participantId: string | undefined,
): boolean {
  if (participantId === undefined || !isTemplate(record) || fields.size === 0) return false;
  const own = new Set([
    `meta.${feelingsMetaKey(participantId)}`,
    `meta.${fitRatingMetaKey(participantId)}`,
  ]);
  for (const field of fields) if (!own.has(field)) return false;
  return true;
}

function ownedBy(record: StoredRecord | undefined, participantId: string | undefined): boolean {
  return record !== undefined && participantId !== undefined && authorOf(record) === participantId;
}

/** Whether a guest owns a binding: it starts from (or, when deleting, touches) a shape of theirs. */
function ownsBinding(
  binding: StoredRecord,
  participantId: string | undefined,
  lookup: RecordLookup,
  deleting: boolean,
): boolean {
  const from = typeof binding.fromId === 'string' ? lookup(binding.fromId) : undefined;
  if (ownedBy(from, participantId)) return true;
  if (!deleting) return false;
  const to = typeof binding.toId === 'string' ? lookup(binding.toId) : undefined;
  return ownedBy(to, participantId);
}

const notAuthor = refusal<EditRefusalCode>(
  'guest.notAuthor',
  "a guest cannot change other people's content",
);
const lockChange = refusal<EditRefusalCode>(
  'lock.change',
  'only the facilitator can lock or unlock a template',
);

/**
 * Why `actor` may not turn `before` into `after` (`undefined` for a record
 * that does not exist on that side), or `undefined` if they may; the
 * refusal's code names the rule (see `editRefusalCodes`). `lookup`
 * finds other records as they are after the change. An actor without a
 * role is a legacy open room's anonymous holder, who may do everything.
 * `changed` is {@link changedFields} of the two, if the caller knows it.
 */
export function refuseRecordEdit(
  actor: EditActor,
  before: StoredRecord | undefined,
  after: StoredRecord | undefined,
  lookup: RecordLookup,
  changed?: Set<string>,
): Refusal<EditRefusalCode> | undefined {
  const record = after ?? before;
  if (record === undefined) return undefined;
  if (!documentRecordTypes.has(record.typeName)) {
    return refusal(
      'record.unknownType',
      `records of type ${JSON.stringify(record.typeName)} do not belong in a board`,
      { typeName: record.typeName },
    );
  }
  const { role, participantId } = actor;
  if (role === undefined || role === 'facilitator') return undefined;
  if (role === 'viewer') return refusal('viewer.readOnly', 'a viewer cannot change the board');

  const fields = before && after ? (changed ?? changedFields(before, after)) : undefined;
  if (fields?.size === 0) return undefined;

  if (role === 'participant') {
    const wasLocked = before !== undefined && isLockedTemplate(before);
    const lockChanged =
      isTemplate(record) &&
      (before === undefined ? after?.isLocked === true : fields?.has('isLocked') === true);
    if (lockChanged) return lockChange;
    if (wasLocked && !(after && fields && onlyOwnVotes(after, fields, participantId))) {
      return refusal('lock.locked', 'the facilitator has locked this template');
    }
    return undefined;
  }

  // Guest: content of their own, plus their own votes and user record.
  if (record.typeName === 'user') {
    return participantId !== undefined && record.id === participantUserRecordId(participantId)
      ? undefined
      : refusal('guest.otherUser', "a guest cannot change other people's names");
  }
  if (!guestRecordTypes.has(record.typeName))
    return refusal('guest.contentOnly', 'a guest can only add content');
  if (record.typeName === 'binding') {
    const binding = after ?? before;
    if (binding && ownsBinding(binding, participantId, lookup, after === undefined)) {
      return before && after && !ownsBinding(before, participantId, lookup, false)
        ? notAuthor
        : undefined;
    }
    return notAuthor;
  }
  if (before === undefined) {
    if (isTemplate(record)) return refusal('guest.templates', 'a guest cannot add templates');
    return ownedBy(after, participantId)
      ? undefined
      : refusal('guest.authorRequired', 'content a guest adds must name them as its author');
  }
  if (after && fields && onlyOwnVotes(after, fields, participantId)) return undefined;
  if (!ownedBy(before, participantId) || isTemplate(before)) {
    return notAuthor;
  }
  if (after !== undefined && !ownedBy(after, participantId)) {
    return refusal('guest.giveAway', 'a guest cannot give their content to someone else');
  }
  return undefined;
}
