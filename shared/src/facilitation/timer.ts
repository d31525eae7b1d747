import { z } from 'zod';
import {
  accepted,
  epochMsSchema,
  type FacilitationResult,
  facilitationIdSchema,
  refused,
} from './facilitationRefusals.js';

/**
 * The room's one shared countdown, kept by the server (as Miro and Mural
 * do) in the public document. A running timer stores when it ends on the
 * server clock, not how much is left: every client computes the rest from
 * its estimate of server time, and after a server restart the stored
 * `endsAt` still gives the right remaining time with nothing to resume.
 */

/** Shortest countdown: one second. */
export const timerMinDurationMs = 1_000;

/** Longest countdown, also the most that may remain after adding time: 24 hours. */
export const timerMaxDurationMs = 24 * 60 * 60_000;

/** Longest timer label. */
export const timerLabelMaxLength = 120;

/** A countdown length in milliseconds: 1 s–24 h. */
export const timerDurationSchema = z.number().int().min(timerMinDurationMs).max(timerMaxDurationMs);

/** What the timer is for, shown beside it: a phase it was started from, and/or a label. */
const timerOrigin = {
  phaseId: facilitationIdSchema.optional(),
  label: z.string().trim().min(1).max(timerLabelMaxLength).optional(),
};

/**
 * The timer as stored. `durationMs` is the whole countdown including time
 * added since, so a client can draw progress as 1 − remaining / duration.
 */
export const timerStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('idle') }),
  z.strictObject({
    status: z.literal('running'),
    durationMs: z.number().int().min(0).max(timerMaxDurationMs),
    startedAt: epochMsSchema,
    endsAt: epochMsSchema,
    ...timerOrigin,
  }),
  z.strictObject({
    status: z.literal('paused'),
    durationMs: z.number().int().min(0).max(timerMaxDurationMs),
    remainingMs: z.number().int().min(0).max(timerMaxDurationMs),
    ...timerOrigin,
  }),
]);

/** A validated timer state. */
export type TimerState = z.infer<typeof timerStateSchema>;

/** Where a started timer comes from; both optional. */
export interface TimerOrigin {
  readonly phaseId?: string;
  readonly label?: string;
}

/** The timer of a new board. */
export const idleTimer: TimerState = Object.freeze({ status: 'idle' });

function invalidDuration<T>(reason: string): FacilitationResult<T> {
  return refused('timer.invalidDuration', reason, {
    minMs: timerMinDurationMs,
    maxMs: timerMaxDurationMs,
  });
}

/** The origin without empty members; an over-long label is cut rather than refused. */
function originOf(state: TimerOrigin): TimerOrigin {
  const label = state.label?.trim().slice(0, timerLabelMaxLength);
  return {
    ...(state.phaseId === undefined ? {} : { phaseId: state.phaseId }),
    ...(label ? { label } : {}),
  };
}

/** Milliseconds left at `now`; never negative, 0 when idle. */
export function timerRemainingMs(state: TimerState, now: number): number {
  switch (state.status) {
    case 'idle':
      return 0;
    case 'running':
      return Math.max(0, state.endsAt - now);
    case 'paused':
      return state.remainingMs;
  }
}

/**
 * Whether a running timer has run out at `now`. It stays `running` in the
 * document (no server tick is needed to end it); clients ring when this
 * turns true.
 */
export function timerEnded(state: TimerState, now: number): boolean {
  return state.status === 'running' && now >= state.endsAt;
}

/**
 * Starts a countdown of `durationMs` (1 s–24 h) at `now`. Starting while
 * one runs replaces it: the facilitator restarts by starting again.
 */
export function startTimer(
  durationMs: number,
  now: number,
  origin: TimerOrigin = {},
): FacilitationResult<TimerState> {
  if (!timerDurationSchema.safeParse(durationMs).success) {
    return invalidDuration('timer duration out of range');
  }
  return accepted({
    status: 'running',
    durationMs,
    startedAt: now,
    endsAt: now + durationMs,
    ...originOf(origin),
  });
}

/** Freezes the remaining time; refused when idle, paused or already run out. */
export function pauseTimer(state: TimerState, now: number): FacilitationResult<TimerState> {
  if (state.status === 'idle') return refused('timer.idle', 'no timer to pause');
  if (state.status === 'paused' || timerEnded(state, now)) {
    return refused('timer.notRunning', 'timer is not running');
  }
  return accepted({
    status: 'paused',
    durationMs: state.durationMs,
    remainingMs: timerRemainingMs(state, now),
    ...originOf(state),
  });
}

/** Runs a paused timer on from `now` with the time it had left. */
export function resumeTimer(state: TimerState, now: number): FacilitationResult<TimerState> {
  if (state.status === 'idle') return refused('timer.idle', 'no timer to resume');
  if (state.status !== 'paused') return refused('timer.notPaused', 'timer is not paused');
  return accepted({
    status: 'running',
    durationMs: state.durationMs,
    startedAt: now,
    endsAt: now + state.remainingMs,
    ...originOf(state),
  });
}

/**
 * Adds `ms` (negative takes time off, never below zero left) to a running
 * or paused timer. A timer that has run out starts a new countdown of
 * `ms` from `now` — the "one more minute" button after the bell. Refused
 * when idle, for zero or non-integer `ms`, or when more than 24 h would
 * remain.
 */
export function addTimerTime(
  state: TimerState,
  ms: number,
  now: number,
): FacilitationResult<TimerState> {
  if (state.status === 'idle') return refused('timer.idle', 'no timer to add time to');
  if (!Number.isInteger(ms) || ms === 0 || Math.abs(ms) > timerMaxDurationMs) {
    return invalidDuration('added time out of range');
  }
  const ended = timerEnded(state, now);
  const remaining = Math.max(0, timerRemainingMs(state, now) + ms);
  if (remaining > timerMaxDurationMs) return invalidDuration('more than 24 h would remain');
  // Capped at the longest countdown: repeated additions to a long timer must
  // not grow a stored value past what the schema reads back.
  const durationMs = ended
    ? remaining
    : Math.min(timerMaxDurationMs, Math.max(remaining, state.durationMs + ms));
  if (state.status === 'paused') {
    return accepted({ ...state, durationMs, remainingMs: remaining });
  }
  return accepted({
    ...state,
    durationMs,
    startedAt: ended ? now : state.startedAt,
    endsAt: now + remaining,
  });
}

/** Clears the timer; refused when it is already idle. */
export function stopTimer(state: TimerState): FacilitationResult<TimerState> {
  if (state.status === 'idle') return refused('timer.idle', 'no timer to stop');
  return accepted(idleTimer);
}
