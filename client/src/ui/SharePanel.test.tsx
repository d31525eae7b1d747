import type { RoomLinks, RoomRole } from '@kohtaamo/shared';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage, type KeyValueStorage } from '../app/browserStorage';
import { type RoomApi, RoomApiError } from '../app/roomApi';
import { readRoomLinks, saveRoomLinks } from '../app/roomTokens';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { SharePanel } from './SharePanel';

const roomId = 'Abcdefghijklmnopqrstuv';
const links: RoomLinks = {
  facilitator: `/b/${roomId}?t=fac`,
  participant: `/b/${roomId}?t=par`,
  guest: `/b/${roomId}?t=gue`,
  viewer: `/b/${roomId}?t=vie`,
};

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

function fakeApi(overrides: Partial<RoomApi> = {}) {
  const unused = async () => {
    throw new Error('not used');
  };
  const turnOffLink = vi.fn<RoomApi['turnOffLink']>(async () => {});
  const rotateLink = vi.fn<RoomApi['rotateLink']>(async (_roomId, role: RoomRole) => ({
    role,
    link: `/b/${roomId}?t=new-${role}`,
  }));
  const api: RoomApi = {
    createRoom: unused,
    getRoom: unused,
    deleteRoom: unused,
    renameRoom: unused,
    rotateLink,
    turnOffLink,
    ...overrides,
  };
  return { api, turnOffLink, rotateLink };
}

async function openPanel(options: { api: RoomApi; storage: KeyValueStorage; locale?: Locale }) {
  const user = userEvent.setup();
  render(
    <I18nProvider initialLocale={options.locale ?? 'en'}>
      <SharePanel roomId={roomId} token="fac" storage={options.storage} roomApi={options.api} />
    </I18nProvider>,
  );
  await user.click(screen.getByRole('button', { name: options.locale === 'fi' ? 'Jaa' : 'Share' }));
  return user;
}

const item = (role: RoomRole) => {
  const found = document.querySelector<HTMLElement>(`.share-link[data-role="${role}"]`);
  if (!found) throw new Error(`no ${role} item`);
  return within(found);
};

function storedDevice(): KeyValueStorage {
  const storage = createMemoryStorage();
  saveRoomLinks(storage, roomId, links);
  return storage;
}

describe('SharePanel: turning a link off', () => {
  it('turns the guest link off after a confirm, shows it off and remembers it on the device', async () => {
    const storage = storedDevice();
    const { api, turnOffLink } = fakeApi();
    const user = await openPanel({ api, storage });

    await user.click(screen.getByRole('button', { name: 'Turn off link: Guest' }));
    const question = item('guest').getByRole('group', {
      name: /Turn off the Guest link\? It stops working at once/,
    });
    expect(turnOffLink).not.toHaveBeenCalled();
    const confirm = within(question).getByRole('button', { name: 'Turn off link' });
    expect(document.activeElement).toBe(confirm);
    await user.keyboard('{Enter}');

    expect(turnOffLink).toHaveBeenCalledWith(roomId, 'guest', 'fac');
    expect(item('guest').getByText(/^No link: nobody can join with this role/)).toBeTruthy();
    expect(item('guest').queryByRole('textbox')).toBeNull();
    expect(item('guest').queryByRole('button', { name: 'Copy the Guest link' })).toBeNull();
    expect(item('guest').queryByRole('button', { name: 'Turn off link: Guest' })).toBeNull();
    const newLink = item('guest').getByRole('button', { name: 'New link: Guest' });
    expect(document.activeElement).toBe(newLink);
    expect(screen.getByText('Guest link turned off. Nobody can join with it.')).toBeTruthy();
    expect(readRoomLinks(storage, roomId)).toEqual({ ...links, guest: '' });
    // The other roles keep their links.
    expect(item('viewer').getByRole('button', { name: 'Copy the Viewer link' })).toBeTruthy();

    // Opened again, the panel does not pull focus into the guest item.
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Share' }));
    expect(item('guest').getByText(/^No link/)).toBeTruthy();
    expect(document.activeElement).not.toBe(
      item('guest').getByRole('button', { name: 'New link: Guest' }),
    );
  });

  it('offers no way to turn off the facilitator link', async () => {
    const { api } = fakeApi();
    await openPanel({ api, storage: storedDevice() });
    expect(item('facilitator').queryByRole('button', { name: /Turn off/ })).toBeNull();
    for (const role of ['Participant', 'Guest', 'Viewer']) {
      expect(screen.getByRole('button', { name: `Turn off link: ${role}` })).toBeTruthy();
    }
  });

  it('shows a link turned off earlier as off, and makes a new one without a confirm', async () => {
    const storage = createMemoryStorage();
    saveRoomLinks(storage, roomId, { ...links, viewer: '' });
    const { api, rotateLink } = fakeApi();
    const user = await openPanel({ api, storage });

    expect(item('viewer').getByText(/^No link/)).toBeTruthy();
    await user.click(item('viewer').getByRole('button', { name: 'New link: Viewer' }));

    expect(rotateLink).toHaveBeenCalledWith(roomId, 'viewer', 'fac');
    const input = item('viewer').getByRole('textbox', { name: 'Viewer link' }) as HTMLInputElement;
    expect(input.value).toBe(`${window.location.origin}/b/${roomId}?t=new-viewer`);
    // The off row's button is replaced by the link's row, whose first action takes focus after it renders.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        item('viewer').getByRole('button', { name: 'Copy the Viewer link' }),
      ),
    );
    expect(screen.getByText('New Viewer link made.')).toBeTruthy();
    expect(readRoomLinks(storage, roomId)?.viewer).toBe(`/b/${roomId}?t=new-viewer`);
  });

  it('keeps the link and says why when turning off fails, and cancel changes nothing', async () => {
    const { api } = fakeApi({
      turnOffLink: async () => {
        throw new RoomApiError('network');
      },
    });
    const storage = storedDevice();
    const user = await openPanel({ api, storage });

    await user.click(screen.getByRole('button', { name: 'Turn off link: Participant' }));
    await user.click(item('participant').getByRole('button', { name: 'Cancel' }));
    expect(item('participant').queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(
      item('participant').getByRole('button', { name: 'Copy the Participant link' }),
    );

    await user.click(screen.getByRole('button', { name: 'Turn off link: Participant' }));
    await user.click(item('participant').getByRole('button', { name: 'Turn off link' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^No connection to the server/);
    expect(item('participant').getByRole('textbox', { name: 'Participant link' })).toBeTruthy();
    expect(readRoomLinks(storage, roomId)).toEqual(links);
  });

  it('speaks Finnish', async () => {
    const storage = storedDevice();
    const { api } = fakeApi();
    const user = await openPanel({ api, storage, locale: 'fi' });
    await user.click(screen.getByRole('button', { name: 'Sulje linkki: Vieras' }));
    await user.click(item('guest').getByRole('button', { name: 'Sulje linkki' }));
    expect(item('guest').getByText(/^Ei linkkiä: tällä roolilla ei voi liittyä/)).toBeTruthy();
    expect(item('guest').getByRole('button', { name: 'Uusi linkki: Vieras' })).toBeTruthy();
  });
});
