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
import type * as Y from 'yjs';
import { connectDocs } from '../../canvas/testHarness';
import { YjsStoreBinding } from '../../canvas/YjsStoreBinding';
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

/** One person's side of {@link createSyncedTestPeers}. */
export interface SyncedTestPeer {
  readonly doc: Y.Doc;
  readonly binding: YjsStoreBinding;
  readonly editor: Editor;
}

/**
 * Two people's editors on one board: each with its own Y.Doc, store and
 * binding, the docs connected and the bindings started. The bindings flush
 * on timers, so drive them with fake timers. `disconnect` cuts the link;
 * `connectDocs` joins the docs again.
 */
export function createSyncedTestPeers(
  docs: readonly [Y.Doc, Y.Doc],
  userIds: readonly [string, string],
): { readonly peers: readonly [SyncedTestPeer, SyncedTestPeer]; disconnect(): void } {
  const peer = (doc: Y.Doc, userId: string): SyncedTestPeer => {
    const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: defaultBindingUtils });
    const binding = new YjsStoreBinding(store, doc);
    return { doc, binding, editor: createTemplateTestEditor({ userId, store }) };
  };
  const peers = [peer(docs[0], userIds[0]), peer(docs[1], userIds[1])] as const;
  const disconnect = connectDocs(docs[0], docs[1]);
  for (const { binding } of peers) binding.start();
  return { peers, disconnect };
}
