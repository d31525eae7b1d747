import { describe, expect, it } from 'vitest';
import { defaultAgenda, setCurrentPhase } from './agenda.js';
import {
  defaultFacilitationState,
  facilitationKeys,
  facilitationMapName,
  followOff,
  readAgenda,
  readFacilitationState,
  readFollow,
  readPrivateMode,
  readTimer,
  readVoteSession,
  voteSessionIdOfKey,
  voteSessionKey,
} from './facilitationState.js';
import { defaultPrivateMode } from './privateRound.js';
import { idleTimer, startTimer } from './timer.js';
import { startVoteSession, type VoteSession } from './voting.js';

function session(id: string, startedAt: number): VoteSession {
  const result = startVoteSession(
    id,
    {
      votesPerPerson: 3,
      allowMultiplePerItem: false,
      anonymous: true,
      endsAt: null,
      scope: { kind: 'page', pageId: 'page:1' },
    },
    startedAt,
  );
  if (!result.ok) throw new Error(result.refusal.code);
  return result.value;
}

describe('facilitation state in the document', () => {
  it('names its map and keys', () => {
    expect(facilitationMapName).toBe('facilitation');
    expect(facilitationKeys).toEqual({
      agenda: 'agenda',
      timer: 'timer',
      privateMode: 'privateMode',
      follow: 'follow',
    });
    expect(voteSessionKey('abc')).toBe('vote:abc');
    expect(voteSessionIdOfKey('vote:abc')).toBe('abc');
    expect(voteSessionIdOfKey('vote:')).toBeUndefined();
    expect(voteSessionIdOfKey('agenda')).toBeUndefined();
  });

  it('reads an empty map as the defaults', () => {
    expect(defaultFacilitationState()).toEqual({
      agenda: defaultAgenda(),
      timer: idleTimer,
      privateMode: defaultPrivateMode(),
      follow: followOff,
      voteSessions: [],
    });
  });

  it('reads malformed values as the defaults without throwing', () => {
    for (const bad of [undefined, null, 42, 'x', [], { phases: 'no' }, { status: 'flying' }]) {
      expect(readAgenda(bad)).toEqual(defaultAgenda());
      expect(readTimer(bad)).toEqual(idleTimer);
      expect(readPrivateMode(bad)).toEqual(defaultPrivateMode());
      expect(readFollow(bad)).toEqual(followOff);
      expect(readVoteSession('vote:v1', bad)).toBeUndefined();
    }
    expect(readTimer({ status: 'running', durationMs: 1, startedAt: 0, endsAt: 1, x: 1 })).toEqual(
      idleTimer,
    );
  });

  it('reads stored values back after a JSON round trip', () => {
    const agenda = setCurrentPhase(defaultAgenda(), 'pilot', 5);
    const timer = startTimer(60_000, 5);
    if (!agenda.ok || !timer.ok) throw new Error('setup');
    const follow = { status: 'on', userId: 'user:f', startedAt: 9, pageId: 'page:1' } as const;
    const entries: [string, unknown][] = [
      ['agenda', agenda.value],
      ['timer', timer.value],
      ['follow', follow],
      ['vote:b', session('b', 20)],
      ['vote:a', session('a', 20)],
      ['vote:old', session('old', 10)],
      ['vote:mismatch', session('other', 1)],
      ['somethingNew', { from: 'the future' }],
    ];
    const state = readFacilitationState(JSON.parse(JSON.stringify(entries)));
    expect(state.agenda).toEqual(agenda.value);
    expect(state.timer).toEqual(timer.value);
    expect(state.follow).toEqual(follow);
    expect(state.privateMode).toEqual(defaultPrivateMode());
    expect(state.voteSessions.map((s) => s.id)).toEqual(['old', 'a', 'b']);
  });
});
