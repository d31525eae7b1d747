import { z } from 'zod';
import { type Agenda, agendaSchema, defaultAgenda } from './agenda.js';
import { cameraSchema } from './controlMessages.js';
import { epochMsSchema, facilitationIdSchema } from './facilitationRefusals.js';
import {
  defaultPrivateMode,
  type PrivateModeState,
  privateModeStateSchema,
} from './privateRound.js';
import { idleTimer, type TimerState, timerStateSchema } from './timer.js';
import { type VoteSession, voteSessionSchema } from './voting.js';

/**
 * The public facilitation state as the board's Y.Doc holds it: one
 * top-level Y.Map that only the server writes, each key a JSON value.
 * Secrets (ballots, privately written notes) never go here: a Yjs update
 * reaches everyone who has the document.
 *
 * ```
 * doc.getMap('facilitation')
 *   'agenda'          → Agenda
 *   'timer'           → TimerState
 *   'privateMode'     → PrivateModeState
 *   'follow'          → FollowState
 *   'vote:<sessionId>'→ VoteSession (one key per session, so results stay apart)
 * ```
 *
 * Readers validate every value with these schemas; a missing or malformed
 * value reads as the default and never throws, so a document written by a
 * newer or broken server still opens.
 */

/** Name of the top-level Y.Map holding the facilitation state. */
export const facilitationMapName = 'facilitation';

/** The fixed keys of the facilitation map. */
export const facilitationKeys = Object.freeze({
  agenda: 'agenda',
  timer: 'timer',
  privateMode: 'privateMode',
  follow: 'follow',
} as const);

/** Prefix of the key of each vote session. */
export const voteSessionKeyPrefix = 'vote:';

/** The map key of vote session `sessionId`. */
export function voteSessionKey(sessionId: string): string {
  return `${voteSessionKeyPrefix}${sessionId}`;
}

/** The session id in a vote session key, or `undefined` for any other key. */
export function voteSessionIdOfKey(key: string): string | undefined {
  if (!key.startsWith(voteSessionKeyPrefix)) return undefined;
  const id = key.slice(voteSessionKeyPrefix.length);
  return facilitationIdSchema.safeParse(id).success ? id : undefined;
}

/** Whether everyone follows a facilitator's view (`summon.follow`), and whose. */
export const followStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('off') }),
  z.strictObject({
    status: z.literal('on'),
    userId: facilitationIdSchema,
    startedAt: epochMsSchema,
    pageId: facilitationIdSchema.optional(),
    camera: cameraSchema.optional(),
  }),
]);

/** A validated follow state. */
export type FollowState = z.infer<typeof followStateSchema>;

/** Nobody is being followed. */
export const followOff: FollowState = Object.freeze({ status: 'off' });

function readOr<T>(schema: z.ZodType<T>, value: unknown, fallback: () => T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback();
}

/** The stored agenda, or the default five phases if missing or malformed. */
export function readAgenda(value: unknown): Agenda {
  return readOr(agendaSchema, value, defaultAgenda);
}

/** The stored timer, or idle if missing or malformed. */
export function readTimer(value: unknown): TimerState {
  return readOr(timerStateSchema, value, () => idleTimer);
}

/** The stored private mode, or off with no history if missing or malformed. */
export function readPrivateMode(value: unknown): PrivateModeState {
  return readOr(privateModeStateSchema, value, defaultPrivateMode);
}

/** The stored follow state, or off if missing or malformed. */
export function readFollow(value: unknown): FollowState {
  return readOr(followStateSchema, value, () => followOff);
}

/**
 * The session stored under `key`, or `undefined` if the value is malformed
 * or names another session than its key (a session is addressed by key).
 */
export function readVoteSession(key: string, value: unknown): VoteSession | undefined {
  const id = voteSessionIdOfKey(key);
  const parsed = voteSessionSchema.safeParse(value);
  return id !== undefined && parsed.success && parsed.data.id === id ? parsed.data : undefined;
}

/** Everything public about facilitation on a board. */
export interface FacilitationState {
  readonly agenda: Agenda;
  readonly timer: TimerState;
  readonly privateMode: PrivateModeState;
  readonly follow: FollowState;
  /** Readable sessions, oldest first (ties by id). */
  readonly voteSessions: readonly VoteSession[];
}

/** The state of a board that has never used the toolkit. */
export function defaultFacilitationState(): FacilitationState {
  return readFacilitationState([]);
}

/**
 * The state from the map's entries (a Y.Map's `entries()`, or any
 * key/value pairs), each value validated; unknown keys are ignored.
 */
export function readFacilitationState(
  entries: Iterable<readonly [string, unknown]>,
): FacilitationState {
  const values = new Map<string, unknown>();
  const voteSessions: VoteSession[] = [];
  for (const [key, value] of entries) {
    if (key.startsWith(voteSessionKeyPrefix)) {
      const session = readVoteSession(key, value);
      if (session) voteSessions.push(session);
    } else {
      values.set(key, value);
    }
  }
  voteSessions.sort((a, b) =>
    a.startedAt !== b.startedAt
      ? a.startedAt - b.startedAt
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0,
  );
  return {
    agenda: readAgenda(values.get(facilitationKeys.agenda)),
    timer: readTimer(values.get(facilitationKeys.timer)),
    privateMode: readPrivateMode(values.get(facilitationKeys.privateMode)),
    follow: readFollow(values.get(facilitationKeys.follow)),
    voteSessions,
  };
}
