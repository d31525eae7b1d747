import type { TimerState } from '@kohtaamo/shared';
import type { JSX } from 'react';
import type { Locale } from '../i18n/messages';
import { formatRemaining, translator } from './facilitationText';
import type { TimerClock } from './useTimerClock';

/** Props of {@link TimerDisplay}. */
export interface TimerDisplayProps {
  readonly timer: TimerState;
  /** The countdown at this tick, from `useTimerClock` on the server clock. */
  readonly clock: TimerClock;
  readonly locale: Locale;
}

/**
 * The shared countdown: remaining time, "Paused", and at zero a
 * highlighted "Time's up" that pulses for a few seconds (not with reduced
 * motion) and is announced to screen readers once. Nothing while idle.
 */
export function TimerDisplay(props: TimerDisplayProps): JSX.Element | null {
  const { timer, clock, locale } = props;
  const t = translator(locale);
  const status = clock.ended ? 'ended' : timer.status;
  return (
    <div
      className={`kohtaamo-timer is-${status}${clock.endSeenAt !== null ? ' is-pulsing' : ''}`}
      data-status={status}
    >
      {timer.status !== 'idle' && (
        <>
          <span className="visually-hidden">{t('facil.timer.label')}</span>
          <span
            className="kohtaamo-timer-remaining"
            data-testid="timer-remaining"
            data-remaining-ms={Math.round(clock.remainingMs)}
          >
            {formatRemaining(clock.remainingMs)}
          </span>
          {timer.status === 'paused' && (
            <span className="kohtaamo-timer-badge">{t('facil.timer.paused')}</span>
          )}
          {clock.ended && (
            <span className="kohtaamo-timer-badge is-ended" data-testid="timer-ended">
              {t('facil.timer.ended')}
            </span>
          )}
        </>
      )}
      <span className="visually-hidden" role="status" aria-live="assertive">
        {clock.endSeenAt !== null ? t('facil.timer.endedAnnouncement') : ''}
      </span>
    </div>
  );
}
