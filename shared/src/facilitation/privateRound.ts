import { z } from 'zod';
import { authorIdMetaKey, authorNameMetaKey } from '../access/editRules.js';
import { isJsonObject, type JsonObject, type StoredRecord } from '../protocol/docLayout.js';
import { templateShapeType } from '../templates/templateShape.js';
import {
  accepted,
  epochMsSchema,
  type FacilitationResult,
  facilitationIdSchema,
  refused,
} from './facilitationRefusals.js';

/**
 * Private mode: for one round everyone writes without seeing the others'
 * notes, then the facilitator reveals them all at once. Only the round's
 * state lives in the shared document; the hidden notes themselves stay
 * off other people's browsers (as scrumlr.io does, and unlike Miro, which
 * only hides them in the UI) until the reveal copies them onto the board
 * through {@link revealedRecord}. Only a facilitator starts and ends a
 * round (Miro's most requested change is exactly that).
 */

/** Past rounds kept in the log; older ones drop off. */
export const privateRoundHistoryMax = 50;

/** A finished round, for the facilitator's log. */
export const pastPrivateRoundSchema = z.strictObject({
  roundId: facilitationIdSchema,
  startedAt: epochMsSchema,
  revealedAt: epochMsSchema,
  anonymous: z.boolean(),
  /** How many records the reveal put on the board. */
  count: z.number().int().min(0),
});

/** A validated past round. */
export type PastPrivateRound = z.infer<typeof pastPrivateRoundSchema>;

const history = z.array(pastPrivateRoundSchema).max(privateRoundHistoryMax);

/** Private mode as stored: off, or on with the round in progress; both carry the log. */
export const privateModeStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('off'), history }),
  z.strictObject({
    status: z.literal('on'),
    roundId: facilitationIdSchema,
    startedAt: epochMsSchema,
    /** Whether the reveal strips authors from the notes. */
    anonymous: z.boolean(),
    history,
  }),
]);

/** A validated private mode state. */
export type PrivateModeState = z.infer<typeof privateModeStateSchema>;

/** Private mode of a new board: off, no rounds yet. */
export function defaultPrivateMode(): PrivateModeState {
  return { status: 'off', history: [] };
}

/** Starts round `roundId` (picked by the server) at `now`; refused while one is on. */
export function startPrivateRound(
  state: PrivateModeState,
  roundId: string,
  anonymous: boolean,
  now: number,
): FacilitationResult<PrivateModeState> {
  if (state.status === 'on') return refused('private.alreadyOn', 'a private round is on');
  return accepted({ status: 'on', roundId, startedAt: now, anonymous, history: state.history });
}

/**
 * Ends the round at `now`, logging that the reveal put `count` records on
 * the board. Refused when private mode is off.
 */
export function revealPrivateRound(
  state: PrivateModeState,
  count: number,
  now: number,
): FacilitationResult<PrivateModeState> {
  if (state.status === 'off') return refused('private.off', 'private mode is off');
  const past: PastPrivateRound = {
    roundId: state.roundId,
    startedAt: state.startedAt,
    revealedAt: Math.max(now, state.startedAt),
    anonymous: state.anonymous,
    count: Math.max(0, Math.trunc(count)),
  };
  return accepted({
    status: 'off',
    history: [...state.history, past].slice(-privateRoundHistoryMax),
  });
}

/**
 * A privately written record as it goes onto the shared board. In an
 * anonymous round the author's id and name are removed from `meta`.
 *
 * Ownership rides on `meta.authorId` (see `editRules`), so an anonymous
 * note has no owner afterwards: the guest who wrote it can no longer edit
 * or delete it, while facilitators and participants still can. That is
 * the price of anonymity — keeping the id would name the author to anyone
 * reading the document.
 */
export function revealedRecord(record: StoredRecord, anonymous: boolean): StoredRecord {
  const copy: StoredRecord = structuredClone(record);
  if (!anonymous || !isJsonObject(copy.meta)) return copy;
  const meta: JsonObject = { ...copy.meta };
  delete meta[authorIdMetaKey];
  delete meta[authorNameMetaKey];
  return { ...copy, meta };
}

/**
 * Record types a private document holds: content, never structure (pages,
 * the document, users). The server checks a private document as if its
 * owner were a guest (`refuseRecordEdit`), which allows exactly these.
 */
export const privateRecordTypes: ReadonlySet<string> = new Set(['shape', 'binding', 'asset']);

/**
 * Whether a record someone creates during a private round is written to
 * their private document: shapes (except templates, which structure the
 * board for everyone), bindings between them, and assets (an image's
 * record names its upload).
 */
export function isPrivateContent(record: {
  readonly typeName: unknown;
  readonly type?: unknown;
}): boolean {
  if (typeof record.typeName !== 'string' || !privateRecordTypes.has(record.typeName)) return false;
  return record.typeName !== 'shape' || record.type !== templateShapeType;
}

/** The board a reveal writes into, as far as placing the records needs it. */
export interface RevealTarget {
  /** Whether the board has a record with this id (a page or a shape). */
  has(id: string): boolean;
  /** Where a shape goes whose parent is gone (deleted during the round): the board's first page. */
  readonly fallbackPageId: string | undefined;
}

/**
 * The records a reveal puts on the board, from everything the private
 * documents held: only {@link privateRecordTypes}; each through
 * {@link revealedRecord}; a shape whose parent (a template, a frame) was
 * deleted during the round moves to `fallbackPageId` instead of vanishing;
 * a binding whose arrow or target is on neither side is left out (tldraw
 * cannot hold a binding to nothing).
 */
export function revealedRecords(
  records: Iterable<StoredRecord>,
  anonymous: boolean,
  board: RevealTarget,
): StoredRecord[] {
  const content = [...records].filter((record) => privateRecordTypes.has(record.typeName));
  const revealedIds = new Set(content.map((record) => record.id));
  const exists = (id: unknown) => typeof id === 'string' && (revealedIds.has(id) || board.has(id));
  const out: StoredRecord[] = [];
  for (const record of content) {
    if (record.typeName === 'binding' && (!exists(record.fromId) || !exists(record.toId))) continue;
    const revealed = revealedRecord(record, anonymous);
    if (
      revealed.typeName === 'shape' &&
      !exists(revealed.parentId) &&
      board.fallbackPageId !== undefined
    ) {
      out.push({ ...revealed, parentId: board.fallbackPageId });
    } else {
      out.push(revealed);
    }
  }
  return out;
}
