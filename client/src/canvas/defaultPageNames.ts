import type { RoomLanguage } from '@kohtaamo/shared';
import type { Editor, TLPageId, TLStore, TLUiOverrides } from 'tldraw';
import { formatMessage, locales, messages } from '../i18n/messages';

/** The id of the page tldraw creates on an empty board (its store's integrity check). */
export const firstPageId = 'page:page' as TLPageId;

/** The name tldraw gives that page, in English whatever the board's language. */
const tldrawFirstPageName = 'Page 1';

/** The default name of a board's `number`th page in `language`: "Sivu 1", "Page 2". */
export function defaultPageName(language: RoomLanguage, number: number): string {
  return formatMessage(messages[language]['boardPage.defaultName'], { number });
}

/** Whether `name` is a first page's default name in any language (not one somebody chose). */
function isDefaultFirstPageName(name: string): boolean {
  return (
    name === tldrawFirstPageName || locales.some((locale) => name === defaultPageName(locale, 1))
  );
}

/**
 * Names the first page of a new board in the board's language as tldraw
 * creates it (before it is written to the document), when the language is
 * known by then; {@link localizeFirstPageName} covers the rest. Returns the
 * function that removes the handler.
 */
export function nameFirstPageInBoardLanguage(
  store: TLStore,
  language: () => RoomLanguage | null,
): () => void {
  return store.sideEffects.registerBeforeCreateHandler('page', (page, source) => {
    const known = language();
    if (source !== 'user' || known === null) return page;
    if (page.id !== firstPageId || page.name !== tldrawFirstPageName) return page;
    return { ...page, name: defaultPageName(known, 1) };
  });
}

/**
 * Renames the board's first page to its default name in `language` if it
 * still has a default name of another language: a board created before its
 * language was known, or before pages were named in it ("Page 1" on a
 * Finnish board). A name somebody gave stays. Not an undo step. The caller
 * checks that this person may change pages (guests and viewers may not).
 */
export function localizeFirstPageName(editor: Editor, language: RoomLanguage): void {
  const page = editor.getPage(firstPageId);
  const name = defaultPageName(language, 1);
  if (!page || page.name === name || !isDefaultFirstPageName(page.name)) return;
  if (editor.getIsReadonly()) return;
  editor.run(() => editor.updatePage({ id: page.id, name }), { history: 'ignore' });
}

/**
 * tldraw UI overrides that name pages added from the page menu in the
 * board's language ("Sivu 2" on a Finnish board), whatever language the
 * person's UI is in: page names are the board's content, which everyone sees.
 */
export function pageNameOverrides(language: RoomLanguage): TLUiOverrides {
  const initialName = { 'page-menu.new-page-initial-name': defaultPageName(language, 1) };
  return { translations: Object.fromEntries(locales.map((locale) => [locale, initialName])) };
}
