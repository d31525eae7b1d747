import {
  type ControlAction,
  facilitationMapName,
  type RoomRole,
  type VoteSession,
  voteSessionKey,
} from '@kohtaamo/shared';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ControlChannel } from '../ControlChannel';
import { FacilitationState } from '../FacilitationState';
import { FakeControlProvider } from '../testControlProvider';
import { VoteTracker } from './VoteTracker';
import { VotingTools } from './VotingTools';
import type { VoteScopeTargets } from './voteStartConfig';

const now = 7_000_000;
const requests: ControlAction[] = [];
const control = {
  request: async (action: ControlAction) => {
    requests.push(action);
    return { ok: true } as const;
  },
  serverNow: () => now,
};
const noSelection: VoteScopeTargets = {
  selectedIds: [],
  templateId: null,
  pageId: 'page:page',
};

let doc: Y.Doc;
let state: FacilitationState;
let provider: FakeControlProvider;
let channel: ControlChannel;
let votes: VoteTracker;

beforeEach(() => {
  requests.length = 0;
  doc = new Y.Doc();
  state = new FacilitationState(doc);
  provider = new FakeControlProvider();
  channel = new ControlChannel(provider);
  provider.connect();
  votes = new VoteTracker(channel);
});

afterEach(() => {
  cleanup();
  votes.dispose();
  channel.dispose();
  state.dispose();
});

function renderTools(
  options: { role?: RoomRole | null; targets?: VoteScopeTargets; onShowResults?: () => void } = {},
) {
  return render(
    <VotingTools
      control={control}
      state={state}
      votes={votes}
      role={options.role === undefined ? 'facilitator' : options.role}
      locale="en"
      targets={options.targets ?? noSelection}
      onShowResults={options.onShowResults ?? (() => {})}
    />,
  );
}

function putSession(session: VoteSession) {
  act(() => {
    doc.getMap(facilitationMapName).set(voteSessionKey(session.id), session);
  });
}

const runningSession: VoteSession = {
  id: 'vote-1',
  status: 'running',
  startedAt: now - 1_000,
  endedAt: null,
  config: {
    votesPerPerson: 3,
    allowMultiplePerItem: false,
    anonymous: true,
    endsAt: null,
    scope: { kind: 'page', pageId: 'page:page' },
  },
};

describe('VotingTools: starting a vote', () => {
  it('starts an anonymous three-dot vote on the page by default', () => {
    renderTools();
    expect(
      (screen.getByRole('radio', { name: /The selected items/ }) as HTMLInputElement).disabled,
    ).toBe(true);
    expect((screen.getByRole('radio', { name: /this page/ }) as HTMLInputElement).checked).toBe(
      true,
    );
    fireEvent.click(screen.getByTestId('vote-start'));
    expect(requests).toEqual([
      {
        type: 'vote.start',
        config: {
          votesPerPerson: 3,
          allowMultiplePerItem: false,
          anonymous: true,
          endsAt: null,
          scope: { kind: 'page', pageId: 'page:page' },
        },
      },
    ]);
  });

  it('sends the selection with the options, time limit and title the facilitator chose', () => {
    renderTools({ targets: { ...noSelection, selectedIds: ['shape:a', 'shape:b'] } });
    fireEvent.click(screen.getByRole('radio', { name: 'The selected items (2)' }));
    fireEvent.change(screen.getByLabelText('Votes per person'), { target: { value: '5' } });
    fireEvent.click(screen.getByLabelText('One item may take several of a person’s votes'));
    fireEvent.click(screen.getByLabelText('Anonymous (the results name no voters)'));
    fireEvent.change(screen.getByLabelText('Time limit in minutes (optional)'), {
      target: { value: '3' },
    });
    fireEvent.change(screen.getByLabelText('Title (optional)'), { target: { value: 'Pains' } });
    fireEvent.click(screen.getByTestId('vote-start'));
    expect(requests).toEqual([
      {
        type: 'vote.start',
        config: {
          votesPerPerson: 5,
          allowMultiplePerItem: true,
          anonymous: false,
          endsAt: now + 180_000,
          scope: { kind: 'selection', itemIds: ['shape:a', 'shape:b'] },
          title: 'Pains',
        },
      },
    ]);
  });

  it('says what is wrong instead of sending', () => {
    renderTools();
    fireEvent.change(screen.getByLabelText('Votes per person'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('vote-start'));
    expect(screen.getByRole('alert').textContent).toBe(
      'Votes per person must be a whole number from 1 to 99.',
    );
    expect(requests).toEqual([]);
  });

  it('offers no start, end or reveal to anyone but the facilitator', () => {
    putSession(runningSession);
    const showResults = vi.fn();
    renderTools({ role: 'participant', onShowResults: showResults });
    expect(screen.queryByTestId('vote-start-form')).toBeNull();
    expect(screen.queryByTestId('vote-end')).toBeNull();
    expect(screen.queryByTestId('vote-progress')).toBeNull();
    fireEvent.click(screen.getByTestId('vote-show-results'));
    expect(showResults).toHaveBeenCalledOnce();
  });
});

describe('VotingTools: a running vote', () => {
  it('shows how many have voted and finished, never counts per item, and ends or reveals', () => {
    putSession(runningSession);
    renderTools();
    expect(screen.queryByTestId('vote-start-form')).toBeNull();
    expect(screen.getByTestId('vote-progress').textContent).toBe(
      '0 people have voted, 0 have used all votes',
    );
    act(
      () =>
        void provider.deliver({
          type: 'voteProgress',
          sessionId: 'vote-1',
          voters: 4,
          finished: 2,
        }),
    );
    expect(screen.getByTestId('vote-progress').textContent).toBe(
      '4 people have voted, 2 have used all votes',
    );
    // Progress of another session is not this one's.
    act(
      () =>
        void provider.deliver({ type: 'voteProgress', sessionId: 'old', voters: 9, finished: 9 }),
    );
    expect(screen.getByTestId('vote-progress').textContent).toContain('4 people');
    fireEvent.click(screen.getByTestId('vote-end'));
    fireEvent.click(screen.getByTestId('vote-reveal'));
    expect(requests).toEqual([
      { type: 'vote.end', sessionId: 'vote-1' },
      { type: 'vote.reveal', sessionId: 'vote-1' },
    ]);
  });

  it('offers to reveal an ended vote beside the form for the next one', () => {
    putSession({ ...runningSession, status: 'ended', endedAt: now });
    renderTools();
    expect(screen.getByTestId('vote-start-form')).toBeTruthy();
    fireEvent.click(screen.getByTestId('vote-reveal'));
    expect(requests).toEqual([{ type: 'vote.reveal', sessionId: 'vote-1' }]);
  });
});
