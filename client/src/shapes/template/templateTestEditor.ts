import {
  atom,
  Box,
  createTLCurrentUser,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeTools,
  defaultTools,
  Editor,
  type TLShapeId,
  type TLStore,
  type TLUserPreferences,
  tipTapDefaultExtensions,
} from 'tldraw';
import { boardShapeUtils } from '../kohtaamoShapeUtils';
import { isTemplateShape, type TLTemplateShape } from './templateShapeProps';

/** Options of {@link createTemplateTestEditor}. */
export interface TemplateTestEditorOptions {
  /** The local user's id (and name); tldraw's default user when absent. */
  readonly userId?: string;
  /** The user's UI language; with `userId` only. Default `en`. */
  readonly locale?: 'fi' | 'en';
  /** A store to share with other editors (two people on one board); a new one when absent. */
  readonly store?: TLStore;
}

/**
 * A headless editor with the board's shapes (tldraw's plus ours) and a
 * 1000×800 viewport, for tests. Import '../../canvas/testSetup' first.
 */
export function createTemplateTestEditor(options: TemplateTestEditorOptions = {}): Editor {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const store =
    options.store ??
    createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: defaultBindingUtils });
  const { userId, locale = 'en' } = options;
  const prefs =
    userId === undefined
      ? undefined
      : atom<TLUserPreferences>('prefs', { id: userId, name: userId, locale });
  const editor = new Editor({
    store,
    shapeUtils: boardShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    initialState: 'select',
    ...(prefs && {
      user: createTLCurrentUser({
        userPreferences: prefs,
        setUserPreferences: (next) => prefs.set(next),
      }),
    }),
    // What <Tldraw> passes by default; notes and text need it to measure their labels.
    options: {
      text: {
        addFontsFromNode: defaultAddFontsFromNode,
        tipTapConfig: { extensions: tipTapDefaultExtensions },
      },
    },
  });
  editor.updateViewportScreenBounds(new Box(0, 0, 1000, 800));
  return editor;
}

/** The template shape `id` of `editor`; throws if there is none. */
export function templateShapeOf(editor: Editor, id: TLShapeId): TLTemplateShape {
  const shape = editor.getShape(id);
  if (!isTemplateShape(shape)) throw new Error(`no template ${id}`);
  return shape;
}
