import type { RoomRole } from '@kohtaamo/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage, type KeyValueStorage } from '../app/browserStorage';
import { hasReadGuestNotice } from '../app/guestNoticeMemory';
import type { RoomApi } from '../app/roomApi';
import { RoomApiError } from '../app/roomApi';
import type { LocalUser } from '../canvas/types';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { BoardPage } from './BoardPage';

// The real canvas is tldraw + a WebSocket; these tests are about the page around it.
vi.mock('./LazyBoardCanvas', () => ({
  preloadBoardCanvas: () => {},
  LazyBoardCanvas: (props: {
    boardLanguage?: string | null;
    onBoardTitleChange?(title: string | undefined): void;
  }) => (
    <div data-testid="fake-canvas" data-board-language={props.boardLanguage ?? ''}>
      <button type="button" onClick={() => props.onBoardTitleChange?.('Renamed elsewhere')}>
        rename in the document
      </button>
    </div>
  ),
}));

const guestRole: RoomRole = 'guest';
const cecilia = { id: 'user-cecilia', name: 'Cecilia', color: '#1565c0' } as LocalUser;

function roomApi(getRoom: RoomApi['getRoom']): RoomApi {
  const unused = async () => {
    throw new Error('not used');
  };
  return {
    getRoom,
    createRoom: unused,
    rotateLink: unused,
    turnOffLink: unused,
    deleteRoom: unused,
    renameRoom: unused,
  };
}

function renderGuest(options: { api: RoomApi; storage?: KeyValueStorage; locale?: Locale }) {
  const storage = options.storage ?? createMemoryStorage();
  render(
    <I18nProvider initialLocale={options.locale ?? 'en'}>
      <BoardPage
        roomId="Abcdefghijklmnopqrstuv"
        token="guest.token.sig"
        role={guestRole}
        storage={storage}
        roomApi={options.api}
        user={cecilia}
        onUserNameChange={() => {}}
        onOpened={() => {}}
      />
    </I18nProvider>,
  );
  return { storage, user: userEvent.setup() };
}

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

afterEach(cleanup);

describe('BoardPage guest notice', () => {
  it('names the board it joins once the server has told its title', async () => {
    const getRoom = vi.fn(async (roomId: string) => ({
      roomId,
      title: 'Kahvilan asiakaspolku',
      language: 'fi' as const,
      role: 'guest' as const,
    }));
    renderGuest({ api: roomApi(getRoom) });
    const notice = screen.getByTestId('guest-notice');
    expect((await within(notice).findByTestId('guest-notice-board')).textContent).toBe(
      'You are joining “Kahvilan asiakaspolku”.',
    );
    expect(getRoom).toHaveBeenCalledWith('Abcdefghijklmnopqrstuv', 'guest.token.sig');
  });

  it('names it in Finnish too', async () => {
    const getRoom = async (roomId: string) => ({
      roomId,
      title: 'Palvelupolku',
      language: 'fi' as const,
      role: 'guest' as const,
    });
    renderGuest({ api: roomApi(getRoom), locale: 'fi' });
    expect((await screen.findByTestId('guest-notice-board')).textContent).toBe(
      'Olet liittymässä taululle ”Palvelupolku”.',
    );
  });

  it('still shows the notice, without a title, when the request fails', async () => {
    const getRoom = vi.fn(async () => {
      throw new RoomApiError('network');
    });
    renderGuest({ api: roomApi(getRoom) });
    await vi.waitFor(() => expect(getRoom).toHaveBeenCalled());
    const notice = screen.getByTestId('guest-notice');
    expect(notice.textContent).toContain('What is stored');
    expect(within(notice).queryByTestId('guest-notice-board')).toBeNull();
  });

  it('remembers per room that the notice was read, so a reload goes straight on', async () => {
    const api = roomApi(async () => {
      throw new RoomApiError('failed');
    });
    const { storage, user } = renderGuest({ api });
    await user.click(
      within(screen.getByTestId('guest-notice')).getByRole('button', { name: 'Continue' }),
    );
    expect(hasReadGuestNotice(storage, 'Abcdefghijklmnopqrstuv')).toBe(true);

    cleanup();
    renderGuest({ api, storage });
    expect(screen.queryByTestId('guest-notice')).toBeNull();
    expect(screen.getByTestId('fake-canvas')).toBeTruthy();
  });
});

describe('BoardPage title', () => {
  function renderWithRole(role: RoomRole, api: RoomApi) {
    render(
      <I18nProvider initialLocale="en">
        <BoardPage
          roomId="Abcdefghijklmnopqrstuv"
          token={`${role}.token.sig`}
          role={role}
          storage={createMemoryStorage()}
          roomApi={api}
          user={cecilia}
          onUserNameChange={() => {}}
          onOpened={() => {}}
        />
      </I18nProvider>,
    );
    return userEvent.setup();
  }

  const info = async (roomId: string) => ({
    roomId,
    title: 'Kahvilan asiakaspolku',
    language: 'fi' as const,
    role: 'participant' as const,
  });

  it("shows the board's title in the top bar and the tab instead of its code (issue 13)", async () => {
    document.title = '';
    renderWithRole('participant', roomApi(info));
    expect((await screen.findByTestId('board-title')).textContent).toBe('Kahvilan asiakaspolku');
    expect(document.title).toBe('Kahvilan asiakaspolku — Kohtaamo');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Kahvilan asiakaspolku');
    // The canvas names its first page in the board's language.
    expect(screen.getByTestId('fake-canvas').dataset.boardLanguage).toBe('fi');
  });

  it('follows a rename that arrives through the board document', async () => {
    const user = renderWithRole('participant', roomApi(info));
    await screen.findByTestId('board-title');
    await user.click(screen.getByRole('button', { name: 'rename in the document' }));
    expect(screen.getByTestId('board-title').textContent).toBe('Renamed elsewhere');
    expect(document.title).toBe('Renamed elsewhere — Kohtaamo');
  });

  it("renames the board through the server with the facilitator's token", async () => {
    const calls: string[][] = [];
    const api: RoomApi = {
      ...roomApi(info),
      renameRoom: async (roomId, title, token) => {
        calls.push([roomId, title, token]);
        return { roomId, title, language: 'fi', role: 'facilitator' };
      },
    };
    const user = renderWithRole('facilitator', api);
    await user.click(
      await screen.findByRole('button', { name: 'Kahvilan asiakaspolku — rename the board' }),
    );
    const field = screen.getByLabelText('Board name');
    await user.clear(field);
    await user.type(field, 'Kahvila{Enter}');
    expect(calls).toEqual([['Abcdefghijklmnopqrstuv', 'Kahvila', 'facilitator.token.sig']]);
    expect(screen.getByTestId('board-title').textContent).toBe('Kahvila');
    expect(document.title).toBe('Kahvila — Kohtaamo');
  });
});
