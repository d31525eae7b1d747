import { defaultAgenda, facilitationMapName, voteSessionKey } from '@kohtaamo/shared';
import { react } from 'tldraw';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FacilitationState } from './FacilitationState';

const running = { status: 'running', durationMs: 60_000, startedAt: 1_000, endsAt: 61_000 };

describe('FacilitationState', () => {
  it('reads the defaults from a board that never used the toolkit', () => {
    const state = new FacilitationState(new Y.Doc());
    expect(state.$agenda.get()).toEqual(defaultAgenda());
    expect(state.$timer.get()).toEqual({ status: 'idle' });
    expect(state.$follow.get()).toEqual({ status: 'off' });
    expect(state.$voteSessions.get()).toEqual([]);
    expect(state.$currentPhase.get()).toBeNull();
  });

  it('reads what is already in the document and follows its changes', () => {
    const doc = new Y.Doc();
    const map = doc.getMap(facilitationMapName);
    map.set('timer', running);
    const state = new FacilitationState(doc);
    expect(state.$timer.get()).toEqual(running);

    map.set('agenda', {
      ...defaultAgenda(),
      currentPhaseId: 'pilot',
      spans: [{ phaseId: 'pilot', startedAt: 5, endedAt: null }],
    });
    expect(state.$currentPhase.get()?.id).toBe('pilot');
    map.set('follow', { status: 'on', userId: 'user:f', startedAt: 9 });
    expect(state.$follow.get()).toMatchObject({ status: 'on', userId: 'user:f' });
    map.set('timer', { status: 'bogus' });
    expect(state.$timer.get()).toEqual({ status: 'idle' });
    state.dispose();
    map.set('timer', running);
    expect(state.$timer.get()).toEqual({ status: 'idle' });
  });

  it('reads vote sessions by key and skips malformed ones', () => {
    const doc = new Y.Doc();
    const state = new FacilitationState(doc);
    const map = doc.getMap(facilitationMapName);
    const session = (id: string, startedAt: number) => ({
      id,
      config: {
        votesPerPerson: 3,
        allowMultiplePerItem: false,
        anonymous: true,
        endsAt: null,
        scope: { kind: 'page', pageId: 'page:page' },
      },
      status: 'running',
      startedAt,
      endedAt: null,
    });
    map.set(voteSessionKey('s1'), { id: 's1', nonsense: true });
    expect(state.$voteSessions.get()).toEqual([]);
    map.set(voteSessionKey('late'), session('late', 20));
    map.set(voteSessionKey('early'), session('early', 10));
    // A session stored under another session's key is not read.
    map.set(voteSessionKey('other'), session('s2', 5));
    expect(state.$voteSessions.get().map((s) => s.id)).toEqual(['early', 'late']);
  });

  it('changes one part without touching the others', () => {
    const doc = new Y.Doc();
    const state = new FacilitationState(doc);
    let agendaRuns = 0;
    const stop = react('agenda', () => {
      state.$agenda.get();
      agendaRuns++;
    });
    doc.getMap(facilitationMapName).set('timer', running);
    expect(agendaRuns).toBe(1);
    stop();
  });
});
