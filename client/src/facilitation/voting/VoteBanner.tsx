import { isVoteSessionOpen } from '@kohtaamo/shared';
import { type JSX, useCallback, useId, useRef, useState } from 'react';
import { useEditor, useValue } from 'tldraw';
import type { Translate } from '../../i18n/refusalMessage';
import { useEditorMessages } from '../../shapes/template/useEditorMessages';
import { useFacilitation } from '../FacilitationContext';
import { formatRemaining } from '../facilitationText';
import { useTimerClock } from '../useTimerClock';
import { mayAddVote, ownVotesOn, type RunningVote, useRunningVote } from './useVoting';
import { VoteItemButtons } from './VoteItemButtons';
import { newestRevealedSession, voteItemIds, voteItemLabel } from './voteItems';

/** Props of {@link VoteBanner}. */
export interface VoteBannerProps {
  readonly resultsOpen: boolean;
  onToggleResults(): void;
  /** Countdown tick; tests shorten it. */
  readonly tickMs?: number;
}

/**
 * The bar under the session bar while a vote runs: what to do and how many
 * votes are left (from the server's latest `ballot`), the time limit
 * counting down on the server clock, and a list of the items with labelled
 * buttons for voting by keyboard or on a small screen. Once results are
 * out and no vote runs, a button to show them. Nothing otherwise.
 */
export function VoteBanner(props: VoteBannerProps): JSX.Element | null {
  const facilitation = useFacilitation();
  const vote = useRunningVote();
  const { t } = useEditorMessages();
  const revealed = useValue('kohtaamo.vote.bannerRevealed', () => {
    const sessions = facilitation?.state.$voteSessions.get() ?? [];
    return sessions.at(-1)?.status === 'revealed' ? newestRevealedSession(sessions) : undefined;
  }, [facilitation]);
  if (!facilitation) return null;
  if (vote) {
    const control = facilitation.control;
    return <RunningBanner vote={vote} serverNow={() => control.serverNow()} t={t} {...props} />;
  }
  if (!revealed) return null;
  return (
    <section
      className="kohtaamo-vote-banner"
      aria-label={t('vote.banner.label')}
      data-testid="vote-banner"
      data-state="revealed"
    >
      <p className="kohtaamo-vote-banner-text">{t('vote.banner.resultsReady')}</p>
      <button
        type="button"
        className="kohtaamo-facil-button is-primary"
        aria-expanded={props.resultsOpen}
        data-testid="vote-banner-results"
        onClick={props.onToggleResults}
      >
        {props.resultsOpen ? t('vote.hideResults') : t('vote.showResults')}
      </button>
    </section>
  );
}

function RunningBanner(
  props: VoteBannerProps & {
    vote: RunningVote;
    serverNow: () => number;
    t: Translate;
  },
): JSX.Element {
  const { vote, t } = props;
  const { session, ballot } = vote;
  const serverNowRef = useRef(props.serverNow);
  serverNowRef.current = props.serverNow;
  const serverNow = useCallback(() => serverNowRef.current(), []);
  const endsAt = session.config.endsAt;
  const clock = useTimerClock(
    endsAt === null
      ? { status: 'idle' }
      : {
          status: 'running',
          durationMs: endsAt - session.startedAt,
          startedAt: session.startedAt,
          endsAt,
        },
    serverNow,
    noop,
    props.tickMs,
  );
  const open = isVoteSessionOpen(session, serverNow());
  const [listOpen, setListOpen] = useState(false);
  const listId = useId();
  const remaining =
    ballot.remaining === 1
      ? t('vote.banner.remainingOne')
      : t('vote.banner.remaining', { count: ballot.remaining });
  return (
    <section
      className="kohtaamo-vote-banner"
      aria-label={t('vote.banner.label')}
      data-testid="vote-banner"
      data-state={open ? 'running' : 'closed'}
      data-remaining={vote.voter ? ballot.remaining : undefined}
    >
      <div className="kohtaamo-vote-banner-row">
        {session.config.title && (
          <strong className="kohtaamo-vote-banner-title">{session.config.title}</strong>
        )}
        <p className="kohtaamo-vote-banner-text" aria-live="polite">
          {!open
            ? t('vote.banner.closed')
            : vote.voter
              ? `${t('vote.banner.instructions')} — ${remaining}`
              : t('vote.banner.watching')}
        </p>
        {endsAt !== null && open && (
          <span className="kohtaamo-vote-countdown" data-testid="vote-countdown">
            <span className="visually-hidden">{t('vote.banner.timeLeft')}: </span>
            {formatRemaining(clock.remainingMs)}
          </span>
        )}
        {vote.voter && open && (
          <button
            type="button"
            className="kohtaamo-facil-button"
            aria-expanded={listOpen}
            aria-controls={listId}
            data-testid="vote-list-toggle"
            onClick={() => setListOpen((value) => !value)}
          >
            {listOpen ? t('vote.banner.listClose') : t('vote.banner.list')}
          </button>
        )}
      </div>
      {listOpen && vote.voter && open && <VoteItemList id={listId} vote={vote} t={t} />}
    </section>
  );
}

function noop(): void {}

/** Most items the list shows; a bigger scope is voted on the canvas. */
const listMaxItems = 200;

/** Every item of the running vote with its text and dot buttons: the keyboard's way to vote. */
function VoteItemList(props: { id: string; vote: RunningVote; t: Translate }): JSX.Element {
  const { vote, t } = props;
  const editor = useEditor();
  const items = useValue(
    'kohtaamo.vote.listItems',
    () =>
      voteItemIds(editor, vote.session.config.scope)
        .slice(0, listMaxItems)
        .map((id) => ({ id, label: voteItemLabel(editor, id, t) })),
    [editor, vote.session.config.scope, t],
  );
  if (items.length === 0) {
    return (
      <p id={props.id} className="kohtaamo-facil-note">
        {t('vote.list.empty')}
      </p>
    );
  }
  return (
    <ul
      id={props.id}
      className="kohtaamo-vote-list"
      aria-label={t('vote.list.label')}
      data-testid="vote-item-list"
    >
      {items.map(({ id, label }) => {
        const own = ownVotesOn(vote.ballot, id);
        return (
          <li key={id} className="kohtaamo-vote-list-item">
            <span className="kohtaamo-vote-list-text">{label}</span>
            <span className="kohtaamo-vote-list-buttons">
              <VoteItemButtons
                shapeId={id}
                label={label}
                own={own}
                canAdd={mayAddVote(vote, own, true)}
                canRetract
                t={t}
                onAdd={() => vote.cast(id)}
                onRetract={() => vote.retract(id)}
              />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
