import { type TimerState, timerRemainingMs } from '@kohtaamo/shared';
import { useEffect, useRef, useState } from 'react';

/** What a countdown shows at the current tick. */
export interface TimerClock {
  readonly remainingMs: number;
  /** A running timer has reached zero (it stays so until stopped or extended). */
  readonly ended: boolean;
  /** Local time (ms) the end was seen on this client, for the short pulse; null if not seen. */
  readonly endSeenAt: number | null;
}

/**
 * The remaining time of `timer` on the server clock, re-read every
 * `tickMs` while it runs. `onEnd` is called once per countdown, when this
 * client sees it reach zero having seen it above zero: a joiner who
 * arrives after the end, or a reload, gets no second bell. Time left is
 * only counted as seen once `isClockReady` (the server clock has been
 * estimated): a device clock that is behind would otherwise show time
 * left on a countdown that has ended, and ring when the estimate arrives.
 */
export function useTimerClock(
  timer: TimerState,
  serverNow: () => number,
  onEnd: () => void,
  tickMs = 250,
  isClockReady: () => boolean = () => true,
): TimerClock {
  const [, setTick] = useState(0);
  const seen = useRef<{ endsAt: number; sawRunning: boolean; endSeenAt: number | null } | null>(
    null,
  );
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const isReady = useRef(isClockReady);
  isReady.current = isClockReady;
  const remainingMs = timerRemainingMs(timer, serverNow());
  const endsAt = timer.status === 'running' ? timer.endsAt : null;

  useEffect(() => {
    if (endsAt === null) {
      seen.current = null;
      return;
    }
    const check = () => {
      const left = Math.max(0, endsAt - serverNow());
      if (seen.current?.endsAt !== endsAt) {
        seen.current = { endsAt, sawRunning: false, endSeenAt: null };
      }
      const entry = seen.current;
      if (left > 0) entry.sawRunning ||= isReady.current();
      else if (entry.sawRunning && entry.endSeenAt === null) {
        entry.endSeenAt = Date.now();
        onEndRef.current();
      }
      setTick((tick) => tick + 1);
    };
    check();
    const interval = setInterval(check, tickMs);
    return () => clearInterval(interval);
  }, [endsAt, serverNow, tickMs]);

  return {
    remainingMs,
    ended: timer.status === 'running' && remainingMs === 0,
    endSeenAt: endsAt !== null && seen.current?.endsAt === endsAt ? seen.current.endSeenAt : null,
  };
}
