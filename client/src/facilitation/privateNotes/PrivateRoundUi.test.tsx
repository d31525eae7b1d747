import '../../canvas/testSetup';
import {
  type ControlAction,
  facilitationKeys,
  facilitationMapName,
  type PrivateModeState,
  type RoomRole,
} from '@kohtaamo/shared';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { atom, createShapeId, type Editor, EditorProvider, toRichText } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../../app/browserStorage';
import type { Locale } from '../../i18n/messages';
import { createTemplateTestEditor } from '../../shapes/template/templateTestEditor';
import { ControlChannel } from '../ControlChannel';
import { FacilitationContext, type FacilitationContextValue } from '../FacilitationContext';
import { FacilitationState } from '../FacilitationState';
import { SessionBar } from '../SessionBar';
import { FakeControlProvider } from '../testControlProvider';
import { VoteTracker } from '../voting/VoteTracker';
import { PrivateNoteBadges } from './PrivateNoteBadges';
import { EditorPrivateRoundBanner, PrivateRoundBanner } from './PrivateRoundBanner';
import { PrivateRoundControls } from './PrivateRoundControls';

const roundOn: PrivateModeState = {
  status: 'on',
  roundId: 'round-1',
  startedAt: Date.UTC(2026, 11, 7, 9, 30),
  anonymous: false,
  history: [],
};
const revealedOnce: PrivateModeState = {
  status: 'off',
  history: [{ roundId: 'round-1', startedAt: 1, revealedAt: 2, anonymous: false, count: 3 }],
};

let doc: Y.Doc;
let state: FacilitationState;
const requests: ControlAction[] = [];

beforeEach(() => {
  doc = new Y.Doc();
  state = new FacilitationState(doc);
  requests.length = 0;
});

afterEach(() => {
  cleanup();
  state.dispose();
  vi.useRealTimers();
});

function setMode(mode: PrivateModeState): void {
  act(() => {
    doc.getMap(facilitationMapName).set(facilitationKeys.privateMode, mode);
  });
}

function renderControls(locale: Locale = 'en') {
  return render(
    <PrivateRoundControls
      $privateMode={state.$privateMode}
      locale={locale}
      request={(action) => requests.push(action)}
    />,
  );
}

function renderBanner(role: RoomRole | null, options: { ownCount?: number; locale?: Locale } = {}) {
  return render(
    <PrivateRoundBanner
      $privateMode={state.$privateMode}
      role={role}
      locale={options.locale ?? 'en'}
      ownCount={role === 'viewer' ? undefined : (options.ownCount ?? 0)}
      noticeMs={5_000}
    />,
  );
}

describe('PrivateRoundControls (the facilitator’s)', () => {
  it('starts a named round by default, and an anonymous one with the box checked', () => {
    renderControls();
    const section = screen.getByRole('region', { name: 'Private writing round' });
    const start = within(section).getByRole('button', { name: 'Start private round' });
    fireEvent.click(start);
    const anonymous = within(section).getByRole('checkbox', {
      name: 'Reveal anonymously (without the authors’ names)',
    });
    expect((anonymous as HTMLInputElement).checked).toBe(false);
    fireEvent.click(anonymous);
    fireEvent.click(start);
    expect(requests).toEqual([
      { type: 'private.start', anonymous: false },
      { type: 'private.start', anonymous: true },
    ]);
    expect(screen.queryByRole('button', { name: 'Reveal notes' })).toBeNull();
  });

  it('while a round is on, says since when and how it reveals, and reveals it', () => {
    renderControls();
    setMode({ ...roundOn, anonymous: true });
    expect(screen.getByTestId('private-round-status').textContent).toMatch(
      /^A private round is on \(started at \d\d:\d\d\)\. The notes will be revealed anonymously\.$/,
    );
    expect(screen.queryByRole('button', { name: 'Start private round' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal notes' }));
    expect(requests).toEqual([{ type: 'private.reveal' }]);
  });

  it('speaks Finnish', () => {
    renderControls('fi');
    expect(screen.getByRole('region', { name: 'Yksityinen kirjoituskierros' })).toBeDefined();
    expect(screen.getByRole('checkbox', { name: /^Paljasta nimettöminä/ })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Aloita yksityinen kierros' })).toBeDefined();
    setMode(roundOn);
    expect(screen.getByRole('button', { name: 'Paljasta laput' })).toBeDefined();
  });
});

describe('SessionBar with private rounds', () => {
  const control = {
    request: async (action: ControlAction) => {
      requests.push(action);
      return { ok: true } as const;
    },
    serverNow: () => Date.now(),
    $clockOffset: atom<number | null>('offset', 0),
  };

  function renderBar(role: RoomRole | null) {
    render(
      <SessionBar
        control={control}
        state={state}
        role={role}
        storage={createMemoryStorage()}
        locale="en"
      />,
    );
    fireEvent.click(screen.getByTestId('session-tools-toggle'));
  }

  it('offers the facilitator the private round among the session tools', () => {
    renderBar('facilitator');
    const panel = screen.getByTestId('session-panel');
    fireEvent.click(within(panel).getByRole('button', { name: 'Start private round' }));
    expect(requests).toEqual([{ type: 'private.start', anonymous: false }]);
  });

  it.each(['participant', 'guest', 'viewer'] as const)(
    'offers a %s no private round controls',
    (role) => {
      renderBar(role);
      expect(screen.queryByTestId('private-round-tools')).toBeNull();
    },
  );
});

describe('PrivateRoundBanner', () => {
  it('shows nothing while no round is on, not even the last reveal when it happened before', () => {
    setMode(revealedOnce);
    renderBanner('participant');
    expect(screen.queryByTestId('private-banner')).toBeNull();
    expect(screen.queryByTestId('private-revealed')).toBeNull();
  });

  it('tells a participant their new notes are visible only to them, and how many are private', () => {
    renderBanner('participant', { ownCount: 2 });
    setMode(roundOn);
    const banner = screen.getByRole('region', { name: 'Private round' });
    expect(banner.textContent).toContain(
      'Private round: your new notes are visible only to you until the facilitator reveals them.',
    );
    expect(within(banner).getByTestId('private-own-count').textContent).toBe(
      'Visible only to you: 2',
    );
  });

  it('tells a guest the same in Finnish, and that the reveal is anonymous', () => {
    renderBanner('guest', { locale: 'fi' });
    setMode({ ...roundOn, anonymous: true });
    expect(screen.getByRole('region', { name: 'Yksityinen kierros' }).textContent).toContain(
      'Yksityinen kierros: uudet lappusi näkyvät vain sinulle, kunnes fasilitaattori paljastaa ne. Ne paljastetaan ilman nimiä.',
    );
  });

  it('tells the facilitator where the reveal is', () => {
    renderBanner('facilitator');
    setMode(roundOn);
    expect(screen.getByTestId('private-banner').textContent).toContain(
      'until you reveal them in Session tools',
    );
  });

  it('tells a viewer the others are writing, with no count and nothing to press', () => {
    renderBanner('viewer');
    setMode({ ...roundOn, anonymous: true });
    const banner = screen.getByTestId('private-banner');
    expect(banner.textContent).toBe(
      'Participants are writing privately. Their notes appear when the facilitator reveals them.',
    );
    expect(within(banner).queryByRole('button')).toBeNull();
    expect(within(banner).queryByTestId('private-own-count')).toBeNull();
  });

  it('after a reveal seen live, says how many items it added, for a while or until dismissed', () => {
    vi.useFakeTimers();
    renderBanner('participant');
    setMode(roundOn);
    setMode(revealedOnce);
    expect(screen.queryByTestId('private-banner')).toBeNull();
    const notice = screen.getByTestId('private-revealed');
    expect(within(notice).getByRole('status').textContent).toBe(
      'Private notes revealed: 3 items were added to the board.',
    );
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(screen.queryByTestId('private-revealed')).toBeNull();

    setMode(roundOn);
    setMode({
      status: 'off',
      history: [
        ...revealedOnce.history,
        { roundId: 'round-2', startedAt: 3, revealedAt: 4, anonymous: true, count: 1 },
      ],
    });
    expect(screen.getByRole('status').textContent).toBe(
      'Private notes revealed: 1 item was added to the board.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('private-revealed')).toBeNull();
  });
});

describe('on the board: the banner’s own count and the “Only you” badges', () => {
  let editor: Editor;
  let control: ControlChannel;
  let votes: VoteTracker;
  const mine = createShapeId('mine');
  const theirs = createShapeId('theirs');

  beforeEach(() => {
    editor = createTemplateTestEditor({ userId: 'aino' });
    editor.createShapes([
      { id: mine, type: 'note', x: 0, y: 0, props: { richText: toRichText('Oma') } },
      { id: theirs, type: 'note', x: 300, y: 0, props: { richText: toRichText('Yhteinen') } },
    ]);
    editor.zoomToFit();
    const provider = new FakeControlProvider();
    control = new ControlChannel(provider);
    votes = new VoteTracker(control);
  });

  afterEach(() => {
    votes.dispose();
    control.dispose();
    editor.dispose();
  });

  function renderBoard(role: RoomRole, privateIds?: ReturnType<typeof atom<ReadonlySet<string>>>) {
    const value: FacilitationContextValue = {
      control,
      state,
      votes,
      role,
      storage: createMemoryStorage(),
      ...(privateIds ? { privateIds } : {}),
    };
    return render(
      <EditorProvider editor={editor}>
        <FacilitationContext.Provider value={value}>
          <EditorPrivateRoundBanner />
          <PrivateNoteBadges />
        </FacilitationContext.Provider>
      </EditorProvider>,
    );
  }

  it('marks only the author’s private shapes, with a label that says who sees them', () => {
    renderBoard('participant', atom('ids', new Set([mine])));
    setMode(roundOn);
    const badges = screen.getAllByTestId('private-badge');
    expect(badges.map((badge) => badge.getAttribute('data-shape-id'))).toEqual([mine]);
    expect(screen.getByRole('img', { name: /^Only you can see this/ })).toBe(badges[0]);
    expect(badges[0]?.textContent).toBe('Only you');
    expect(screen.getByTestId('private-own-count').textContent).toBe('Visible only to you: 1');
  });

  it('drops the badge once the shape is no longer private (revealed) or gone', () => {
    const ids = atom<ReadonlySet<string>>('ids', new Set([mine, theirs]));
    renderBoard('participant', ids);
    expect(screen.getAllByTestId('private-badge')).toHaveLength(2);
    act(() => {
      ids.set(new Set([mine]));
    });
    expect(screen.getAllByTestId('private-badge')).toHaveLength(1);
    act(() => {
      editor.deleteShape(mine);
    });
    expect(screen.queryByTestId('private-badge')).toBeNull();
  });

  it('shows a viewer no badges and no count', () => {
    renderBoard('viewer');
    setMode(roundOn);
    expect(screen.queryByTestId('private-badge')).toBeNull();
    expect(screen.queryByTestId('private-own-count')).toBeNull();
    expect(screen.getByTestId('private-banner').textContent).toContain(
      'Participants are writing privately.',
    );
  });
});
