import type { ControlAction, RoomRole } from '@kohtaamo/shared';
import { phaseTitle } from '@kohtaamo/shared';
import { type JSX, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useValue } from 'tldraw';
import type { KeyValueStorage } from '../app/browserStorage';
import type { Locale } from '../i18n/messages';
import { AgendaPanel } from './AgendaPanel';
import type { ControlChannel } from './ControlChannel';
import { readTimerSoundMuted, writeTimerSoundMuted } from './endSignal';
import { canFacilitate } from './FacilitationContext';
import type { FacilitationState } from './FacilitationState';
import { translator } from './facilitationText';
import { PrivateRoundControls } from './privateNotes/PrivateRoundControls';
import { type OwnView, SummonControls } from './SummonControls';
import { TimerControls } from './TimerControls';
import { TimerDisplay } from './TimerDisplay';
import { useTimerClock } from './useTimerClock';

/** Props of {@link SessionBar}. */
export interface SessionBarProps {
  readonly control: Pick<ControlChannel, 'request' | 'serverNow' | '$clockOffset'>;
  readonly state: FacilitationState;
  readonly role: RoomRole | null;
  readonly storage: KeyValueStorage;
  readonly locale: Locale;
  /** Plays the end sound (see `TimerEndSound`); silent when absent. */
  readonly playEndSound?: () => void;
  /** The facilitator's current view, for summoning (absent without an editor). */
  readonly getView?: () => OwnView;
  /** Inserts a template on the board (absent where the board cannot be edited). */
  readonly onInsertTemplate?: (templateId: string) => void;
  /** The dot voting section of the tools panel (see `voting/VotingTools`). */
  readonly votingTools?: ReactNode;
  readonly tickMs?: number;
}

/**
 * The workshop's bar above the canvas, for everyone: the current phase and
 * the shared timer (with its end signal and a personal mute), and behind
 * one button the agenda and, for the facilitator, the timer, agenda,
 * summon and private round controls. Compact enough for a phone: phase, time and the button.
 */
export function SessionBar(props: SessionBarProps): JSX.Element {
  const { control, state, role, storage, locale } = props;
  const t = translator(locale);
  const facilitator = canFacilitate(role);
  const timer = useValue('kohtaamo.sessionBar.timer', () => state.$timer.get(), [state]);
  const agenda = useValue('kohtaamo.sessionBar.agenda', () => state.$agenda.get(), [state]);
  const follow = useValue('kohtaamo.sessionBar.follow', () => state.$follow.get(), [state]);
  const currentPhase = useValue('kohtaamo.sessionBar.phase', () => state.$currentPhase.get(), [
    state,
  ]);
  const [muted, setMuted] = useState(() => readTimerSoundMuted(storage));
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const playEndSound = props.playEndSound;
  const serverNow = useCallback(() => control.serverNow(), [control]);
  const onEnd = useCallback(() => {
    if (!mutedRef.current) playEndSound?.();
  }, [playEndSound]);
  const isClockReady = useCallback(() => control.$clockOffset.get() !== null, [control]);
  const clock = useTimerClock(timer, serverNow, onEnd, props.tickMs, isClockReady);
  const request = useCallback((action: ControlAction) => void control.request(action), [control]);

  const toggleMute = () => {
    const next = !muted;
    setMuted(next);
    writeTimerSoundMuted(storage, next);
  };

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggleRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <section className="kohtaamo-session" aria-label={t('facil.bar.label')}>
      <div className="kohtaamo-session-bar">
        <p className="kohtaamo-session-phase" data-testid="session-phase">
          <span className="visually-hidden">{t('facil.phase.label')}: </span>
          {currentPhase ? phaseTitle(currentPhase, locale) : t('facil.phase.none')}
        </p>
        <TimerDisplay timer={timer} clock={clock} locale={locale} />
        <button
          type="button"
          className="kohtaamo-facil-button is-icon kohtaamo-session-mute"
          aria-pressed={muted}
          aria-label={t('facil.timer.mute')}
          title={muted ? t('facil.timer.soundOff') : t('facil.timer.soundOn')}
          onClick={toggleMute}
        >
          <SpeakerIcon muted={muted} />
        </button>
        {/* Named by its text, hidden on a phone but read (WCAG 2.5.3); aria-expanded says the rest. */}
        <button
          ref={toggleRef}
          type="button"
          className="kohtaamo-facil-button kohtaamo-session-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          data-testid="session-tools-toggle"
          onClick={() => setOpen((value) => !value)}
        >
          <span className="kohtaamo-session-toggle-text">
            {facilitator ? t('facil.bar.tools') : t('facil.agenda.open')}
          </span>
          <span aria-hidden="true">{open ? '▴' : '▾'}</span>
        </button>
      </div>
      {open && (
        <div id={panelId} className="kohtaamo-session-panel" data-testid="session-panel">
          {facilitator && (
            <>
              <TimerControls
                timer={timer}
                ended={clock.ended}
                currentPhase={currentPhase}
                locale={locale}
                request={request}
              />
              {props.getView && (
                <SummonControls
                  follow={follow}
                  locale={locale}
                  getView={props.getView}
                  request={request}
                />
              )}
              <PrivateRoundControls
                $privateMode={state.$privateMode}
                locale={locale}
                request={request}
              />
            </>
          )}
          {props.votingTools}
          <h2 className="kohtaamo-facil-heading">{t('facil.agenda.title')}</h2>
          <AgendaPanel
            agenda={agenda}
            locale={locale}
            canEdit={facilitator}
            serverNow={serverNow}
            request={request}
            onInsertTemplate={props.onInsertTemplate}
          />
        </div>
      )}
    </section>
  );
}

function SpeakerIcon(props: { muted: boolean }): JSX.Element {
  return (
    <svg className="kohtaamo-facil-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {props.muted ? (
        <path d="M16 9l5 6M21 9l-5 6" stroke="currentColor" strokeWidth="2" fill="none" />
      ) : (
        <path
          d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12"
          stroke="currentColor"
          strokeWidth="2"
          fill="none"
        />
      )}
    </svg>
  );
}
