import {
  Box,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeTools,
  defaultTools,
  Editor,
  tipTapDefaultExtensions,
} from 'tldraw';
import { boardShapeUtils } from '../kohtaamoShapeUtils';

/**
 * A headless editor with the board's shapes (tldraw's plus ours) and a
 * 1000×800 viewport, for tests. Import '../../canvas/testSetup' first.
 */
export function createTemplateTestEditor(): Editor {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: defaultBindingUtils });
  const editor = new Editor({
    store,
    shapeUtils: boardShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    initialState: 'select',
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
