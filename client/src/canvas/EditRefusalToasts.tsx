import { useEffect, useRef } from 'react';
import { useToasts } from 'tldraw';
import { formatMessage, type Locale, messages } from '../i18n/messages';
import { refusalMessage } from '../i18n/refusalMessage';
import type { EditRefusal } from './roleGuards';

/** Props of {@link EditRefusalToasts}. */
export interface EditRefusalToastsProps {
  readonly locale: Locale;
  /** Subscribes to refusals (`BoardSession.onEditRefused`); returns the unsubscribe. */
  subscribe(listener: (refusal: EditRefusal) => void): () => void;
}

/**
 * Says briefly why a change did nothing when the role guards stopped it.
 * A drag is refused on every pointer move: while a toast of the same code is
 * showing, no other is added, so one gesture gives one toast. Render as a
 * child of `<Tldraw>`, where its toasts live.
 */
export function EditRefusalToasts(props: EditRefusalToastsProps): null {
  const { subscribe } = props;
  const toasts = useToasts();
  const locale = useRef(props.locale);
  locale.current = props.locale;

  useEffect(
    () =>
      subscribe((refusal) => {
        const id = `kohtaamo-edit-refused-${refusal.code}`;
        if (toasts.toasts.get().some((toast) => toast.id === id)) return;
        const strings = messages[locale.current];
        toasts.addToast({
          id,
          title: refusalMessage((key, params) => formatMessage(strings[key], params), refusal),
          severity: 'info',
        });
      }),
    [subscribe, toasts],
  );

  return null;
}
