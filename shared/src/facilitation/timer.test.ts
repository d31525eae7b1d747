import { describe, expect, it } from 'vitest';
import type { FacilitationResult } from './facilitationRefusals.js';
import {
  addTimerTime,
  idleTimer,
  pauseTimer,
  resumeTimer,
  startTimer,
  stopTimer,
  type TimerState,
  timerEnded,
  timerMaxDurationMs,
  timerRemainingMs,
  timerStateSchema,
} from './timer.js';

function value<T>(result: FacilitationResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.value;
}

function code<T>(result: FacilitationResult<T>): string | undefined {
  return result.ok ? undefined : result.refusal.code;
}

const minute = 60_000;

describe('timer', () => {
  it('counts down from endsAt and ends without a tick', () => {
    const running = value(startTimer(5 * minute, 1_000, { phaseId: 'pilot', label: ' Ideas ' }));
    expect(running).toEqual({
      status: 'running',
      durationMs: 300_000,
      startedAt: 1_000,
      endsAt: 301_000,
      phaseId: 'pilot',
      label: 'Ideas',
    });
    expect(timerStateSchema.parse(running)).toEqual(running);
    expect(timerRemainingMs(running, 61_000)).toBe(240_000);
    expect(timerEnded(running, 300_999)).toBe(false);
    expect(timerEnded(running, 301_000)).toBe(true);
    expect(timerRemainingMs(running, 999_999)).toBe(0);
  });

  it('gives the right remaining time after a restart: the stored state is all it needs', () => {
    const running = value(startTimer(10 * minute, 0));
    const reloaded = timerStateSchema.parse(JSON.parse(JSON.stringify(running)));
    expect(timerRemainingMs(reloaded, 4 * minute)).toBe(6 * minute);
  });

  it('pauses and resumes with the time it had left', () => {
    const running = value(startTimer(5 * minute, 0));
    const paused = value(pauseTimer(running, 2 * minute));
    expect(paused).toMatchObject({ status: 'paused', remainingMs: 3 * minute });
    expect(timerRemainingMs(paused, 99 * minute)).toBe(3 * minute);
    const resumed = value(resumeTimer(paused, 10 * minute));
    expect(resumed).toMatchObject({
      status: 'running',
      endsAt: 13 * minute,
      durationMs: 5 * minute,
    });
  });

  it('adds time while running or paused, and takes time off down to zero', () => {
    const running = value(startTimer(5 * minute, 0));
    expect(value(addTimerTime(running, minute, minute))).toMatchObject({
      endsAt: 6 * minute,
      durationMs: 6 * minute,
    });
    const paused = value(pauseTimer(running, minute));
    expect(value(addTimerTime(paused, minute, 2 * minute))).toMatchObject({
      status: 'paused',
      remainingMs: 5 * minute,
    });
    expect(timerRemainingMs(value(addTimerTime(running, -10 * minute, minute)), minute)).toBe(0);
  });

  it('starts a fresh minute when time is added after the bell', () => {
    const running = value(startTimer(minute, 0));
    const more = value(addTimerTime(running, minute, 10 * minute));
    expect(more).toMatchObject({
      status: 'running',
      startedAt: 10 * minute,
      endsAt: 11 * minute,
      durationMs: minute,
    });
  });

  it('keeps a much-extended timer readable: the whole duration stays within 24 h', () => {
    let state = value(startTimer(timerMaxDurationMs, 0));
    for (let hour = 1; hour <= 3; hour++) {
      state = value(addTimerTime(state, 23 * 60 * minute, 23 * 60 * minute * hour));
      expect(timerStateSchema.safeParse(state).success).toBe(true);
    }
  });

  it('stops to idle', () => {
    expect(value(stopTimer(value(startTimer(minute, 0))))).toEqual(idleTimer);
  });

  it('refuses every action that does not fit the state', () => {
    const idle: TimerState = idleTimer;
    const running = value(startTimer(minute, 0));
    const paused = value(pauseTimer(running, 1_000));
    expect(code(pauseTimer(idle, 0))).toBe('timer.idle');
    expect(code(resumeTimer(idle, 0))).toBe('timer.idle');
    expect(code(addTimerTime(idle, minute, 0))).toBe('timer.idle');
    expect(code(stopTimer(idle))).toBe('timer.idle');
    expect(code(pauseTimer(paused, 0))).toBe('timer.notRunning');
    expect(code(pauseTimer(running, minute))).toBe('timer.notRunning');
    expect(code(resumeTimer(running, 0))).toBe('timer.notPaused');
  });

  it('refuses durations out of range, with the range as params', () => {
    const tooShort = startTimer(999, 0);
    expect(code(tooShort)).toBe('timer.invalidDuration');
    expect(tooShort.ok ? undefined : tooShort.refusal.params).toEqual({
      minMs: 1_000,
      maxMs: timerMaxDurationMs,
    });
    expect(code(startTimer(timerMaxDurationMs + 1, 0))).toBe('timer.invalidDuration');
    expect(code(startTimer(1_500.5, 0))).toBe('timer.invalidDuration');
    expect(code(startTimer(Number.NaN, 0))).toBe('timer.invalidDuration');
    const running = value(startTimer(timerMaxDurationMs, 0));
    expect(code(addTimerTime(running, 1, 0))).toBe('timer.invalidDuration');
    expect(code(addTimerTime(running, 0, 0))).toBe('timer.invalidDuration');
    expect(code(addTimerTime(running, 0.5, 0))).toBe('timer.invalidDuration');
  });
});
