import { z } from 'zod';
import { type Refusal, refusal } from '../protocol/refusals.js';

/**
 * Every reason the facilitator toolkit refuses a control action, one code
 * per distinct refusal. The client shows `refusal.<code>` in fi/en; the
 * comment after each code names the params its message may use.
 */
export const facilitationRefusalCodes = [
  /** The frame or its JSON does not match the control contract. */
  'control.malformed',
  /** The action's `type` is not one this server knows (a newer client). */
  'control.unknownAction',
  /** Only a facilitator may do this. */
  'control.facilitatorOnly',
  /** A viewer link may not act on the board. */
  'control.viewerReadOnly',
  /** The phase id names no phase of the agenda. */
  'agenda.unknownPhase',
  /** A whole agenda (`agenda.set`) breaks a rule: duplicate phase ids or none. */
  'agenda.invalid',
  /** Adding would exceed the phase cap; params `maxPhases`. */
  'agenda.tooManyPhases',
  /** A new phase id is already taken. */
  'agenda.duplicatePhase',
  /** A title is empty or too long after trimming; params `maxLength`. */
  'agenda.invalidTitle',
  /** A timebox is out of range; params `minMs`, `maxMs`. */
  'agenda.invalidTimebox',
  /** The template id names no template of this build. */
  'agenda.unknownTemplate',
  /** `timer.start` from a phase that has no timebox. */
  'agenda.noTimebox',
  /** The timer is not set (pause, resume, add time or stop of nothing). */
  'timer.idle',
  /** Pause of a timer that is paused or has run out. */
  'timer.notRunning',
  /** Resume of a timer that is not paused. */
  'timer.notPaused',
  /** A duration or added time is out of range; params `minMs`, `maxMs`. */
  'timer.invalidDuration',
  /** The vote session id names no session. */
  'vote.noSession',
  /** The session has ended (by the facilitator or its time limit). */
  'vote.ended',
  /** The voter has used all votes; params `votesPerPerson`. */
  'vote.limit',
  /** The item is not one the session lets people vote on. */
  'vote.unknownItem',
  /** The session allows one vote per item and the voter has one there. */
  'vote.oneVotePerItem',
  /** Retract from an item the voter has not voted on. */
  'vote.notVoted',
  /** Another vote session is still running. */
  'vote.sessionRunning',
  /** Results are already revealed. */
  'vote.alreadyRevealed',
  /** A vote config breaks a rule (time limit already past, empty scope). */
  'vote.invalidConfig',
  /** The connection proved no participant (no key), so its votes could not be told apart. */
  'vote.noIdentity',
  /** Reveal of a private round when private mode is off. */
  'private.off',
  /** Start of a private round while one is on. */
  'private.alreadyOn',
  /** This server does not run private rounds yet. */
  'private.unavailable',
] as const;

/** One of {@link facilitationRefusalCodes}. */
export type FacilitationRefusalCode = (typeof facilitationRefusalCodes)[number];

/** A refusal of the facilitator toolkit. */
export type FacilitationRefusal = Refusal<FacilitationRefusalCode>;

/**
 * What a facilitation reducer returns: the new value, or a refusal the
 * server sends back as data instead of throwing.
 */
export type FacilitationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly refusal: FacilitationRefusal };

/** A successful {@link FacilitationResult}. */
export function accepted<T>(value: T): FacilitationResult<T> {
  return { ok: true, value };
}

/** A refused {@link FacilitationResult}; see {@link refusal} for the arguments. */
export function refused<T = never>(
  code: FacilitationRefusalCode,
  reason: string,
  params?: Readonly<Record<string, string | number>>,
): FacilitationResult<T> {
  return { ok: false, refusal: refusal(code, reason, params) };
}

/** Longest id (phase, vote session, item, user, page) in facilitation state and messages. */
export const facilitationIdMaxLength = 200;

/**
 * An id in facilitation state: a phase, vote session, board item, tldraw
 * user or page. tldraw ids look like `shape:abc`, and application-chosen
 * ids may hold other printable characters, so only length and control
 * characters are restricted: enough to keep frames small and logs clean.
 */
export const facilitationIdSchema = z
  .string()
  .min(1, 'id must not be empty')
  .max(facilitationIdMaxLength, `id must be at most ${facilitationIdMaxLength} characters`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'id must not contain control characters');

/** A server-clock instant in epoch milliseconds, as stored and sent. */
export const epochMsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
