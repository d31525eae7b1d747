import type { RoomLanguage } from '@kohtaamo/shared';
import { useEffect } from 'react';
import { useEditor, useReadonly, useValue } from 'tldraw';
import { firstPageId, localizeFirstPageName } from './defaultPageNames';

/**
 * Keeps the first page's default name in the board's language (see
 * `localizeFirstPageName`) once the language is known, for people who may
 * change pages. Render-free; a child of `<Tldraw>`.
 */
export function FirstPageName(props: {
  language: RoomLanguage | null;
  /** Guests and viewers may not change pages: the server would refuse it. */
  mayChangePages: boolean;
}): null {
  const { language, mayChangePages } = props;
  const editor = useEditor();
  const readonly = useReadonly();
  const name = useValue('kohtaamo.firstPageName', () => editor.getPage(firstPageId)?.name, [
    editor,
  ]);
  useEffect(() => {
    if (language !== null && mayChangePages && !readonly && name !== undefined) {
      localizeFirstPageName(editor, language);
    }
  }, [editor, language, mayChangePages, readonly, name]);
  return null;
}
