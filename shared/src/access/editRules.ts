import {
  isJsonObject,
  type JsonObject,
  jsonEqual,
  nestedRecordFields,
  type StoredRecord,
} from '../protocol/docLayout.js';
import { type Refusal, refusal } from '../protocol/refusals.js';
import { parseReactionMetaKey, reactionMetaKeyPrefix } from '../schema/reactions.js';
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
 * | add content | ✓ | ✓ | ✓ | ✗ |
 * | vote and react (own only, locked shapes too) | ✓ | ✓ | ✓ | ✗ |
 * | edit/delete own content | ✓ | ✓ unless locked | ✓ unless locked | ✗ |
 * | edit/delete others' content | ✓ | ✓ unless locked | ✗ | ✗ |
 * | change template structure | ✓ | ✓ unless locked | ✗ | ✗ |
 * | lock or unlock any shape | ✓ | ✗ | ✗ | ✗ |
 *
 * Content is owned through `meta.authorId`, a participant id (see
 * `participantIdentity`): a guest must stamp its own id on every shape and
 * asset it creates, and may change or delete only those. A binding (an
 * arrow's attachment) belongs to the owner of the shape it starts from.
 * A shape with `isLocked` is locked by the facilitator: only they may
 * change, move, delete, lock or unlock it.
 *
 * Votes and reactions are meta keys that carry the person's own id: votes
 * on a template (`feelings:<id>`, `fit:<id>`), reactions on any shape
 * (`reaction:<kind>:<id>`, value `true`, see `reactions`). Anyone who may
 * add content may set and unset their own, on anyone's shape, locked or
 * not; setting a reaction that names someone else, or no known kind, is
 * refused even where the rest of the shape could be changed. A shape
 * created with reactions (a copy, an undo of a deletion) keeps them: the
 * rule is about giving and taking back a reaction. The facilitator is not
 * bound by any of this. A guest may write only their own `user` record
 * (name and colour).
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

/** Whether a facilitator locked this shape (any type): only they may change it. */
export function isLockedShape(record: StoredRecord): boolean {
  return record.typeName === 'shape' && record.isLocked === true;
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

const metaFieldPrefix = 'meta.';

/** What a change does besides the person's own votes and reactions, or why it may not. */
type Responses =
  | { readonly refused: Refusal<EditRefusalCode>; readonly rest?: undefined }
  | { readonly refused?: undefined; readonly rest: Set<string> };

/**
 * Splits `fields` of a change to `after` into the actor's own votes (on a
 * template) and reactions (on any shape), which anyone who may add content
 * may make, and the rest, which the other rules judge. A reaction key that
 * names someone else, no known kind, or holds anything but `true` refuses
 * the whole change.
 */
function ownResponses(
  after: StoredRecord,
  fields: Set<string>,
  participantId: string | undefined,
): Responses {
  if (after.typeName !== 'shape') return { rest: fields };
  const votes =
    participantId !== undefined && isTemplate(after)
      ? new Set([
          `${metaFieldPrefix}${feelingsMetaKey(participantId)}`,
          `${metaFieldPrefix}${fitRatingMetaKey(participantId)}`,
        ])
      : new Set<string>();
  const rest = new Set<string>();
  for (const field of fields) {
    if (field.startsWith(`${metaFieldPrefix}${reactionMetaKeyPrefix}`)) {
      const key = field.slice(metaFieldPrefix.length);
      const reaction = parseReactionMetaKey(key);
      const value = metaOf(after)[key];
      if (reaction === undefined || (value !== undefined && value !== true)) {
        return { refused: malformedReaction };
      }
      if (reaction.participantId !== participantId) return { refused: othersReaction };
    } else if (!votes.has(field)) {
      rest.add(field);
    }
  }
  return { rest };
}

/**
 * Why a participant or guest may not make this change to a shape's lock or
 * to a locked shape; `fields` are the changed fields besides their own
 * votes and reactions (`undefined` for a creation or deletion).
 */
function refuseLocked(
  before: StoredRecord | undefined,
  after: StoredRecord | undefined,
  fields: Set<string> | undefined,
): Refusal<EditRefusalCode> | undefined {
  if ((after ?? before)?.typeName !== 'shape') return undefined;
  const lockChanged =
    before === undefined ? after?.isLocked === true : fields?.has('isLocked') === true;
  if (lockChanged) return lockChange;
  if (before !== undefined && isLockedShape(before)) return locked;
  return undefined;
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
  'only the facilitator can lock or unlock a shape',
);
const locked = refusal<EditRefusalCode>('lock.locked', 'the facilitator has locked this shape');
const othersReaction = refusal<EditRefusalCode>(
  'reaction.notOwn',
  'a reaction can be given or taken back only by the person it names',
);
const malformedReaction = refusal<EditRefusalCode>(
  'reaction.malformed',
  'a reaction must be a known kind with the value true',
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

  let fields = before && after ? (changed ?? changedFields(before, after)) : undefined;
  if (fields?.size === 0) return undefined;
  if (after !== undefined && fields !== undefined) {
    const responses = ownResponses(after, fields, participantId);
    if (responses.refused !== undefined) return responses.refused;
    if (responses.rest.size === 0) return undefined;
    fields = responses.rest;
  }

  if (role === 'participant') return refuseLocked(before, after, fields);

  // Guest: content of their own, plus their own votes, reactions and user record.
  if (record.typeName === 'user') {
    return participantId !== undefined && record.id === participantUserRecordId(participantId)
      ? undefined
      : refusal('guest.otherUser', "a guest cannot change other people's names");
  }
  if (!guestRecordTypes.has(record.typeName)) {
    return refusal('guest.contentOnly', 'a guest can only add content');
  }
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
    if (!ownedBy(after, participantId)) {
      return refusal('guest.authorRequired', 'content a guest adds must name them as its author');
    }
    return refuseLocked(before, after, fields);
  }
  if (!ownedBy(before, participantId) || isTemplate(before)) return notAuthor;
  if (after !== undefined && !ownedBy(after, participantId)) {
    return refusal('guest.giveAway', 'a guest cannot give their content to someone else');
  }
  return refuseLocked(before, after, fields);
}
