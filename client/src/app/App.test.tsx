import { type CreateRoomRequest, participantIdFromKey } from '@kohtaamo/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState, LocalUser } from '../canvas/types';
import { App } from './App';
import { createMemoryStorage, type KeyValueStorage } from './browserStorage';
import { localeStorageKey } from './localePreference';
import { localUserStorageKey, userColors } from './localUser';
import { recentBoardsStorageKey } from './recentBoards';
import { type RoomApi, RoomApiError } from './roomApi';
import { readRoomLinks, tabTokenKey } from './roomTokens';

// The real canvas is tldraw + a WebSocket; these tests are about the shell around it.
vi.mock('../ui/LazyBoardCanvas', () => ({
  preloadBoardCanvas: () => {},
  LazyBoardCanvas: (props: {
    roomId: string;
    user: LocalUser;
    locale: string;
    token?: string | null;
    role?: string | null;
    onConnectionChange(state: ConnectionState): void;
  }) => (
    <div
      data-testid="fake-canvas"
      data-room={props.roomId}
      data-locale={props.locale}
      data-token={props.token ?? ''}
      data-role={props.role ?? ''}
    >
      {props.user.name}
      <button type="button" onClick={() => props.onConnectionChange('offline')}>
        go offline
      </button>
    </div>
  ),
}));

const ainoKey = 'QWlub0Fpbm9BaW5vQWlub0Fpbm9BaW5vQWlub0FpbmE';
const aino: LocalUser = {
  id: participantIdFromKey(ainoKey),
  key: ainoKey,
  name: 'Aino',
  color: '#1565c0',
};

/** A token as the server signs it, with a signature the client never checks. */
function fakeToken(claims: object): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const createdRoomId = 'Abcdefghijklmnopqrstuv';

/** A room API that creates one room with a token per role. */
function fakeRoomApi(): RoomApi & { created: CreateRoomRequest[] } {
  const created: CreateRoomRequest[] = [];
  const link = (role: string) =>
    `/b/${createdRoomId}?t=${fakeToken({ room: createdRoomId, role, lid: role })}`;
  return {
    created,
    createRoom: async (request) => {
      created.push(request);
      return {
        roomId: createdRoomId,
        title: request.title ?? 'Nimetön taulu',
        language: request.language ?? 'fi',
        links: {
          facilitator: link('facilitator'),
          participant: link('participant'),
          guest: link('guest'),
          viewer: link('viewer'),
        },
      };
    },
    rotateLink: async () => {
      throw new Error('not used');
    },
    turnOffLink: async () => {
      throw new Error('not used');
    },
    deleteRoom: async () => {},
    getRoom: async (roomId) => ({ roomId, title: 'Asiakaspolku', language: 'fi', role: 'guest' }),
    renameRoom: async (roomId, title) => ({ roomId, title, language: 'fi', role: 'facilitator' }),
  };
}

function renderAt(
  path: string,
  options: {
    storage?: KeyValueStorage;
    tabStorage?: KeyValueStorage;
    languages?: readonly string[];
    roomApi?: RoomApi;
  } = {},
) {
  window.history.replaceState(null, '', path);
  const storage = options.storage ?? createMemoryStorage();
  const roomApi = options.roomApi ?? fakeRoomApi();
  render(
    <App
      storage={storage}
      tabStorage={options.tabStorage}
      roomApi={roomApi}
      browserLanguages={options.languages ?? ['en-US']}
    />,
  );
  return { storage, user: userEvent.setup() };
}

function storageWith(user: LocalUser | undefined): KeyValueStorage {
  const storage = createMemoryStorage();
  if (user) storage.setItem(localUserStorageKey, JSON.stringify(user));
  return storage;
}

beforeEach(() => {
  document.title = '';
});
afterEach(cleanup);

describe('App routing and language', () => {
  it('shows the landing page at / in the browser language', () => {
    renderAt('/', { languages: ['fi-FI'] });
    expect(screen.getByRole('button', { name: 'Luo uusi taulu' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fi');
    expect(document.title).toBe('Kohtaamo — yhteinen valkotaulu työpajoihin');
  });

  it('shows a friendly not-found page with a link home for unknown paths and bad board codes', async () => {
    const { user } = renderAt('/b/not!valid');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'This board link is not valid',
    );
    await user.click(screen.getByRole('link', { name: 'Go to the front page' }));
    expect(window.location.pathname).toBe('/');
    expect(screen.getByRole('button', { name: 'Create a new board' })).toBeTruthy();

    cleanup();
    renderAt('/somewhere');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Page not found');
    expect(document.title).toBe('Page not found — Kohtaamo');
  });

  it('switches language with the select, remembers it and updates <html lang>', async () => {
    const { storage, user } = renderAt('/');
    await user.selectOptions(screen.getByLabelText('Language'), 'fi');
    expect(screen.getByLabelText('Kieli')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Luo uusi taulu' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fi');
    expect(storage.getItem(localeStorageKey)).toBe('fi');
  });

  it('follows Back after in-app navigation', async () => {
    const { user } = renderAt('/', { storage: storageWith(aino) });
    await user.click(screen.getByRole('button', { name: 'Create a new board' }));
    expect(window.location.pathname).toBe(`/b/${createdRoomId}`);
    await act(async () => {
      window.history.back();
      await new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    });
    expect(screen.getByRole('button', { name: 'Create a new board' })).toBeTruthy();
  });
});

describe('landing page', () => {
  it('opens a pasted board link', async () => {
    const { user } = renderAt('/', { storage: storageWith(aino) });
    await user.type(
      screen.getByLabelText('Board link or code'),
      'https://kohtaamo.example/b/workshop-42',
    );
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(window.location.pathname).toBe('/b/workshop-42');
    expect(screen.getByTestId('fake-canvas').dataset.room).toBe('workshop-42');
  });

  it('shows an inline error linked with aria-describedby for a bad link', async () => {
    const { user } = renderAt('/');
    const input = screen.getByLabelText('Board link or code');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ');
    const texts = describedBy.map((id) => document.getElementById(id)?.textContent);
    expect(texts).toContain('Enter a board link or code.');

    await user.type(input, 'not a link');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    await user.keyboard('{Enter}');
    expect(window.location.pathname).toBe('/');
    expect(screen.getByText(/not a Kohtaamo board link or code/)).toBeTruthy();
  });

  it('lists boards opened on this device and removes one', async () => {
    const storage = storageWith(aino);
    storage.setItem(
      recentBoardsStorageKey,
      JSON.stringify([
        { roomId: 'room-one', openedAt: 2000 },
        { roomId: 'room-two', openedAt: 1000 },
      ]),
    );
    const { user } = renderAt('/', { storage });
    const list = screen.getByRole('list');
    expect(
      within(list)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/b/room-one', '/b/room-two']);
    await user.click(screen.getByRole('button', { name: 'Remove board room-one from this list' }));
    expect(within(screen.getByRole('list')).getAllByRole('link')).toHaveLength(1);
    expect(JSON.parse(storage.getItem(recentBoardsStorageKey) ?? '[]')).toEqual([
      { roomId: 'room-two', openedAt: 1000 },
    ]);
  });
});

describe('board page', () => {
  it('asks for a name first, then mounts the canvas and stores the user', async () => {
    const { storage, user } = renderAt('/b/workshop-42');
    const dialog = screen.getByRole('dialog');
    expect(screen.queryByTestId('fake-canvas')).toBeNull();

    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog')).toBe(dialog);

    await user.type(within(dialog).getByLabelText('Your name'), 'Kaisa');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('fake-canvas').textContent).toContain('Kaisa');

    const stored = JSON.parse(storage.getItem(localUserStorageKey) ?? '{}');
    expect(stored.name).toBe('Kaisa');
    expect(stored.id).toBe(participantIdFromKey(stored.key));
    expect(userColors).toContain(stored.color);
    // Focus lands on the name button, not lost on <body>.
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Kaisa — change your name' }),
    );
  });

  it('lets a returning user rename themselves, keeping id and colour', async () => {
    const { storage, user } = renderAt('/b/workshop-42', { storage: storageWith(aino) });
    expect(screen.queryByRole('dialog')).toBeNull();
    const nameButton = screen.getByRole('button', { name: 'Aino — change your name' });
    await user.click(nameButton);
    const input = within(screen.getByRole('dialog')).getByLabelText('Your name');
    await user.clear(input);
    await user.type(input, 'Aino V.{Enter}');
    expect(JSON.parse(storage.getItem(localUserStorageKey) ?? '{}')).toEqual({
      ...aino,
      name: 'Aino V.',
    });
    expect(screen.getByTestId('fake-canvas').textContent).toContain('Aino V.');
  });

  it('closes the rename dialog with Escape and returns focus to the name button', async () => {
    const { user } = renderAt('/b/workshop-42', { storage: storageWith(aino) });
    await user.click(screen.getByRole('button', { name: 'Aino — change your name' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Aino — change your name' }),
    );
  });

  it('shows connection state from the canvas in a status badge', async () => {
    const { user } = renderAt('/b/workshop-42', { storage: storageWith(aino) });
    const badge = screen.getByTestId('connection-status');
    expect(badge.getAttribute('role')).toBe('status');
    expect(badge.dataset.state).toBe('connecting');
    await user.click(screen.getByRole('button', { name: 'go offline' }));
    expect(badge.dataset.state).toBe('offline');
    expect(badge.textContent).toBe('Offline — changes are saved on this device');
  });

  it('remembers the visit in recent boards and titles the tab', () => {
    const { storage } = renderAt('/b/AbCdEfGhIjKlMnOpQrStUv', { storage: storageWith(aino) });
    expect(document.title).toBe('Board AbCdEf… — Kohtaamo');
    expect(JSON.parse(storage.getItem(recentBoardsStorageKey) ?? '[]')[0].roomId).toBe(
      'AbCdEfGhIjKlMnOpQrStUv',
    );
  });

  it('copies the board link and confirms it in a polite live region', async () => {
    const { user } = renderAt('/b/workshop-42', { storage: storageWith(aino) });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/b/workshop-42`);
    const confirmation = await screen.findByText(
      'Link copied. Share it with the workshop participants.',
    );
    expect(confirmation.closest('[aria-live="polite"]')).not.toBeNull();
  });

  it('passes the UI language to the canvas and switches it in Finnish', async () => {
    const { user } = renderAt('/b/workshop-42', { storage: storageWith(aino) });
    expect(screen.getByTestId('fake-canvas').dataset.locale).toBe('en');
    await user.selectOptions(screen.getByLabelText('Language'), 'fi');
    expect(screen.getByTestId('fake-canvas').dataset.locale).toBe('fi');
    expect(screen.getByRole('button', { name: 'Kopioi linkki' })).toBeTruthy();
    expect(screen.getByTestId('connection-status').textContent).toBe('Yhdistetään…');
  });
});

describe('invitations', () => {
  it('creates a titled board in the UI language, keeps its links and opens it as facilitator without the token in the address bar', async () => {
    const roomApi = fakeRoomApi();
    const tabStorage = createMemoryStorage();
    const { user, storage } = renderAt('/', {
      storage: storageWith(aino),
      tabStorage,
      roomApi,
      languages: ['fi'],
    });
    await user.type(screen.getByLabelText('Taulun nimi (vapaaehtoinen)'), 'Asiakaspolku');
    await user.click(screen.getByRole('button', { name: 'Luo uusi taulu' }));

    expect(roomApi.created).toEqual([{ title: 'Asiakaspolku', language: 'fi' }]);
    expect(readRoomLinks(storage, createdRoomId)?.guest).toContain('?t=');
    const canvas = await screen.findByTestId('fake-canvas');
    expect(canvas.dataset.role).toBe('facilitator');
    expect(canvas.dataset.token).not.toBe('');
    expect(window.location.pathname).toBe(`/b/${createdRoomId}`);
    expect(window.location.search).toBe('');
    expect(tabStorage.getItem(tabTokenKey(createdRoomId))).toBe(canvas.dataset.token);
  });

  it('gives an empty title a dated default', async () => {
    const roomApi = fakeRoomApi();
    const { user } = renderAt('/', { storage: storageWith(aino), roomApi });
    await user.click(screen.getByRole('button', { name: 'Create a new board' }));
    expect(roomApi.created[0]?.title).toMatch(/^Workshop \d/);
  });

  it('shows a localized error when the board cannot be created', async () => {
    const roomApi: RoomApi = {
      ...fakeRoomApi(),
      createRoom: async () => {
        throw new RoomApiError('network');
      },
    };
    const { user } = renderAt('/', { storage: storageWith(aino), roomApi });
    await user.click(screen.getByRole('button', { name: 'Create a new board' }));
    expect((await screen.findByRole('alert')).textContent).toContain('no connection to the server');
    expect(window.location.pathname).toBe('/');
  });

  it('opens a bare board link without a token, as before invitations', () => {
    renderAt('/b/workshop-42', { storage: storageWith(aino) });
    const canvas = screen.getByTestId('fake-canvas');
    expect(canvas.dataset.token).toBe('');
    expect(canvas.dataset.role).toBe('');
  });

  it('shows a guest what joining means and asks their name before the board', async () => {
    const token = fakeToken({ room: 'workshop-42', role: 'guest', lid: 'x' });
    const { user } = renderAt(`/b/workshop-42?t=${token}`, { storage: storageWith(aino) });
    const notice = screen.getByTestId('guest-notice');
    expect(notice.textContent).toContain('What is stored');
    expect(screen.queryByTestId('fake-canvas')).toBeNull();
    await user.click(within(notice).getByRole('button', { name: 'Continue' }));
    const dialog = screen.getByRole('dialog');
    expect((within(dialog).getByLabelText('Your name') as HTMLInputElement).value).toBe('Aino');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(screen.getByTestId('fake-canvas').dataset.role).toBe('guest');
  });
});
