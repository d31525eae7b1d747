import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { NameDialog } from './NameDialog';

afterEach(cleanup);

function renderDialog(options: {
  mode: 'welcome' | 'edit';
  initialName?: string;
  locale?: Locale;
}) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const view = render(
    <I18nProvider initialLocale={options.locale ?? 'en'}>
      <button type="button">before</button>
      <NameDialog
        mode={options.mode}
        initialName={options.initialName ?? ''}
        onSubmit={onSubmit}
        onCancel={onCancel}
      />
    </I18nProvider>,
  );
  return { onSubmit, onCancel, view };
}

describe('NameDialog', () => {
  it('is a labelled modal dialog that focuses the name field', () => {
    renderDialog({ mode: 'welcome' });
    const dialog = screen.getByRole('dialog', { name: 'Welcome! What should others call you?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Your name'));
  });

  it('uses Finnish texts', () => {
    renderDialog({ mode: 'welcome', locale: 'fi' });
    expect(screen.getByLabelText('Nimesi')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Jatka' })).toBeTruthy();
  });

  it('explains an empty name inline instead of submitting', async () => {
    const user = userEvent.setup();
    const { onSubmit } = renderDialog({ mode: 'welcome' });
    await user.type(screen.getByLabelText('Your name'), '   ');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const input = screen.getByLabelText('Your name');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const errorId = input.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(errorId)?.textContent).toBe(
      'Enter a name so that others know who you are.',
    );
  });

  it('submits the trimmed name with Enter', async () => {
    const user = userEvent.setup();
    const { onSubmit } = renderDialog({ mode: 'welcome' });
    await user.type(screen.getByLabelText('Your name'), '  Aino  {Enter}');
    expect(onSubmit).toHaveBeenCalledWith('Aino');
  });

  it('cannot be dismissed with Escape before a name exists', async () => {
    const user = userEvent.setup();
    const { onCancel } = renderDialog({ mode: 'welcome' });
    await user.keyboard('{Escape}');
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('can be cancelled with Escape or Cancel when editing', async () => {
    const user = userEvent.setup();
    const { onCancel } = renderDialog({ mode: 'edit', initialName: 'Aino' });
    expect(screen.getByRole('dialog', { name: 'Change your name' })).toBeTruthy();
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Aino');
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const user = userEvent.setup();
    renderDialog({ mode: 'edit', initialName: 'Aino' });
    const input = screen.getByLabelText('Your name');
    const submit = screen.getByRole('button', { name: 'Continue' });
    submit.focus();
    await user.tab();
    expect(document.activeElement).toBe(input);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(submit);
  });

  it('returns focus to where it was when closed', () => {
    const before = document.createElement('button');
    document.body.append(before);
    before.focus();
    const { view } = renderDialog({ mode: 'edit', initialName: 'Aino' });
    expect(document.activeElement).not.toBe(before);
    view.unmount();
    expect(document.activeElement).toBe(before);
    before.remove();
  });
});
