import type { VoteSession } from '@kohtaamo/shared';
import { useCallback } from 'react';
import { useValue } from 'tldraw';
import { useFacilitation } from '../FacilitationContext';
import type { OwnBallot } from './VoteTracker';
import { mayVote, runningSession } from './voteItems';

/** What the voting UI on the board needs about the session that takes votes now. */
export interface RunningVote {
  readonly session: VoteSession;
  /** Whether this person votes (not a viewer). */
  readonly voter: boolean;
  /** The person's own ballot; before the server's first word, no votes and all left. */
  readonly ballot: OwnBallot;
  /** Sends `vote.cast`; a refusal shows as the control channel's toast. */
  cast(itemId: string): void;
  /** Sends `vote.retract`. */
  retract(itemId: string): void;
}

/**
 * The running vote as seen from this board, or `null` when none runs or
 * outside a board session. Re-renders on the session, the ballot and the
 * role, not on the clock.
 */
export function useRunningVote(): RunningVote | null {
  const facilitation = useFacilitation();
  const session = useValue(
    'kohtaamo.vote.running',
    () => (facilitation ? runningSession(facilitation.state.$voteSessions.get()) : undefined),
    [facilitation],
  );
  const ballot = useValue(
    'kohtaamo.vote.ballot',
    () => (session ? facilitation?.votes.$ballots.get().get(session.id) : undefined),
    [facilitation, session?.id],
  );
  const control = facilitation?.control;
  const sessionId = session?.id;
  const cast = useCallback(
    (itemId: string) => {
      if (control && sessionId) void control.request({ type: 'vote.cast', sessionId, itemId });
    },
    [control, sessionId],
  );
  const retract = useCallback(
    (itemId: string) => {
      if (control && sessionId) void control.request({ type: 'vote.retract', sessionId, itemId });
    },
    [control, sessionId],
  );
  if (!facilitation || !session) return null;
  return {
    session,
    voter: mayVote(facilitation.role),
    ballot: ballot ?? { votes: [], remaining: session.config.votesPerPerson },
    cast,
    retract,
  };
}

/** How many of `ballot`'s votes are on `itemId`. */
export function ownVotesOn(ballot: OwnBallot, itemId: string): number {
  let count = 0;
  for (const vote of ballot.votes) if (vote === itemId) count += 1;
  return count;
}

/** Whether one more vote may go on an item that has `own` of the person's votes. */
export function mayAddVote(vote: RunningVote, own: number, open: boolean): boolean {
  return (
    open &&
    vote.voter &&
    vote.ballot.remaining > 0 &&
    (vote.session.config.allowMultiplePerItem || own === 0)
  );
}
