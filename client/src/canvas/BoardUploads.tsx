import type { UploadLimits } from '@kohtaamo/shared';
import { useEffect, useRef } from 'react';
import { useEditor, useToasts } from 'tldraw';
import { type Locale, messages } from '../i18n/messages';
import { registerLinkHandler } from './linkHandler';
import { registerUploadHandlers } from './uploadHandlers';

/** Props of {@link BoardUploads}. */
export interface BoardUploadsProps {
  readonly locale: Locale;
  readonly limits: UploadLimits;
}

/**
 * Puts our file handling in place of tldraw's (see `registerUploadHandlers`)
 * and shows refusals as tldraw toasts. Render as a child of `<Tldraw>`: that
 * is where its toasts live, and children's effects run after tldraw
 * registered its default handlers, which these replace.
 */
export function BoardUploads(props: BoardUploadsProps): null {
  const { limits } = props;
  const editor = useEditor();
  const toasts = useToasts();
  const locale = useRef(props.locale);
  locale.current = props.locale;

  useEffect(() => {
    registerLinkHandler(editor);
    registerUploadHandlers(editor, {
      limits,
      getLocale: () => locale.current,
      notify: (message) => {
        toasts.addToast({
          title: messages[locale.current]['uploads.failed.title'],
          description: message,
          severity: 'error',
        });
      },
    });
  }, [editor, toasts, limits]);

  return null;
}
