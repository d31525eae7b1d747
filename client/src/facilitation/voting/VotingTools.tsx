import {
  type ControlAction,
  type RoomRole,
  type VoteSession,
  voteMaxVotesPerPerson,
  voteTitleMaxLength,
} from '@kohtaamo/shared';
import { type FormEvent, type JSX, useId, useState } from 'react';
import { useValue } from 'tldraw';
import type { Locale } from '../../i18n/messages';
import type { ControlChannel } from '../ControlChannel';
import { canFacilitate } from '../FacilitationContext';
import type { FacilitationState } from '../FacilitationState';
import { translator } from '../facilitationText';
import type { VoteTracker } from './VoteTracker';
import {
  buildVoteConfig,
  defaultVoteStartForm,
  type VoteScopeChoice,
  type VoteScopeTargets,
  type VoteStartForm,
} from './voteStartConfig';

/** Props of {@link VotingTools}. */
export interface VotingToolsProps {
  readonly control: Pick<ControlChannel, 'request' | 'serverNow'>;
  readonly state: FacilitationState;
  readonly votes: Pick<VoteTracker, '$progress'>;
  readonly role: RoomRole | null;
  readonly locale: Locale;
  /** What each scope would take on the board now. */
  readonly targets: VoteScopeTargets;
  /** Opens the results panel. */
  onShowResults(): void;
}

/**
 * The "Dot voting" section of the session tools. The facilitator starts a
 * vote here (scope, votes per person, several per item, anonymous, time
 * limit, title), follows a running one by how many have voted (never by
 * item), and ends it or reveals its results. Everyone can open the
 * results from here.
 */
export function VotingTools(props: VotingToolsProps): JSX.Element {
  const { control, state, role, locale } = props;
  const t = translator(locale);
  const sessions = useValue('kohtaamo.votingTools.sessions', () => state.$voteSessions.get(), [
    state,
  ]);
  const facilitator = canFacilitate(role);
  const running = sessions.findLast((session) => session.status === 'running');
  const unrevealed = sessions.findLast((session) => session.status === 'ended');
  const request = (action: ControlAction) => void control.request(action);
  const headingId = useId();
  return (
    <section
      className="kohtaamo-facil-section"
      aria-labelledby={headingId}
      data-testid="vote-tools"
    >
      <h2 id={headingId} className="kohtaamo-facil-heading">
        {t('vote.title')}
      </h2>
      {facilitator && running && (
        <RunningVoteControls session={running} {...props} request={request} />
      )}
      {facilitator && !running && unrevealed && (
        <div className="kohtaamo-facil-row">
          <span>{sessionName(unrevealed, t, locale)}</span>
          <button
            type="button"
            className="kohtaamo-facil-button is-primary"
            data-testid="vote-reveal"
            onClick={() => request({ type: 'vote.reveal', sessionId: unrevealed.id })}
          >
            {t('vote.reveal')}
          </button>
        </div>
      )}
      {facilitator && !running && <VoteStartFormView {...props} request={request} />}
      {sessions.length > 0 && (
        <div className="kohtaamo-facil-row">
          <button
            type="button"
            className="kohtaamo-facil-button"
            data-testid="vote-show-results"
            onClick={props.onShowResults}
          >
            {t('vote.showResults')}
          </button>
        </div>
      )}
      {!facilitator && sessions.length === 0 && (
        <p className="kohtaamo-facil-note">{t('vote.results.empty')}</p>
      )}
    </section>
  );
}

/** A session's name in lists: its title, or when it started. */
export function sessionName(
  session: VoteSession,
  t: ReturnType<typeof translator>,
  locale?: Locale,
): string {
  if (session.config.title) return session.config.title;
  const time = new Date(session.startedAt).toLocaleTimeString(locale === 'fi' ? 'fi-FI' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return t('vote.results.untitledSession', { time });
}

function RunningVoteControls(
  props: VotingToolsProps & { session: VoteSession; request(action: ControlAction): void },
): JSX.Element {
  const { session, votes, request } = props;
  const t = translator(props.locale);
  const progress = useValue(
    'kohtaamo.votingTools.progress',
    () => votes.$progress.get().get(session.id) ?? { voters: 0, finished: 0 },
    [votes, session.id],
  );
  return (
    <div className="kohtaamo-vote-running">
      <p className="kohtaamo-facil-note" data-testid="vote-progress" aria-live="polite">
        {t('vote.progress', { voters: progress.voters, finished: progress.finished })}
      </p>
      <div className="kohtaamo-facil-row">
        <button
          type="button"
          className="kohtaamo-facil-button"
          data-testid="vote-end"
          onClick={() => request({ type: 'vote.end', sessionId: session.id })}
        >
          {t('vote.end')}
        </button>
        <button
          type="button"
          className="kohtaamo-facil-button is-primary"
          data-testid="vote-reveal"
          onClick={() => request({ type: 'vote.reveal', sessionId: session.id })}
        >
          {t('vote.reveal')}
        </button>
      </div>
    </div>
  );
}

const scopeChoices: readonly VoteScopeChoice[] = ['selection', 'template', 'page'];

function VoteStartFormView(
  props: VotingToolsProps & { request(action: ControlAction): void },
): JSX.Element {
  const { targets, control, request } = props;
  const t = translator(props.locale);
  const [form, setForm] = useState<VoteStartForm>(defaultVoteStartForm);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const errorId = `${id}-error`;
  const update = (patch: Partial<VoteStartForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setError(null);
  };
  const available: Record<VoteScopeChoice, boolean> = {
    selection: targets.selectedIds.length > 0,
    template: targets.templateId !== null,
    page: true,
  };
  const scopeLabel: Record<VoteScopeChoice, string> = {
    selection: available.selection
      ? t('vote.start.scopeSelection', { count: targets.selectedIds.length })
      : t('vote.start.scopeSelectionNone'),
    template: available.template
      ? t('vote.start.scopeTemplate')
      : t('vote.start.scopeTemplateNone'),
    page: t('vote.start.scopePage'),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildVoteConfig(form, targets, control.serverNow());
    if (!built.ok) {
      setError(t(built.error));
      return;
    }
    request({ type: 'vote.start', config: built.config });
  };
  return (
    <form
      className="kohtaamo-vote-start"
      onSubmit={submit}
      data-testid="vote-start-form"
      noValidate
    >
      <fieldset className="kohtaamo-facil-section">
        <legend>{t('vote.start.scope')}</legend>
        {scopeChoices.map((choice) => (
          <label key={choice} className="kohtaamo-vote-choice">
            <input
              type="radio"
              name={`${id}-scope`}
              value={choice}
              checked={form.scope === choice}
              disabled={!available[choice]}
              onChange={() => update({ scope: choice })}
            />
            {scopeLabel[choice]}
          </label>
        ))}
      </fieldset>
      <div className="kohtaamo-facil-row">
        <label htmlFor={`${id}-votes`}>{t('vote.start.votesPerPerson')}</label>
        <input
          id={`${id}-votes`}
          className="kohtaamo-facil-input kohtaamo-facil-minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={voteMaxVotesPerPerson}
          step={1}
          value={form.votesPerPerson}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => update({ votesPerPerson: event.target.value })}
        />
      </div>
      <label className="kohtaamo-vote-choice">
        <input
          type="checkbox"
          checked={form.allowMultiplePerItem}
          onChange={(event) => update({ allowMultiplePerItem: event.target.checked })}
        />
        {t('vote.start.multiplePerItem')}
      </label>
      <label className="kohtaamo-vote-choice">
        <input
          type="checkbox"
          checked={form.anonymous}
          onChange={(event) => update({ anonymous: event.target.checked })}
        />
        {t('vote.start.anonymous')}
      </label>
      <div className="kohtaamo-facil-row">
        <label htmlFor={`${id}-minutes`}>{t('vote.start.minutes')}</label>
        <input
          id={`${id}-minutes`}
          className="kohtaamo-facil-input kohtaamo-facil-minutes"
          type="number"
          inputMode="decimal"
          min={0.1}
          max={1440}
          step="any"
          value={form.minutes}
          onChange={(event) => update({ minutes: event.target.value })}
        />
      </div>
      <div className="kohtaamo-facil-row">
        <label htmlFor={`${id}-title`}>{t('vote.start.titleLabel')}</label>
        <input
          id={`${id}-title`}
          className="kohtaamo-facil-input kohtaamo-vote-title-input"
          type="text"
          maxLength={voteTitleMaxLength}
          value={form.title}
          onChange={(event) => update({ title: event.target.value })}
        />
      </div>
      {error && (
        <p id={errorId} className="kohtaamo-vote-error" role="alert">
          {error}
        </p>
      )}
      <div className="kohtaamo-facil-row">
        <button type="submit" className="kohtaamo-facil-button is-primary" data-testid="vote-start">
          {t('vote.start.submit')}
        </button>
      </div>
    </form>
  );
}
