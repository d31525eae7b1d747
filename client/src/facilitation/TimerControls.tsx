import {
  type AgendaPhase,
  type ControlAction,
  type TimerState,
  timerMaxDurationMs,
} from '@kohtaamo/shared';
import { type FormEvent, type JSX, useId, useState } from 'react';
import type { Locale } from '../i18n/messages';
import { translator } from './facilitationText';

/** Props of {@link TimerControls}. */
export interface TimerControlsProps {
  readonly timer: TimerState;
  /** Whether the countdown has reached zero (it is still `running` in the document). */
  readonly ended: boolean;
  readonly currentPhase: AgendaPhase | null;
  readonly locale: Locale;
  request(action: ControlAction): void;
}

/** One-click lengths, in minutes. */
export const timerPresetMinutes = [1, 3, 5, 10] as const;

/**
 * The facilitator's timer: start from minutes, a preset or the current
 * phase's timebox; pause, resume, one more minute, stop.
 */
export function TimerControls(props: TimerControlsProps): JSX.Element {
  const { timer, ended, currentPhase, request } = props;
  const t = translator(props.locale);
  const [minutes, setMinutes] = useState('5');
  const inputId = useId();
  const start = (durationMs: number) => request({ type: 'timer.start', durationMs });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(minutes.replace(',', '.'));
    if (!Number.isFinite(value) || value <= 0) return;
    start(Math.min(timerMaxDurationMs, Math.max(1_000, Math.round(value * 60) * 1_000)));
  };
  return (
    <fieldset className="kohtaamo-facil-section">
      <legend>{t('facil.timer.controls')}</legend>
      <form className="kohtaamo-facil-row" onSubmit={submit}>
        <label htmlFor={inputId}>{t('facil.timer.minutes')}</label>
        <input
          id={inputId}
          className="kohtaamo-facil-input kohtaamo-facil-minutes"
          type="number"
          inputMode="decimal"
          min={0.1}
          max={1440}
          step="any"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <button type="submit" className="kohtaamo-facil-button is-primary">
          {t('facil.timer.start')}
        </button>
      </form>
      <div className="kohtaamo-facil-row">
        {timerPresetMinutes.map((preset) => (
          <button
            key={preset}
            type="button"
            className="kohtaamo-facil-button"
            aria-label={t('facil.timer.startMinutes', { minutes: preset })}
            onClick={() => start(preset * 60_000)}
          >
            {t('facil.timer.preset', { minutes: preset })}
          </button>
        ))}
        {currentPhase?.timeboxMs !== undefined && currentPhase !== null && (
          <button
            type="button"
            className="kohtaamo-facil-button"
            onClick={() => request({ type: 'timer.start', fromPhase: currentPhase.id })}
          >
            {t('facil.timer.startPhase', {
              minutes: Math.round(currentPhase.timeboxMs / 60_000),
            })}
          </button>
        )}
      </div>
      {timer.status !== 'idle' && (
        <div className="kohtaamo-facil-row">
          {timer.status === 'running' && !ended && (
            <button
              type="button"
              className="kohtaamo-facil-button"
              onClick={() => request({ type: 'timer.pause' })}
            >
              {t('facil.timer.pause')}
            </button>
          )}
          {timer.status === 'paused' && (
            <button
              type="button"
              className="kohtaamo-facil-button"
              onClick={() => request({ type: 'timer.resume' })}
            >
              {t('facil.timer.resume')}
            </button>
          )}
          <button
            type="button"
            className="kohtaamo-facil-button"
            aria-label={t('facil.timer.addMinuteLabel')}
            onClick={() => request({ type: 'timer.addTime', ms: 60_000 })}
          >
            {t('facil.timer.addMinute')}
          </button>
          <button
            type="button"
            className="kohtaamo-facil-button"
            aria-label={t('facil.timer.stopLabel')}
            onClick={() => request({ type: 'timer.stop' })}
          >
            {t('facil.timer.stop')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
