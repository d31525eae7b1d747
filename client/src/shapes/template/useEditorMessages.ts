import { useCallback } from 'react';
import { useEditor, useValue } from 'tldraw';
import { formatMessage, type MessageKey, messages } from '../../i18n/messages';
import { toTemplateLocale } from './templateLocale';

/**
 * The app's messages in the editor's locale, for components rendered inside
 * tldraw's UI (the app keeps the editor's locale equal to its own).
 */
export function useEditorMessages() {
  const editor = useEditor();
  const locale = useValue('kohtaamo.uiLocale', () => toTemplateLocale(editor.user.getLocale()), [
    editor,
  ]);
  const t = useCallback(
    (key: MessageKey, params?: Record<string, string | number>) =>
      formatMessage(messages[locale][key], params),
    [locale],
  );
  return { locale, t };
}
