import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Editor,
  type TLGeoShape,
  type TLStore,
  toRichText,
} from 'tldraw';
import * as Y from 'yjs';
import { YjsStoreBinding, type YjsStoreBindingOptions } from './YjsStoreBinding';

/** Origin used when one test peer applies another's updates. */
export const remoteOrigin = 'test-remote';

/** A store, its doc and the binding between them, with every emitted update recorded. */
export interface TestPeer {
  readonly store: TLStore;
  readonly doc: Y.Doc;
  readonly binding: YjsStoreBinding;
  /** Updates this peer produced itself (not ones applied from others). */
  readonly localUpdates: Uint8Array[];
}

/** A peer with the default shapes; `start()` is left to the test. */
export function createTestPeer(options?: YjsStoreBindingOptions, doc = new Y.Doc()): TestPeer {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const binding = new YjsStoreBinding(store, doc, options);
  const localUpdates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== remoteOrigin) localUpdates.push(update);
  });
  return { store, doc, binding, localUpdates };
}

/**
 * Connects two docs like a relay would: every local update is applied to the
 * other doc at once. Returns a function that disconnects them again.
 */
export function connectDocs(a: Y.Doc, b: Y.Doc): () => void {
  const forward = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== remoteOrigin) Y.applyUpdate(to, update, remoteOrigin);
  };
  const toB = forward(b);
  const toA = forward(a);
  a.on('update', toB);
  b.on('update', toA);
  syncDocs(a, b);
  return () => {
    a.off('update', toB);
    b.off('update', toA);
  };
}

/** Exchanges whatever each doc is missing from the other. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), remoteOrigin);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), remoteOrigin);
}

/**
 * A headless editor on a peer's store, enough for history (undo/redo) and
 * shape helpers, with its history attached to the binding as `BoardSession` does.
 */
export function createTestEditor(peer: TestPeer): Editor {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const editor = new Editor({
    store: peer.store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    initialState: 'select',
  });
  peer.binding.attachHistory(editor);
  return editor;
}

/** A plain black 100×100 rectangle on the default page, valid for the store's schema. */
export function testRectangle(store: TLStore, id: TLGeoShape['id']): TLGeoShape {
  const base = store.schema.types.shape.create({
    id,
    type: 'geo',
    parentId: 'page:page',
    index: 'a1',
  } as never) as TLGeoShape;
  return {
    ...base,
    props: {
      geo: 'rectangle',
      w: 100,
      h: 100,
      color: 'black',
      labelColor: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      font: 'draw',
      richText: toRichText(''),
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      flipX: false,
      flipY: false,
    },
  };
}
