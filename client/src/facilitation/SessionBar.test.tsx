import {
  type ControlAction,
  defaultAgenda,
  facilitationMapName,
  type RoomRole,
} from '@kohtaamo/shared';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { atom } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage, type KeyValueStorage } from '../app/browserStorage';
import { timerSoundStorageKey } from './endSignal';
import { FacilitationState } from './FacilitationState';
import { SessionBar } from './SessionBar';

let now: number;
let doc: Y.Doc;
let state: FacilitationState;
let storage: KeyValueStorage;
const requests: ControlAction[] = [];
const control = {
  request: async (action: ControlAction) => {
    requests.push(action);
    return { ok: true } as const;
  },
  serverNow: () => now,
  $clockOffset: atom<number | null>('offset', 0),
};
const view = { userId: 'user:fanni', pageId: 'page:page', camera: { x: 1, y: 2, z: 1 } };

beforeEach(() => {
  vi.useFakeTimers();
  now = 1_000_000;
  doc = new Y.Doc();
  state = new FacilitationState(doc);
  storage = createMemoryStorage();
  requests.length = 0;
  control.$clockOffset.set(0);
});

afterEach(() => {
  cleanup();
  state.dispose();
  vi.useRealTimers();
});

const setKey = (key: string, value: unknown) =>
  act(() => {
    doc.getMap(facilitationMapName).set(key, value);
  });

function renderBar(
  options: { role?: RoomRole | null; play?: () => void; insert?: () => void } = {},
) {
  return render(
    <SessionBar
      control={control}
      state={state}
      role={options.role === undefined ? 'facilitator' : options.role}
      storage={storage}
      locale="en"
      playEndSound={options.play ?? (() => {})}
      getView={() => view}
      onInsertTemplate={options.insert}
      tickMs={100}
    />,
  );
}

const tick = (ms: number) =>
  act(() => {
    now += ms;
    vi.advanceTimersByTime(ms);
  });

const openTools = () => fireEvent.click(screen.getByTestId('session-tools-toggle'));

describe('SessionBar: phase and timer', () => {
  it('shows the current phase and the time left, counting down on the server clock', () => {
    setKey('agenda', {
      ...defaultAgenda(),
      currentPhaseId: 'pilot',
      spans: [{ phaseId: 'pilot', startedAt: now, endedAt: null }],
    });
    setKey('timer', {
      status: 'running',
      durationMs: 300_000,
      startedAt: now,
      endsAt: now + 300_000,
    });
    renderBar({ role: 'guest' });
    expect(screen.getByTestId('session-phase').textContent).toContain('Pilot');
    expect(screen.getByTestId('timer-remaining').textContent).toBe('05:00');
    tick(61_000);
    expect(screen.getByTestId('timer-remaining').textContent).toBe('03:59');
    expect(Number(screen.getByTestId('timer-remaining').dataset.remainingMs)).toBe(239_000);
  });

  it('shows a paused timer as paused', () => {
    setKey('timer', { status: 'paused', durationMs: 300_000, remainingMs: 90_000 });
    renderBar();
    expect(screen.getByTestId('timer-remaining').textContent).toBe('01:30');
    expect(screen.getByText('Paused')).toBeTruthy();
  });

  it('signals the end once: Time’s up, an announcement and one sound', () => {
    const play = vi.fn();
    setKey('timer', { status: 'running', durationMs: 2_000, startedAt: now, endsAt: now + 2_000 });
    renderBar({ play });
    expect(screen.queryByTestId('timer-ended')).toBeNull();
    tick(2_100);
    expect(screen.getByTestId('timer-ended').textContent).toBe('Time’s up');
    expect(screen.getByRole('status').textContent).toBe('Time’s up!');
    tick(5_000);
    expect(play).toHaveBeenCalledTimes(1);
    // One more minute after the bell is a new countdown, which rings again at its end.
    setKey('timer', { status: 'running', durationMs: 1_000, startedAt: now, endsAt: now + 1_000 });
    expect(screen.queryByTestId('timer-ended')).toBeNull();
    tick(1_500);
    expect(play).toHaveBeenCalledTimes(2);
  });

  it('does not ring for a countdown that had already ended when the board opened', () => {
    const play = vi.fn();
    setKey('timer', {
      status: 'running',
      durationMs: 2_000,
      startedAt: now - 5_000,
      endsAt: now - 3_000,
    });
    renderBar({ play });
    tick(1_000);
    expect(screen.getByTestId('timer-ended')).toBeTruthy();
    expect(play).not.toHaveBeenCalled();
  });

  it('does not ring when the first clock estimate shows the countdown had already ended', () => {
    const play = vi.fn();
    // Before any estimate the device clock, 10 s behind, says 5 s are left.
    control.$clockOffset.set(null);
    setKey('timer', {
      status: 'running',
      durationMs: 60_000,
      startedAt: now - 55_000,
      endsAt: now + 5_000,
    });
    renderBar({ play });
    tick(500);
    now += 10_000;
    control.$clockOffset.set(10_000);
    tick(500);
    expect(screen.getByTestId('timer-ended')).toBeTruthy();
    expect(play).not.toHaveBeenCalled();
  });

  it('keeps the sound off when muted, and remembers the choice', () => {
    const play = vi.fn();
    renderBar({ play });
    fireEvent.click(screen.getByRole('button', { name: 'Mute the end sound' }));
    expect(storage.getItem(timerSoundStorageKey)).toBe('off');
    setKey('timer', { status: 'running', durationMs: 1_000, startedAt: now, endsAt: now + 1_000 });
    tick(1_500);
    expect(screen.getByTestId('timer-ended')).toBeTruthy();
    expect(play).not.toHaveBeenCalled();
    cleanup();
    renderBar({ play });
    const mute = screen.getByRole('button', { name: 'Mute the end sound' });
    expect(mute.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('SessionBar: facilitator controls', () => {
  it('starts the timer from a preset, from minutes and from the phase timebox, and runs it', () => {
    setKey('agenda', {
      phases: [{ id: 'p1', title: { text: 'Ideas' }, timeboxMs: 600_000 }],
      currentPhaseId: 'p1',
      spans: [{ phaseId: 'p1', startedAt: now, endedAt: null }],
    });
    renderBar();
    openTools();
    fireEvent.click(screen.getByRole('button', { name: 'Start a 3 min timer' }));
    fireEvent.change(screen.getByLabelText('Minutes'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    fireEvent.click(screen.getByRole('button', { name: 'Phase timebox (10 min)' }));
    expect(requests).toEqual([
      { type: 'timer.start', durationMs: 180_000 },
      { type: 'timer.start', durationMs: 120_000 },
      { type: 'timer.start', fromPhase: 'p1' },
    ]);
    requests.length = 0;
    setKey('timer', {
      status: 'running',
      durationMs: 60_000,
      startedAt: now,
      endsAt: now + 60_000,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    fireEvent.click(screen.getByRole('button', { name: '+1 min: add a minute to the timer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop the timer' }));
    expect(requests).toEqual([
      { type: 'timer.pause' },
      { type: 'timer.addTime', ms: 60_000 },
      { type: 'timer.stop' },
    ]);
  });

  it('edits the agenda with one request per action', () => {
    const insert = vi.fn();
    setKey('agenda', {
      phases: [
        { id: 'a', title: { key: 'currentState' } },
        { id: 'b', title: { text: 'Ideas' }, templateId: 'journeyMap' },
      ],
      currentPhaseId: 'a',
      spans: [{ phaseId: 'a', startedAt: now - 120_000, endedAt: null }],
    });
    renderBar({ insert });
    openTools();
    const ideas = screen.getByText('Ideas').closest('li') as HTMLElement;
    fireEvent.click(within(ideas).getByRole('button', { name: 'Move Ideas up' }));
    expect(
      (within(ideas).getByRole('button', { name: 'Move Ideas down' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    fireEvent.click(within(ideas).getByRole('button', { name: 'Make current: Ideas' }));
    const title = within(ideas).getByLabelText('Title of Ideas');
    fireEvent.change(title, { target: { value: 'Ideation' } });
    fireEvent.blur(title);
    const timebox = within(ideas).getByLabelText('Timebox of Ideas in minutes');
    fireEvent.change(timebox, { target: { value: '15' } });
    fireEvent.keyDown(timebox, { key: 'Enter' });
    fireEvent.change(within(ideas).getByLabelText('Template of Ideas'), {
      target: { value: '' },
    });
    fireEvent.click(within(ideas).getByRole('button', { name: 'Remove Ideas' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next phase' }));
    fireEvent.change(screen.getByPlaceholderText('New phase'), { target: { value: ' Wrap-up ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add phase' }));
    expect(requests).toEqual([
      { type: 'agenda.movePhase', phaseId: 'b', toIndex: 0 },
      { type: 'agenda.setCurrent', phaseId: 'b' },
      { type: 'agenda.renamePhase', phaseId: 'b', title: 'Ideation' },
      { type: 'agenda.setTimebox', phaseId: 'b', timeboxMs: 900_000 },
      { type: 'agenda.setTemplate', phaseId: 'b', templateId: null },
      { type: 'agenda.removePhase', phaseId: 'b' },
      { type: 'agenda.setCurrent', phaseId: 'b' },
      { type: 'agenda.addPhase', title: 'Wrap-up' },
    ]);
    const current = document.querySelector('[data-phase-id="a"]') as HTMLElement;
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(current.textContent).toContain('Time spent 2 min');
    fireEvent.click(within(ideas).getByRole('button', { name: 'Insert template of Ideas' }));
    expect(insert).toHaveBeenCalledWith('journeyMap');
  });

  it('brings everyone here, leads the view and stops leading', () => {
    renderBar();
    openTools();
    fireEvent.click(screen.getByRole('button', { name: 'Bring everyone here' }));
    fireEvent.click(screen.getByRole('button', { name: 'Everyone follow me' }));
    setKey('follow', { status: 'on', userId: view.userId, startedAt: now });
    fireEvent.click(screen.getByRole('button', { name: 'Stop leading' }));
    expect(requests).toEqual([
      { type: 'summon.once', ...view },
      { type: 'summon.follow', ...view },
      { type: 'summon.stop', ...view },
    ]);
  });

  it('shows a participant the agenda read-only and no controls', () => {
    renderBar({ role: 'participant' });
    openTools();
    expect(screen.getByText('Customer needs')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Move|Remove|Start|Bring|Add phase/ })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('closes the tools with Escape and gives focus back to their button', () => {
    renderBar();
    openTools();
    expect(screen.getByTestId('session-panel')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('session-panel')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('session-tools-toggle'));
  });
});
