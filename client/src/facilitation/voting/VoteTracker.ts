import { atom, type Signal } from 'tldraw';
import type { ControlChannel, ServerMessageOf } from '../ControlChannel';

/** This person's own votes in one session, as the server last told them. */
export interface OwnBallot {
  /** Item ids, one entry per vote; an id repeats when the session allows several per item. */
  readonly votes: readonly string[];
  readonly remaining: number;
}

/** How far a running session has got, as facilitators are told: no counts per item. */
export interface VoteProgressCount {
  readonly voters: number;
  readonly finished: number;
}

/**
 * Keeps the vote notices of the control channel as signals: the person's
 * own ballot per session (`ballot`, sent only to the voter, again on every
 * connection) and, for a facilitator, each session's progress
 * (`voteProgress`). Lives as long as the board session, so notices that
 * arrive before any voting UI is shown are not lost.
 */
export class VoteTracker {
  /** Own ballots by session id. */
  readonly $ballots: Signal<ReadonlyMap<string, OwnBallot>>;
  /** Progress by session id; empty for anyone but a facilitator. */
  readonly $progress: Signal<ReadonlyMap<string, VoteProgressCount>>;

  private readonly ballots = atom<ReadonlyMap<string, OwnBallot>>(
    'kohtaamo.votes.ballots',
    new Map(),
  );
  private readonly progress = atom<ReadonlyMap<string, VoteProgressCount>>(
    'kohtaamo.votes.progress',
    new Map(),
  );
  private readonly stops: (() => void)[];

  constructor(control: Pick<ControlChannel, 'on'>) {
    this.$ballots = this.ballots;
    this.$progress = this.progress;
    this.stops = [
      control.on('ballot', (message) => this.onBallot(message)),
      control.on('voteProgress', (message) => this.onProgress(message)),
    ];
  }

  /** Stops listening to the channel. */
  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private onBallot(message: ServerMessageOf<'ballot'>): void {
    const next = new Map(this.ballots.get());
    next.set(message.sessionId, { votes: message.votes, remaining: message.remaining });
    this.ballots.set(next);
  }

  private onProgress(message: ServerMessageOf<'voteProgress'>): void {
    const next = new Map(this.progress.get());
    next.set(message.sessionId, { voters: message.voters, finished: message.finished });
    this.progress.set(next);
  }
}
