import { describe, expect, it } from 'vitest';
import type { FacilitationResult } from './facilitationRefusals.js';
import {
  type Ballot,
  castVote,
  endVoteSession,
  findVoteSession,
  isVoteSessionOpen,
  newBallot,
  remainingVotes,
  retractVote,
  revealVoteSession,
  startVoteSession,
  tallyVotes,
  type VoteSession,
  type VoteSessionConfig,
  voteGroupOfRole,
  voteProgress,
  voteSessionSchema,
} from './voting.js';

function value<T>(result: FacilitationResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.value;
}

function code<T>(result: FacilitationResult<T>): string | undefined {
  return result.ok ? undefined : result.refusal.code;
}

const items = new Set(['shape:a', 'shape:b', 'shape:c']);
const eligible = (id: string) => items.has(id);

function config(overrides: Partial<VoteSessionConfig> = {}): VoteSessionConfig {
  return {
    votesPerPerson: 3,
    allowMultiplePerItem: false,
    anonymous: false,
    endsAt: null,
    scope: { kind: 'selection', itemIds: [...items] },
    ...overrides,
  };
}

function session(overrides: Partial<VoteSessionConfig> = {}): VoteSession {
  return value(startVoteSession('v1', config(overrides), 1_000));
}

function cast(s: VoteSession, ballot: Ballot, ...ids: string[]): Ballot {
  return ids.reduce((b, id) => value(castVote(s, b, id, eligible, 2_000)), ballot);
}

describe('voteGroupOfRole', () => {
  it('puts facilitators and participants in the team, guests with the customers', () => {
    expect(voteGroupOfRole('facilitator')).toBe('team');
    expect(voteGroupOfRole('participant')).toBe('team');
    expect(voteGroupOfRole('guest')).toBe('customers');
    expect(voteGroupOfRole('viewer')).toBeUndefined();
  });
});

describe('startVoteSession', () => {
  it('starts a running session with no per-voter data', () => {
    const s = session();
    expect(s).toEqual({
      id: 'v1',
      config: config(),
      status: 'running',
      startedAt: 1_000,
      endedAt: null,
    });
    expect(voteSessionSchema.parse(s)).toEqual(s);
  });

  it('refuses while another session is open, a past time limit and a bad config', () => {
    expect(code(startVoteSession('v2', config(), 2_000, [session()]))).toBe('vote.sessionRunning');
    const timedOut = session({ endsAt: 1_500 });
    expect(code(startVoteSession('v2', config(), 2_000, [timedOut]))).toBeUndefined();
    expect(code(startVoteSession('v2', config({ endsAt: 2_000 }), 2_000))).toBe(
      'vote.invalidConfig',
    );
    expect(code(startVoteSession('v2', config({ votesPerPerson: 100 }), 0))).toBe(
      'vote.invalidConfig',
    );
    expect(code(startVoteSession('v2', config({ votesPerPerson: 0 }), 0))).toBe(
      'vote.invalidConfig',
    );
    expect(
      code(startVoteSession('v2', config({ scope: { kind: 'selection', itemIds: [] } }), 0)),
    ).toBe('vote.invalidConfig');
  });
});

describe('castVote and retractVote', () => {
  it('adds votes up to the limit and counts what remains', () => {
    const s = session();
    const ballot = cast(s, newBallot('k1', 'team'), 'shape:a', 'shape:b');
    expect(ballot.votes).toEqual(['shape:a', 'shape:b']);
    expect(remainingVotes(s.config, ballot)).toBe(1);
    expect(remainingVotes(s.config, undefined)).toBe(3);
    const full = cast(s, ballot, 'shape:c');
    const over = castVote(s, full, 'shape:a', eligible, 2_000);
    expect(code(over)).toBe('vote.limit');
    expect(over.ok ? undefined : over.refusal.params).toEqual({ votesPerPerson: 3 });
  });

  it('refuses a second vote on one item unless the session allows several', () => {
    const once = cast(session(), newBallot('k1', 'team'), 'shape:a');
    expect(code(castVote(session(), once, 'shape:a', eligible, 2_000))).toBe('vote.oneVotePerItem');
    const multi = session({ allowMultiplePerItem: true });
    expect(cast(multi, newBallot('k1', 'team'), 'shape:a', 'shape:a', 'shape:a').votes).toEqual([
      'shape:a',
      'shape:a',
      'shape:a',
    ]);
  });

  it('refuses an item outside the vote', () => {
    expect(code(castVote(session(), newBallot('k', 'team'), 'shape:x', eligible, 2_000))).toBe(
      'vote.unknownItem',
    );
  });

  it('refuses votes after the end, by the facilitator or the time limit', () => {
    const ended = value(endVoteSession(session(), 3_000));
    expect(code(castVote(ended, newBallot('k', 'team'), 'shape:a', eligible, 3_001))).toBe(
      'vote.ended',
    );
    const limited = session({ endsAt: 5_000 });
    expect(isVoteSessionOpen(limited, 4_999)).toBe(true);
    expect(isVoteSessionOpen(limited, 5_000)).toBe(false);
    expect(code(castVote(limited, newBallot('k', 'team'), 'shape:a', eligible, 5_000))).toBe(
      'vote.ended',
    );
    const ballot = cast(limited, newBallot('k', 'team'), 'shape:a');
    expect(code(retractVote(limited, ballot, 'shape:a', 5_000))).toBe('vote.ended');
  });

  it('takes one vote back from an item, and refuses when there is none', () => {
    const multi = session({ allowMultiplePerItem: true });
    const ballot = cast(multi, newBallot('k', 'team'), 'shape:a', 'shape:b', 'shape:a');
    expect(value(retractVote(multi, ballot, 'shape:a', 2_000)).votes).toEqual([
      'shape:a',
      'shape:b',
    ]);
    expect(code(retractVote(multi, ballot, 'shape:c', 2_000))).toBe('vote.notVoted');
    expect(code(retractVote(multi, undefined, 'shape:a', 2_000))).toBe('vote.notVoted');
  });
});

describe('endVoteSession and revealVoteSession', () => {
  it('ends at the time limit when the server notices late, and only once', () => {
    const ended = value(endVoteSession(session({ endsAt: 5_000 }), 9_000));
    expect(ended).toMatchObject({ status: 'ended', endedAt: 5_000 });
    expect(voteSessionSchema.safeParse(ended).success).toBe(true);
    expect(code(endVoteSession(ended, 10_000))).toBe('vote.ended');
  });

  it('reveals a running session by ending it, and refuses a second reveal', () => {
    const s = session();
    const ballots = [cast(s, newBallot('k1', 'team'), 'shape:a')];
    const revealed = value(revealVoteSession(s, ballots, 4_000, () => 'Aino'));
    expect(revealed.status).toBe('revealed');
    expect(revealed.endedAt).toBe(4_000);
    expect(revealed.results?.items).toEqual([
      { itemId: 'shape:a', rank: 1, total: 1, team: 1, customers: 0, voters: ['Aino'] },
    ]);
    expect(voteSessionSchema.parse(revealed)).toEqual(revealed);
    expect(code(revealVoteSession(revealed, ballots, 5_000))).toBe('vote.alreadyRevealed');
  });
});

describe('tallyVotes', () => {
  const multi = session({ allowMultiplePerItem: true, votesPerPerson: 5 });
  const ballots: Ballot[] = [
    cast(multi, newBallot('k1', 'team'), 'shape:c', 'shape:c', 'shape:a'),
    cast(multi, newBallot('k2', 'customers'), 'shape:b', 'shape:c'),
    cast(multi, newBallot('k3', 'customers'), 'shape:a', 'shape:b'),
    newBallot('k4', 'team'),
  ];

  it('ranks by total with ties by item id sharing a rank, split by group', () => {
    const names: Record<string, string> = { k1: 'Aino', k2: 'Bea', k3: 'Cai' };
    const results = tallyVotes(multi, ballots, (key) => names[key] ?? key);
    expect(results).toEqual({
      items: [
        { itemId: 'shape:c', rank: 1, total: 3, team: 2, customers: 1, voters: ['Aino', 'Bea'] },
        { itemId: 'shape:a', rank: 2, total: 2, team: 1, customers: 1, voters: ['Aino', 'Cai'] },
        { itemId: 'shape:b', rank: 2, total: 2, team: 0, customers: 2, voters: ['Bea', 'Cai'] },
      ],
      voterCounts: { team: 1, customers: 2 },
    });
    expect(tallyVotes(multi, [...ballots].reverse(), (key) => names[key] ?? key)).toEqual(results);
  });

  it('names no voter, by key or by name, in an anonymous session', () => {
    const anonymous = session({ allowMultiplePerItem: true, votesPerPerson: 5, anonymous: true });
    const results = tallyVotes(anonymous, ballots, () => 'Secret Name');
    const json = JSON.stringify(results);
    for (const secret of ['k1', 'k2', 'k3', 'k4', 'Secret Name', 'voters"']) {
      expect(json).not.toContain(secret);
    }
    expect(results.items.map((item) => item.total)).toEqual([3, 2, 2]);
    const revealed = value(revealVoteSession(anonymous, ballots, 9_000, () => 'Secret Name'));
    expect(JSON.stringify(revealed)).not.toMatch(/k1|k2|k3|Secret Name/);
  });

  it('rejects, on read, anonymous results that name voters and results before the reveal', () => {
    const anonymous = session({ anonymous: true });
    const leaky = {
      ...anonymous,
      status: 'revealed',
      endedAt: 2_000,
      results: {
        items: [{ itemId: 'shape:a', rank: 1, total: 1, team: 1, customers: 0, voters: ['k1'] }],
        voterCounts: { team: 1, customers: 0 },
      },
    };
    expect(voteSessionSchema.safeParse(leaky).success).toBe(false);
    expect(
      voteSessionSchema.safeParse({
        ...session(),
        results: { items: [], voterCounts: leaky.results.voterCounts },
      }).success,
    ).toBe(false);
  });
});

describe('voteProgress', () => {
  it('counts people who voted and people who used every vote', () => {
    const s = session({ votesPerPerson: 2 });
    const ballots = [
      cast(s, newBallot('k1', 'team'), 'shape:a', 'shape:b'),
      cast(s, newBallot('k2', 'team'), 'shape:a'),
      newBallot('k3', 'customers'),
    ];
    expect(voteProgress(ballots, 2)).toEqual({ voters: 2, finished: 1 });
  });
});

describe('findVoteSession', () => {
  it('finds by id, and refuses an unknown id', () => {
    const s = session();
    expect(value(findVoteSession([s], 'v1'))).toBe(s);
    expect(code(findVoteSession([s], 'v2'))).toBe('vote.noSession');
  });
});
