import type { RefusalData } from '@kohtaamo/shared';
import { useEffect, useRef } from 'react';
import { useToasts } from 'tldraw';
import { formatMessage, type Locale, messages } from '../i18n/messages';
import { refusalMessage } from '../i18n/refusalMessage';

/** Props of {@link RefusalToasts}. */
export interface RefusalToastsProps {
  readonly locale: Locale;
  /** Subscribes to refusals (`BoardSession.onEditRefused`, `ControlChannel.onRefused`); returns the unsubscribe. */
  subscribe(listener: (refusal: RefusalData) => void): () => void;
  /** Tells these toasts from others' (their ids start with it). */
  readonly idPrefix: string;
  /** `info` for an edit the guards stopped, `warning` for a request the server refused. */
  readonly severity: 'info' | 'warning';
}

/**
 * Says briefly why something did nothing: a change the role guards stopped
 * or a facilitation request the server refused, translated from its code.
 * A drag is refused on every pointer move and a button can be pressed
 * repeatedly: while a toast of the same code is showing, no other is added.
 * Render as a child of `<Tldraw>`, where its toasts live.
 */
export function RefusalToasts(props: RefusalToastsProps): null {
  const { subscribe, idPrefix, severity } = props;
  const toasts = useToasts();
  const locale = useRef(props.locale);
  locale.current = props.locale;

  useEffect(
    () =>
      subscribe((refusal) => {
        const id = `${idPrefix}-${refusal.code}`;
        if (toasts.toasts.get().some((toast) => toast.id === id)) return;
        const strings = messages[locale.current];
        toasts.addToast({
          id,
          title: refusalMessage((key, params) => formatMessage(strings[key], params), refusal),
          severity,
        });
      }),
    [subscribe, toasts, idPrefix, severity],
  );

  return null;
}
