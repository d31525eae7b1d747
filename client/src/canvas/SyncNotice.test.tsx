import { CloseCode, encodeRefusalCloseReason, fatalCloseCodes, refusal } from '@kohtaamo/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatMessage, type Locale, messages } from '../i18n/messages';
import type { Translate } from '../i18n/refusalMessage';
import { fatalCloseDetail, fatalCloseMessageKeys, SyncNotice } from './SyncNotice';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('SyncNotice', () => {
  it('renders a labelled alert dialog whose Reload button has focus and keeps it', () => {
    const onAction = vi.fn();
    act(() =>
      root.render(
        <SyncNotice
          variant="dialog"
          title="Newer"
          body="Reload"
          actionLabel="Reload now"
          onAction={onAction}
        />,
      ),
    );
    const dialog = container.querySelector('[role="alertdialog"]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    const labelledBy = dialog?.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelledBy)?.textContent).toBe('Newer');
    const button = container.querySelector('button');
    expect(document.activeElement).toBe(button);

    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    act(() => {
      button?.dispatchEvent(tab);
    });
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(button);

    act(() => button?.click());
    expect(onAction).toHaveBeenCalledOnce();
  });

  it('shows the detail under the title and describes the notice with it', () => {
    act(() =>
      root.render(
        <SyncNotice
          variant="banner"
          title="A change was refused"
          detail="Only the author can change this."
          body="Reload"
          actionLabel="Reload"
          onAction={() => {}}
        />,
      ),
    );
    const alert = container.querySelector('[role="alert"]');
    const texts = [...(alert?.querySelectorAll('h2, p') ?? [])].map((node) => node.textContent);
    expect(texts).toEqual(['A change was refused', 'Only the author can change this.', 'Reload']);
    const describedBy = alert?.getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Only the author can change this.',
      'Reload',
    ]);
  });

  it('renders the banner as an alert', () => {
    act(() =>
      root.render(
        <SyncNotice
          variant="banner"
          title="Full"
          body="Too large"
          actionLabel="Reload"
          onAction={() => {}}
        />,
      ),
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('Too large');
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
  });
});

describe('fatalCloseMessageKeys', () => {
  it('explains a rate-limit close in its own words, in both languages', () => {
    const keys = fatalCloseMessageKeys(CloseCode.rateLimited);
    expect(keys).toEqual({
      title: 'sync.fatal.rateLimited.title',
      body: 'sync.fatal.rateLimited.body',
    });
    expect(messages.en[keys.title]).toMatch(/too fast/i);
    expect(messages.fi[keys.title]).toMatch(/liian nopeasti/i);
  });

  it('says a revoked, expired or deleted link is no longer valid and who to ask, in both languages', () => {
    const keys = fatalCloseMessageKeys(CloseCode.unauthorized);
    expect(messages.en[keys.body]).toBe(
      'This link is no longer valid: it was revoked, expired or the board was deleted. Ask the facilitator for a new link.',
    );
    expect(messages.fi[keys.body]).toMatch(/fasilitaattorilta uusi linkki/);
  });

  it("tells a wrong board's link from a viewer's refused edit", () => {
    expect(messages.en[fatalCloseMessageKeys(CloseCode.forbidden).body]).toMatch(
      /^This link is for another board\./,
    );
    expect(messages.en[fatalCloseMessageKeys(CloseCode.forbidden, true).body]).toMatch(
      /^You can view this board but not edit it\./,
    );
  });

  it('says a refused change was not saved and that a reload continues, in both languages', () => {
    const keys = fatalCloseMessageKeys(CloseCode.editRejected);
    expect(keys).toEqual({
      title: 'sync.fatal.editRejected.title',
      body: 'sync.fatal.editRejected.body',
    });
    expect(messages.en[keys.title]).toBe('A change was refused');
    expect(messages.en[keys.body]).toMatch(/not saved.*Reload the page/);
    expect(messages.fi[keys.body]).toMatch(/ei tallennettu.*Lataa sivu uudelleen/);
  });

  it('has a distinct message for the full board and a generic one for other refusals', () => {
    expect(fatalCloseMessageKeys(CloseCode.documentTooLarge).title).toBe(
      'sync.fatal.tooLarge.title',
    );
    expect(fatalCloseMessageKeys(CloseCode.malformedMessage).title).toBe(
      'sync.fatal.refused.title',
    );
    for (const code of fatalCloseCodes) {
      const { title, body } = fatalCloseMessageKeys(code);
      for (const locale of ['en', 'fi'] as const) {
        expect(messages[locale][title]).not.toBe('');
        expect(messages[locale][body]).not.toBe('');
      }
    }
  });
});

describe('fatalCloseDetail', () => {
  const translate =
    (locale: Locale): Translate =>
    (key, params) =>
      formatMessage(messages[locale][key], params);
  const rejected = (reason: string) => ({ code: CloseCode.editRejected, reason });

  it('translates the refusal code an editRejected close carries', () => {
    const reason = encodeRefusalCloseReason(refusal('lock.change', 'only the facilitator…'));
    expect(fatalCloseDetail(translate('fi'), rejected(reason))).toBe(
      'Vain fasilitaattori voi lukita tai avata tämän.',
    );
    expect(fatalCloseDetail(translate('en'), rejected('guest.notAuthor'))).toBe(
      'Only the author can change this.',
    );
  });

  it('says nothing more for an older server’s English reason, an unknown code or another close', () => {
    const t = translate('en');
    expect(fatalCloseDetail(t, rejected("a guest cannot change other people's content"))).toBe(
      undefined,
    );
    expect(fatalCloseDetail(t, rejected('future.rule'))).toBeUndefined();
    expect(fatalCloseDetail(t, rejected(''))).toBeUndefined();
    expect(
      fatalCloseDetail(t, { code: CloseCode.rateLimited, reason: 'rate.awareness' }),
    ).toBeUndefined();
  });
});
