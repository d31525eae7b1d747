import { useEffect, useRef } from 'react';
import { useToasts } from 'tldraw';
import { type Locale, type MessageKey, messages } from '../i18n/messages';
import type { EditRefusal, EditRefusalKind } from './roleGuards';

/** The toast text of each refusal. */
export const editRefusalMessageKeys: Record<EditRefusalKind, MessageKey> = {
  notAuthor: 'roles.refused.notAuthor',
  lockedTemplate: 'roles.refused.lockedTemplate',
  lockingTemplate: 'roles.refused.lockingTemplate',
  guestTemplate: 'roles.refused.guestTemplate',
};

/** Props of {@link EditRefusalToasts}. */
export interface EditRefusalToastsProps {
  readonly locale: Locale;
  /** Subscribes to refusals (`BoardSession.onEditRefused`); returns the unsubscribe. */
  subscribe(listener: (refusal: EditRefusal) => void): () => void;
}

/**
 * Says briefly why a change did nothing when the role guards stopped it.
 * A drag is refused on every pointer move: while a toast of the same kind is
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
        const id = `kohtaamo-edit-refused-${refusal.kind}`;
        if (toasts.toasts.get().some((toast) => toast.id === id)) return;
        toasts.addToast({
          id,
          title: messages[locale.current][editRefusalMessageKeys[refusal.kind]],
          severity: 'info',
        });
      }),
    [subscribe, toasts],
  );

  return null;
}
