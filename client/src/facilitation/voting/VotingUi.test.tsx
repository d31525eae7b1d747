import '../../canvas/testSetup';
import {
  type ControlAction,
  facilitationMapName,
  type RoomRole,
  type VoteSession,
  voteSessionKey,
} from '@kohtaamo/shared';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { type JSX, useState } from 'react';
import { EditorProvider } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../../app/browserStorage';
import { ControlChannel } from '../ControlChannel';
import { FacilitationContext, type FacilitationContextValue } from '../FacilitationContext';
import { FacilitationState } from '../FacilitationState';
import { FakeControlProvider } from '../testControlProvider';
import { VoteCanvasControls } from './VoteCanvasControls';
import { VoteResultBadges } from './VoteResultBadges';
import { VoteTracker } from './VoteTracker';
import { VotingTopArea } from './VotingUi';
import { createVotingTestBoard, type VotingTestBoard } from './votingTestBoard';

let board: VotingTestBoard;
let provider: FakeControlProvider;
let control: ControlChannel;
let doc: Y.Doc;
let state: FacilitationState;
let votes: VoteTracker;

beforeEach(() => {
  board = createVotingTestBoard();
  board.editor.zoomToFit();
  provider = new FakeControlProvider();
  control = new ControlChannel(provider);
  provider.connect();
  doc = new Y.Doc();
  state = new FacilitationState(doc);
  votes = new VoteTracker(control);
});

afterEach(() => {
  cleanup();
  votes.dispose();
  control.dispose();
  state.dispose();
  board.editor.dispose();
});

function Board(props: { role: RoomRole | null }): JSX.Element {
  const [resultsOpen, setResultsOpen] = useState(false);
  const value: FacilitationContextValue = {
    control,
    state,
    votes,
    role: props.role,
    storage: createMemoryStorage(),
  };
  return (
    <EditorProvider editor={board.editor}>
      <FacilitationContext.Provider value={value}>
        <VotingTopArea resultsOpen={resultsOpen} setResultsOpen={setResultsOpen} />
        <VoteCanvasControls />
        <VoteResultBadges />
      </FacilitationContext.Provider>
    </EditorProvider>
  );
}

const renderBoard = (role: RoomRole | null = 'participant') => render(<Board role={role} />);

function putSession(session: VoteSession) {
  act(() => {
    doc.getMap(facilitationMapName).set(voteSessionKey(session.id), session);
  });
}

function running(patch: Partial<VoteSession['config']> = {}, id = 'vote-1'): VoteSession {
  return {
    id,
    status: 'running',
    startedAt: 1_000,
    endedAt: null,
    config: {
      votesPerPerson: 3,
      allowMultiplePerItem: false,
      anonymous: true,
      endsAt: null,
      scope: { kind: 'selection', itemIds: [board.loose[0], board.loose[1]] },
      ...patch,
    },
  };
}

function revealed(anonymous = true, id = 'vote-0'): VoteSession {
  const session = running({ anonymous }, id);
  return {
    ...session,
    status: 'revealed',
    endedAt: 2_000,
    results: {
      items: [
        {
          itemId: board.loose[1],
          rank: 1,
          total: 3,
          team: 1,
          customers: 2,
          ...(anonymous ? {} : { voters: ['Aino', 'Bertta', 'Fanni'] }),
        },
        {
          itemId: board.loose[0],
          rank: 2,
          total: 1,
          team: 1,
          customers: 0,
          ...(anonymous ? {} : { voters: ['Fanni'] }),
        },
      ],
      voterCounts: { team: 1, customers: 2 },
    },
  };
}

/** Zooms to the two loose notes at 100 %, where each has room for its dot control. */
function showLooseNotes(): void {
  board.editor.select(...board.loose);
  const bounds = board.editor.getSelectionPageBounds();
  board.editor.selectNone();
  if (!bounds) throw new Error('no loose notes');
  board.editor.zoomToBounds(bounds, { targetZoom: 1 });
}

const deliver = (message: unknown) => act(() => void provider.deliver(message));
const sentActions = (): ControlAction[] => provider.sent.map((request) => request.action);
const controlOf = (id: string) =>
  document.querySelector<HTMLElement>(`[data-testid="vote-item-control"][data-shape-id="${id}"]`);

describe('voting on the board', () => {
  it('shows votes left from the server’s ballot in the banner', () => {
    putSession(running());
    renderBoard();
    const banner = screen.getByTestId('vote-banner');
    expect(banner.textContent).toContain('Vote: add dots with “+ dot” on the notes — 3 votes left');
    deliver({ type: 'ballot', sessionId: 'vote-1', votes: [board.loose[0]], remaining: 2 });
    expect(banner.textContent).toContain('2 votes left');
    deliver({
      type: 'ballot',
      sessionId: 'vote-1',
      votes: [board.loose[0], board.loose[1]],
      remaining: 1,
    });
    expect(banner.textContent).toContain('1 vote left');
    expect(banner.dataset.remaining).toBe('1');
  });

  // Regression: the banner and the tools panel's section were both regions named "Dot voting",
  // two landmarks of one name (axe's landmark-unique) whenever the tools were open during a vote.
  it('names the banner apart from the tools panel’s "Dot voting" section', () => {
    putSession(running());
    renderBoard('facilitator');
    const banner = screen.getByRole('region', { name: 'Dot voting status' });
    expect(banner.dataset.testid).toBe('vote-banner');
    expect(screen.queryByRole('region', { name: 'Dot voting' })).toBeNull();
  });

  it('counts the time limit down in the banner on the server clock', () => {
    putSession(running({ endsAt: Math.round(control.serverNow()) + 90_000 }));
    renderBoard();
    expect(screen.getByTestId('vote-countdown').textContent).toMatch(/01:(29|30)$/);
  });

  it('puts a labelled dot button on each item of the vote only, and sends cast and retract', () => {
    putSession(running());
    showLooseNotes();
    renderBoard();
    expect(controlOf(board.loose[0])).not.toBeNull();
    expect(controlOf(board.loose[1])).not.toBeNull();
    expect(controlOf(board.inTemplate[0])).toBeNull();
    // Its right edge in the note's top right corner, whatever its own width.
    const right = board.editor.pageToViewport({
      x: board.editor.getShapePageBounds(board.loose[0])?.maxX ?? 0,
      y: 0,
    }).x;
    const style = (controlOf(board.loose[0]) as HTMLElement).style;
    expect(style.transform).toBe('translateX(-100%)');
    expect(Number.parseFloat(style.left)).toBeCloseTo(right - 4, -0.5);
    const add = within(controlOf(board.loose[0]) as HTMLElement).getByTestId('vote-add');
    expect(add.getAttribute('aria-label')).toBe('Add a dot to “Faster onboarding”');
    expect(add.dataset.shapeId).toBe(board.loose[0]);
    fireEvent.click(add);
    expect(sentActions()).toContainEqual({
      type: 'vote.cast',
      sessionId: 'vote-1',
      itemId: board.loose[0],
    });

    deliver({ type: 'ballot', sessionId: 'vote-1', votes: [board.loose[0]], remaining: 2 });
    const mine = controlOf(board.loose[0]) as HTMLElement;
    // One vote per item: the dot is given, so only taking it back is offered.
    expect((within(mine).getByTestId('vote-add') as HTMLButtonElement).disabled).toBe(true);
    const retract = within(mine).getByTestId('vote-retract');
    expect(retract.getAttribute('aria-label')).toBe('Take back a dot from “Faster onboarding”');
    fireEvent.click(retract);
    expect(sentActions().at(-1)).toEqual({
      type: 'vote.retract',
      sessionId: 'vote-1',
      itemId: board.loose[0],
    });
    expect(
      within(controlOf(board.loose[1]) as HTMLElement).queryByTestId('vote-retract'),
    ).toBeNull();
  });

  it('offers the items as a list of labelled buttons for the keyboard', () => {
    putSession(running({ allowMultiplePerItem: true }));
    renderBoard('guest');
    fireEvent.click(screen.getByTestId('vote-list-toggle'));
    const list = screen.getByTestId('vote-item-list');
    const buttons = within(list).getAllByTestId('vote-add');
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual([
      'Add a dot to “Faster onboarding”',
      'Add a dot to “Clear prices”',
    ]);
    fireEvent.click(buttons[1] as HTMLElement);
    expect(sentActions().at(-1)).toEqual({
      type: 'vote.cast',
      sessionId: 'vote-1',
      itemId: board.loose[1],
    });
  });

  it('disables adding once every vote is used', () => {
    putSession(running({ allowMultiplePerItem: true }));
    showLooseNotes();
    renderBoard();
    deliver({
      type: 'ballot',
      sessionId: 'vote-1',
      votes: [board.loose[0], board.loose[0], board.loose[0]],
      remaining: 0,
    });
    const adds = screen.getAllByTestId('vote-add') as HTMLButtonElement[];
    expect(adds.map((button) => button.disabled)).toEqual([true, true]);
    expect(screen.getByTestId('vote-banner').textContent).toContain('0 votes left');
  });

  it('shows nothing per item while a vote runs, not even an earlier vote’s results', () => {
    putSession(revealed());
    putSession(running());
    renderBoard('facilitator');
    expect(screen.queryAllByTestId('vote-result-badge')).toHaveLength(0);
    expect(screen.queryByTestId('vote-banner-results')).toBeNull();
    expect(screen.queryByTestId('vote-results-panel')).toBeNull();
  });
});

describe('vote results', () => {
  it('lets a viewer see the results but gives them no vote buttons', () => {
    putSession(running());
    renderBoard('viewer');
    expect(screen.getByTestId('vote-banner').textContent).toContain('Viewers do not vote');
    expect(screen.queryAllByTestId('vote-item-control')).toHaveLength(0);
    expect(screen.queryByTestId('vote-list-toggle')).toBeNull();

    putSession(revealed(true, 'vote-1'));
    const badges = screen.getAllByTestId('vote-result-badge');
    expect(badges.map((badge) => [badge.dataset.shapeId, badge.textContent])).toEqual([
      [board.loose[1], '#1 · 3'],
      [board.loose[0], '#2 · 1'],
    ]);
    expect(badges[0]?.getAttribute('aria-label')).toBe('Rank 1, 3 votes');
    fireEvent.click(screen.getByTestId('vote-banner-results'));
    expect(screen.getByTestId('vote-results-panel')).toBeTruthy();
  });

  it('ranks the items with team and customer columns, voters when named, newest vote first', () => {
    putSession(revealed(false, 'vote-0'));
    putSession(running({}, 'vote-1'));
    putSession({ ...running({}, 'vote-1'), status: 'ended', endedAt: 3_000 });
    putSession(revealed(false, 'vote-1'));
    putSession({ ...running({ title: 'Pains' }, 'vote-2'), status: 'ended', endedAt: 4_000 });
    renderBoard();
    // The newest session has no results yet: no results banner.
    expect(screen.queryByTestId('vote-banner')).toBeNull();
    putSession(revealed(false, 'vote-2'));
    fireEvent.click(screen.getByTestId('vote-banner-results'));
    const panel = screen.getByTestId('vote-results-panel');
    const sessions = within(panel).getAllByTestId('vote-results-session');
    expect(sessions.map((session) => session.dataset.sessionId)).toEqual([
      'vote-2',
      'vote-1',
      'vote-0',
    ]);
    const newest = sessions[0] as HTMLElement;
    expect(within(newest).getByTestId('vote-voter-counts').textContent).toBe(
      'Voted: team 1, customers 2',
    );
    const rows = within(newest).getAllByTestId('vote-result-row');
    expect(
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    ).toEqual([
      ['#1', 'Clear prices', '3', '1', '2', 'Aino, Bertta, Fanni'],
      ['#2', 'Faster onboarding', '1', '1', '0', 'Fanni'],
    ]);
    expect(
      within(newest)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Rank', 'Item', 'Total', 'Team', 'Customers', 'Voters']);
  });

  it('shows no numbers for a running or ended vote, and no voters for an anonymous one', () => {
    putSession(revealed(true, 'vote-0'));
    putSession({ ...running({}, 'vote-1'), status: 'ended', endedAt: 3_000 });
    putSession(running({}, 'vote-2'));
    renderBoard();
    putSession({ ...running({}, 'vote-2'), status: 'ended', endedAt: 4_000 });
    putSession(revealed(true, 'vote-3'));
    fireEvent.click(screen.getByTestId('vote-banner-results'));
    const sessions = screen.getAllByTestId('vote-results-session');
    const byId = new Map(sessions.map((session) => [session.dataset.sessionId, session]));
    for (const id of ['vote-1', 'vote-2']) {
      const session = byId.get(id) as HTMLElement;
      expect(within(session).queryAllByTestId('vote-result-row')).toHaveLength(0);
      expect(within(session).queryByTestId('vote-voter-counts')).toBeNull();
    }
    const anonymous = byId.get('vote-3') as HTMLElement;
    expect(within(anonymous).queryAllByRole('columnheader')).toHaveLength(5);
  });

  it('selects and zooms to an item clicked in the results', async () => {
    putSession(revealed());
    renderBoard('viewer');
    act(() => {
      board.editor.setCamera({ x: 20_000, y: 20_000, z: 1 });
    });
    const target = board.editor.getShapePageBounds(board.loose[1]);
    expect(target && board.editor.getViewportPageBounds().contains(target)).toBe(false);
    fireEvent.click(screen.getByTestId('vote-banner-results'));
    fireEvent.click(screen.getByRole('button', { name: 'Show “Clear prices” on the board' }));
    expect(board.editor.getSelectedShapeIds()).toEqual([board.loose[1]]);
    await vi.waitFor(() =>
      expect(target && board.editor.getViewportPageBounds().contains(target)).toBe(true),
    );
  });
});
