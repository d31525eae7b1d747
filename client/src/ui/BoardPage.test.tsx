import type { RoomRole } from '@kohtaamo/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage, type KeyValueStorage } from '../app/browserStorage';
import { hasReadGuestNotice } from '../app/guestNoticeMemory';
import type { RoomApi } from '../app/roomApi';
import { RoomApiError } from '../app/roomApi';
import type { LocalUser } from '../canvas/types';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { BoardPage } from './BoardPage';

// The real canvas is tldraw + a WebSocket; these tests are about the guest notice before it.
vi.mock('./LazyBoardCanvas', () => ({
  preloadBoardCanvas: () => {},
  LazyBoardCanvas: () => <div data-testid="fake-canvas" />,
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
