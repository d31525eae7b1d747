import { useEffect, useRef } from 'react';
import { useToasts } from 'tldraw';
import type { Locale } from '../i18n/messages';
import type { ControlChannel } from './ControlChannel';
import { refusalText } from './facilitationText';

/** Props of {@link ControlRefusalToasts}. */
export interface ControlRefusalToastsProps {
  readonly locale: Locale;
  readonly control: Pick<ControlChannel, 'onRefused'>;
}

/**
 * Says why a facilitation request did nothing: the server's refusal or a
 * local one (no answer, no connection), in the board's language. One
 * toast per code while it shows, so repeated clicks do not stack them.
 * Render as a child of `<Tldraw>`, where its toasts live.
 */
export function ControlRefusalToasts(props: ControlRefusalToastsProps): null {
  const { control } = props;
  const toasts = useToasts();
  const locale = useRef(props.locale);
  locale.current = props.locale;
  useEffect(
    () =>
      control.onRefused((refusal) => {
        const id = `kohtaamo-control-refused-${refusal.code}`;
        if (toasts.toasts.get().some((toast) => toast.id === id)) return;
        toasts.addToast({ id, title: refusalText(refusal, locale.current), severity: 'warning' });
      }),
    [control, toasts],
  );
  return null;
}
