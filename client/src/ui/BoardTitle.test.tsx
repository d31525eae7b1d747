import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RoomApiError } from '../app/roomApi';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { BoardTitle } from './BoardTitle';

const roomId = 'Abcdefghijklmnopqrstuv';

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

function renderTitle(options: {
  title: string | null;
  rename?: (title: string) => Promise<void>;
  locale?: Locale;
}) {
  const onRenamed = vi.fn();
  render(
    <I18nProvider initialLocale={options.locale ?? 'en'}>
      <BoardTitle
        roomId={roomId}
        title={options.title}
        rename={options.rename}
        onRenamed={onRenamed}
      />
    </I18nProvider>,
  );
  return { onRenamed, user: userEvent.setup() };
}

describe('BoardTitle', () => {
  it("shows the board's title, not its code, to everyone but the facilitator (issue 13)", () => {
    renderTitle({ title: 'Palvelupolku' });
    expect(screen.getByTestId('board-title').textContent).toBe('Palvelupolku');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByText(roomId)).toBeNull();
  });

  it('shows the code while no title is known (a board opened by its code alone)', () => {
    renderTitle({ title: null });
    expect(screen.getByText(roomId).tagName).toBe('CODE');
  });

  it('lets the facilitator rename the board with the keyboard and gives focus back', async () => {
    const rename = vi.fn(async () => {});
    const { onRenamed, user } = renderTitle({ title: 'Palvelupolku', rename });
    const button = screen.getByRole('button', { name: 'Palvelupolku — rename the board' });
    button.focus();
    await user.keyboard('{Enter}');

    const dialog = screen.getByRole('dialog', { name: 'Rename the board' });
    const field = within(dialog).getByLabelText('Board name');
    expect((field as HTMLInputElement).value).toBe('Palvelupolku');
    await user.clear(field);
    await user.type(field, '  Kahvilan polku {Enter}');

    expect(rename).toHaveBeenCalledWith('Kahvilan polku');
    expect(onRenamed).toHaveBeenCalledWith('Kahvilan polku');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(screen.getByText('The board is now called “Kahvilan polku”.')).toBeTruthy();
  });

  it('refuses an empty name before sending it', async () => {
    const rename = vi.fn(async () => {});
    const { user } = renderTitle({ title: 'Palvelupolku', rename });
    await user.click(screen.getByRole('button', { name: 'Palvelupolku — rename the board' }));
    const field = screen.getByLabelText('Board name');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a name for the board.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(rename).not.toHaveBeenCalled();
  });

  it("shows the server's refusal in Finnish and keeps the dialog open", async () => {
    const rename = vi.fn(async () => {
      throw new RoomApiError('invalid');
    });
    const { onRenamed, user } = renderTitle({ title: 'Palvelupolku', rename, locale: 'fi' });
    await user.click(screen.getByRole('button', { name: 'Palvelupolku — nimeä taulu uudelleen' }));
    const field = screen.getByLabelText('Taulun nimi');
    await user.type(field, ' 2');
    await user.click(screen.getByRole('button', { name: 'Tallenna' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Palvelin ei hyväksynyt nimeä. Käytä 1–120 merkkiä.',
    );
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(field);
    expect(onRenamed).not.toHaveBeenCalled();
  });

  it('says so when someone other than the facilitator is refused (403)', async () => {
    const rename = vi.fn(async () => {
      throw new RoomApiError('forbidden');
    });
    const { user } = renderTitle({ title: 'Palvelupolku', rename });
    await user.click(screen.getByRole('button', { name: 'Palvelupolku — rename the board' }));
    await user.type(screen.getByLabelText('Board name'), '!');
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Only the facilitator can rename the board.',
    );
  });

  it('closes without renaming on Cancel and on Escape', async () => {
    const rename = vi.fn(async () => {});
    const { user } = renderTitle({ title: 'Palvelupolku', rename });
    const button = screen.getByRole('button', { name: 'Palvelupolku — rename the board' });
    await user.click(button);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(button);
    // The browser turns Escape in a modal dialog into its cancel event.
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(rename).not.toHaveBeenCalled();
  });
});
