import { z } from 'zod';
import type { RoomRole } from '../schema/roomAccess.js';
import {
  accepted,
  epochMsSchema,
  type FacilitationResult,
  facilitationIdMaxLength,
  facilitationIdSchema,
  refused,
} from './facilitationRefusals.js';

/**
 * Dot voting in sessions (Mural keeps each session's results apart).
 *
 * Two halves, kept apart because a Yjs update cannot be filtered per
 * reader: the public {@link VoteSession} goes into the board's shared
 * document and holds no per-voter data while it runs (nobody sees how
 * others voted until the reveal, and a running tally cannot herd votes),
 * and for an anonymous session never; the {@link Ballot}s (who voted
 * what) stay on the server and reach only their own voter.
 *
 * Results are split by group — the team (facilitator and participants)
 * and the customers (guests) — which none of the tools we compare with do.
 * With one or two customers the split tells which items they chose; the
 * facilitator should say so before an anonymous vote with few guests.
 */

/** Most votes one person may have in a session (Miro's cap). */
export const voteMaxVotesPerPerson = 99;

/** Most items a selection-scoped session may name. */
export const voteMaxSelectionItems = 500;

/** Longest session title. */
export const voteTitleMaxLength = 120;

/** Most items a result lists. */
export const voteMaxResultItems = 2_000;

/** Longest voter name in named results. */
export const voteVoterNameMaxLength = facilitationIdMaxLength;

/** What a session lets people vote on: chosen items, one template's notes, or a page. */
export const voteScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('selection'),
    itemIds: z.array(facilitationIdSchema).min(1).max(voteMaxSelectionItems),
  }),
  /** The template's shape id (`shape:…`): its child shapes are the items. */
  z.strictObject({ kind: z.literal('template'), templateId: facilitationIdSchema }),
  z.strictObject({ kind: z.literal('page'), pageId: facilitationIdSchema }),
]);

/** A validated vote scope. */
export type VoteScope = z.infer<typeof voteScopeSchema>;

/** How a session runs, as the facilitator set it up. */
export const voteSessionConfigSchema = z.strictObject({
  votesPerPerson: z.number().int().min(1).max(voteMaxVotesPerPerson),
  /** Whether a person may put several of their votes on one item. */
  allowMultiplePerItem: z.boolean(),
  /** Anonymous results name no voters, ever. */
  anonymous: z.boolean(),
  /** Time limit on the server clock; voting stops at this instant. */
  endsAt: epochMsSchema.nullable(),
  scope: voteScopeSchema,
  title: z.string().trim().min(1).max(voteTitleMaxLength).optional(),
});

/** A validated vote session config. */
export type VoteSessionConfig = z.infer<typeof voteSessionConfigSchema>;

/** Who a vote counts for in the split results. */
export const voteGroups = ['team', 'customers'] as const;

/** One of {@link voteGroups}. */
export const voteGroupSchema = z.enum(voteGroups);

/** A voter group: the team (facilitator, participants) or the customers (guests). */
export type VoteGroup = z.infer<typeof voteGroupSchema>;

/** How many people voted, per group. */
const voterCountsSchema = z.strictObject({
  team: z.number().int().min(0),
  customers: z.number().int().min(0),
});

/** One item's line in the results. */
export const voteItemResultSchema = z.strictObject({
  itemId: facilitationIdSchema,
  /** 1 for the most votes; tied items share a rank and the next rank skips (1, 1, 3). */
  rank: z.number().int().min(1),
  total: z.number().int().min(0),
  team: z.number().int().min(0),
  customers: z.number().int().min(0),
  /** Names of the people who voted on it, sorted; only in named sessions. */
  voters: z.array(z.string().max(voteVoterNameMaxLength)).optional(),
});

/** A validated item result. */
export type VoteItemResult = z.infer<typeof voteItemResultSchema>;

/** A session's results: items ranked by votes, and how many people voted. */
export const voteResultsSchema = z.strictObject({
  items: z.array(voteItemResultSchema).max(voteMaxResultItems),
  /** People who used at least one vote, per group. */
  voterCounts: voterCountsSchema,
});

/** Validated vote results. */
export type VoteResults = z.infer<typeof voteResultsSchema>;

/** Where a session is: taking votes, closed, or closed with results shown. */
export const voteSessionStatuses = ['running', 'ended', 'revealed'] as const;

/**
 * A session as the shared document holds it. Results appear only once
 * revealed, and never with voter names when the session is anonymous.
 */
export const voteSessionSchema = z
  .strictObject({
    id: facilitationIdSchema,
    config: voteSessionConfigSchema,
    status: z.enum(voteSessionStatuses),
    startedAt: epochMsSchema,
    endedAt: epochMsSchema.nullable(),
    results: voteResultsSchema.optional(),
  })
  .superRefine((session, context) => {
    if ((session.status === 'running') !== (session.endedAt === null)) {
      context.addIssue({ code: 'custom', message: 'only a running session lacks endedAt' });
    }
    if ((session.status === 'revealed') !== (session.results !== undefined)) {
      context.addIssue({ code: 'custom', message: 'results belong to revealed sessions only' });
    }
    if (session.config.anonymous && session.results?.items.some((item) => item.voters)) {
      context.addIssue({ code: 'custom', message: 'anonymous results must name no voters' });
    }
  });

/** A validated vote session. */
export type VoteSession = z.infer<typeof voteSessionSchema>;

/**
 * One person's votes in one session; server-only. `voterKey` is whatever
 * the server tells people apart by (participant id or connection), never
 * written to the shared document.
 */
export const ballotSchema = z.strictObject({
  voterKey: z.string().min(1).max(facilitationIdMaxLength),
  group: voteGroupSchema,
  /** Item ids, one entry per vote; an id repeats when the session allows several per item. */
  votes: z.array(facilitationIdSchema).max(voteMaxVotesPerPerson),
});

/** A validated ballot. */
export type Ballot = z.infer<typeof ballotSchema>;

/** The group a role votes in; a viewer does not vote. */
export function voteGroupOfRole(role: RoomRole): VoteGroup | undefined {
  switch (role) {
    case 'facilitator':
    case 'participant':
      return 'team';
    case 'guest':
      return 'customers';
    case 'viewer':
      return undefined;
  }
}

/** A ballot with no votes yet, for a person's first vote. */
export function newBallot(voterKey: string, group: VoteGroup): Ballot {
  return { voterKey, group, votes: [] };
}

/**
 * Whether the session takes votes at `now`: running and before its time
 * limit. A time-limited session stays `running` in the document until the
 * server ends it, but stops taking votes on the dot.
 */
export function isVoteSessionOpen(session: VoteSession, now: number): boolean {
  return (
    session.status === 'running' && (session.config.endsAt === null || now < session.config.endsAt)
  );
}

/**
 * Starts session `id` with `config` at `now`. Refused while another of
 * `otherSessions` is still open (votes would go to the wrong one), or when
 * the config is malformed or its time limit already past.
 */
export function startVoteSession(
  id: string,
  config: VoteSessionConfig,
  now: number,
  otherSessions: readonly VoteSession[] = [],
): FacilitationResult<VoteSession> {
  if (otherSessions.some((other) => isVoteSessionOpen(other, now))) {
    return refused('vote.sessionRunning', 'another vote session is running');
  }
  const parsed = voteSessionConfigSchema.safeParse(config);
  if (!parsed.success || !facilitationIdSchema.safeParse(id).success) {
    return refused('vote.invalidConfig', 'malformed vote session config');
  }
  if (parsed.data.endsAt !== null && parsed.data.endsAt <= now) {
    return refused('vote.invalidConfig', 'vote time limit already past');
  }
  return accepted({ id, config: parsed.data, status: 'running', startedAt: now, endedAt: null });
}

/** The session with `sessionId` among `sessions`; refused as `vote.noSession` if none. */
export function findVoteSession(
  sessions: Iterable<VoteSession>,
  sessionId: string,
): FacilitationResult<VoteSession> {
  for (const session of sessions) if (session.id === sessionId) return accepted(session);
  return refused('vote.noSession', `no vote session ${JSON.stringify(sessionId)}`);
}

function closedRefusal<T>(session: VoteSession): FacilitationResult<T> {
  return refused('vote.ended', `vote session ${JSON.stringify(session.id)} has ended`);
}

/** Votes still to use. */
export function remainingVotes(config: VoteSessionConfig, ballot: Ballot | undefined): number {
  return Math.max(0, config.votesPerPerson - (ballot?.votes.length ?? 0));
}

/**
 * Adds one vote on `itemId` to `ballot` (start from {@link newBallot}).
 * `isEligibleItem` is the server's check that the item exists and is in
 * the session's scope.
 */
export function castVote(
  session: VoteSession,
  ballot: Ballot,
  itemId: string,
  isEligibleItem: (itemId: string) => boolean,
  now: number,
): FacilitationResult<Ballot> {
  if (!isVoteSessionOpen(session, now)) return closedRefusal(session);
  if (!isEligibleItem(itemId)) {
    return refused('vote.unknownItem', `item ${JSON.stringify(itemId)} is not in the vote`);
  }
  if (remainingVotes(session.config, ballot) === 0) {
    return refused('vote.limit', 'no votes left', {
      votesPerPerson: session.config.votesPerPerson,
    });
  }
  if (!session.config.allowMultiplePerItem && ballot.votes.includes(itemId)) {
    return refused('vote.oneVotePerItem', 'one vote per item');
  }
  return accepted({ ...ballot, votes: [...ballot.votes, itemId] });
}

/** Takes one vote back from `itemId` while the session is open. */
export function retractVote(
  session: VoteSession,
  ballot: Ballot | undefined,
  itemId: string,
  now: number,
): FacilitationResult<Ballot> {
  if (!isVoteSessionOpen(session, now)) return closedRefusal(session);
  const index = ballot ? ballot.votes.lastIndexOf(itemId) : -1;
  if (!ballot || index < 0) {
    return refused('vote.notVoted', `no vote on ${JSON.stringify(itemId)} to take back`);
  }
  return accepted({ ...ballot, votes: ballot.votes.filter((_, i) => i !== index) });
}

/**
 * Closes a running session. A session past its time limit records the
 * limit as its end, not the later moment the server noticed.
 */
export function endVoteSession(session: VoteSession, now: number): FacilitationResult<VoteSession> {
  if (session.status !== 'running') return closedRefusal(session);
  const endsAt = session.config.endsAt;
  const endedAt = Math.max(session.startedAt, endsAt === null ? now : Math.min(now, endsAt));
  return accepted({ ...session, status: 'ended', endedAt });
}

/**
 * Shows the results of `ballots`: the session ends first if it still
 * runs. Named sessions list voters by `nameOf(voterKey)`.
 */
export function revealVoteSession(
  session: VoteSession,
  ballots: Iterable<Ballot>,
  now: number,
  nameOf?: (voterKey: string) => string,
): FacilitationResult<VoteSession> {
  if (session.status === 'revealed') {
    return refused('vote.alreadyRevealed', 'results already revealed');
  }
  const ended = session.status === 'running' ? endVoteSession(session, now) : accepted(session);
  if (!ended.ok) return ended;
  return accepted({
    ...ended.value,
    status: 'revealed',
    results: tallyVotes(session, ballots, nameOf),
  });
}

interface ItemTally {
  total: number;
  team: number;
  customers: number;
  voters: Set<string>;
}

/**
 * Counts `ballots`: items with votes, most first, ties in item id order so
 * every server ranks alike. Voter names (by `nameOf`, else the voter key)
 * appear only when the session is not anonymous.
 */
export function tallyVotes(
  session: VoteSession,
  ballots: Iterable<Ballot>,
  nameOf?: (voterKey: string) => string,
): VoteResults {
  const named = !session.config.anonymous;
  const tallies = new Map<string, ItemTally>();
  const voterCounts = { team: 0, customers: 0 };
  for (const ballot of ballots) {
    if (ballot.votes.length === 0) continue;
    voterCounts[ballot.group] += 1;
    const name = named ? (nameOf?.(ballot.voterKey) ?? ballot.voterKey) : undefined;
    for (const itemId of ballot.votes) {
      let tally = tallies.get(itemId);
      if (!tally) {
        tally = { total: 0, team: 0, customers: 0, voters: new Set() };
        tallies.set(itemId, tally);
      }
      tally.total += 1;
      tally[ballot.group] += 1;
      if (name !== undefined) tally.voters.add(name.slice(0, voteVoterNameMaxLength));
    }
  }
  const sorted = [...tallies].sort(([idA, a], [idB, b]) =>
    a.total !== b.total ? b.total - a.total : idA < idB ? -1 : idA > idB ? 1 : 0,
  );
  const items: VoteItemResult[] = [];
  sorted.slice(0, voteMaxResultItems).forEach(([itemId, tally], index) => {
    const previous = items[index - 1];
    const rank = previous && previous.total === tally.total ? previous.rank : index + 1;
    items.push({
      itemId,
      rank,
      total: tally.total,
      team: tally.team,
      customers: tally.customers,
      ...(named ? { voters: [...tally.voters].sort() } : {}),
    });
  });
  return { items, voterCounts };
}

/**
 * What the facilitator sees while a session runs: how many people have
 * voted at all, and how many have used every vote. No item counts, so it
 * may be shown without herding anyone.
 */
export function voteProgress(
  ballots: Iterable<Ballot>,
  votesPerPerson: number,
): { voters: number; finished: number } {
  let voters = 0;
  let finished = 0;
  for (const ballot of ballots) {
    if (ballot.votes.length === 0) continue;
    voters += 1;
    if (ballot.votes.length >= votesPerPerson) finished += 1;
  }
  return { voters, finished };
}
