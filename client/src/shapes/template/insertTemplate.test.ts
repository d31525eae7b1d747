import '../../canvas/testSetup';
import { conceptCanvas, journeyMap, persona } from '@kohtaamo/shared';
import { Box, type Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cameraRevealing, insertTemplate, measureUiInsets, templateGap } from './insertTemplate';
import { isTemplateShape } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

function templates() {
  return editor.getCurrentPageShapes().filter(isTemplateShape);
}

describe('insertTemplate', () => {
  it('creates the template centred in the viewport and selects it', () => {
    editor.setCamera({ x: -400, y: 250, z: 1 });
    const centre = editor.getViewportPageBounds().center;
    const id = insertTemplate(editor, persona);

    const [shape] = templates();
    expect(shape?.id).toBe(id);
    expect(shape?.props).toMatchObject({ templateId: 'persona', kind: 'grid', w: 800, h: 800 });
    const bounds = editor.getShapePageBounds(id);
    expect(bounds?.center.x).toBeCloseTo(centre.x);
    expect(bounds?.center.y).toBeCloseTo(centre.y);
    expect(editor.getSelectedShapeIds()).toEqual([id]);
  });

  // Regression (issue 13): a second template landed on top of the first, hiding it.
  it('puts a second template beside the first, not on it, and shows it', () => {
    const first = insertTemplate(editor, journeyMap);
    const second = insertTemplate(editor, conceptCanvas);
    const [a, b] = [first, second].map((id) => editor.getShapePageBounds(id));
    if (!a || !b) throw new Error('no bounds');
    expect(a.collides(b)).toBe(false);
    expect(b.minX - a.maxX >= templateGap || b.minY - a.maxY >= templateGap).toBe(true);
    expect(editor.getViewportPageBounds().contains(b)).toBe(true);
    // A note hanging out of the first template counts too.
    editor.createShape({ type: 'note', parentId: first, x: a.w + 20, y: 0 });
    const third = insertTemplate(editor, persona);
    const c = editor.getShapePageBounds(third);
    if (!c) throw new Error('no bounds');
    for (const shape of editor.getCurrentPageShapes()) {
      if (shape.id === third) continue;
      expect(c.collides(editor.getShapePageBounds(shape) ?? c), shape.type).toBe(false);
    }
  });

  it('zooms out so that a template larger than the viewport is seen whole', () => {
    const id = insertTemplate(editor, journeyMap);
    const bounds = editor.getShapePageBounds(id);
    expect(bounds && editor.getViewportPageBounds().contains(bounds)).toBe(true);
  });

  it('is one undo step, and redo brings it back', () => {
    insertTemplate(editor, conceptCanvas);
    expect(templates()).toHaveLength(1);
    editor.undo();
    expect(templates()).toHaveLength(0);
    expect(editor.getSelectedShapeIds()).toEqual([]);
    editor.redo();
    expect(templates()).toHaveLength(1);
  });
});

describe('cameraRevealing', () => {
  const viewport = {
    w: 1000,
    h: 800,
    insets: { top: 200, bottom: 100 },
    camera: { x: 0, y: 0, z: 1 },
    minZoom: 0.05,
  };

  it('keeps the camera when the shape is already in the free part of the screen', () => {
    expect(cameraRevealing({ x: 100, y: 300, w: 400, h: 300 }, viewport)).toEqual(viewport.camera);
  });

  it('moves a shape under the top panel below it, keeping the zoom when it fits', () => {
    // Free part: x 16–984, y 216–684 (468 high).
    const camera = cameraRevealing({ x: 100, y: 0, w: 400, h: 300 }, viewport);
    expect(camera.z).toBe(1);
    expect((0 + camera.y) * camera.z).toBeCloseTo(216 + (468 - 300) / 2);
    expect((100 + camera.x) * camera.z).toBeCloseTo(16 + (968 - 400) / 2);
  });

  it('zooms out just enough for a shape larger than the free part', () => {
    const camera = cameraRevealing({ x: 0, y: 0, w: 2000, h: 1200 }, viewport);
    expect(camera.z).toBeCloseTo(468 / 1200);
    expect(camera.y * camera.z).toBeCloseTo(216);
  });

  it('aligns a shape too large even at the smallest zoom to the free part’s top left', () => {
    const camera = cameraRevealing({ x: 0, y: 0, w: 40000, h: 40000 }, viewport);
    expect(camera.z).toBe(0.05);
    expect(camera.x * camera.z).toBeCloseTo(16);
    expect(camera.y * camera.z).toBeCloseTo(216);
  });
});

// Regression: the structure panel opened over the header row of a freshly inserted template.
describe('insertTemplate below the top panel', () => {
  function stubRect(element: Element, rect: { top: number; bottom: number; width: number }) {
    element.getBoundingClientRect = () =>
      ({
        ...rect,
        left: 0,
        right: rect.width,
        x: 0,
        y: rect.top,
        height: rect.bottom - rect.top,
      }) as DOMRect;
  }

  function addUi(top: number, bottom: number) {
    const container = editor.getContainer();
    stubRect(container, { top: 0, bottom: 800, width: 1000 });
    const center = document.createElement('div');
    center.className = 'tlui-layout__top__center';
    const panel = document.createElement('section');
    center.appendChild(panel);
    stubRect(panel, { top: 8, bottom: top, width: 600 });
    const bottomZone = document.createElement('div');
    bottomZone.className = 'tlui-layout__bottom';
    stubRect(bottomZone, { top: 800 - bottom, bottom: 800, width: 1000 });
    container.append(center, bottomZone);
  }

  it('measures the top panel and the bottom toolbar zone', () => {
    expect(measureUiInsets(editor)).toEqual({ top: 0, bottom: 0 });
    addUi(240, 64);
    expect(measureUiInsets(editor)).toEqual({ top: 240, bottom: 64 });
  });

  it('shows the whole template, header row included, between the panel and the toolbar', () => {
    addUi(240, 64);
    const id = insertTemplate(editor, journeyMap);
    const bounds = editor.getShapePageBounds(id);
    if (!bounds) throw new Error('no bounds');
    const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
    const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
    expect(topLeft.y).toBeGreaterThanOrEqual(240);
    expect(bottomRight.y).toBeLessThanOrEqual(800 - 64);
    expect(new Box(0, 0, 1000, 800).contains(Box.FromPoints([topLeft, bottomRight]))).toBe(true);
  });
});
