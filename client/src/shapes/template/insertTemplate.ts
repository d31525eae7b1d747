import { createTemplateInstance, type TemplateDefinition } from '@kohtaamo/shared';
import { type BoxLike, createShapeId, type Editor, type TLShapeId } from 'tldraw';
import { freeSpot } from './freeSpot';
import { propsFromInstance, templateShapeType } from './templateShapeProps';

/** Space between a revealed template and the edges of the free part of the screen, in screen px. */
const revealMargin = 16;

/** Space kept between a new template and what is already on the page, in page units. */
export const templateGap = 80;

/**
 * Inserts a fresh instance of `definition` and selects it, as one undo
 * step, then moves the camera so that the template is seen whole below
 * tldraw's top panel (where its structure panel opens) and above the
 * toolbar: first at once, and again once the panel for the new selection
 * has been drawn and can be measured. The template goes in free space: in
 * the middle of the viewport if nothing is there, else beside what is on
 * the page, nearest to the middle of the viewport, never over any shape
 * (see `freeSpot`), so a second template never lands on the first. The
 * toolbar, the main menu and the agenda all insert through here. Returns
 * its id.
 */
export function insertTemplate(editor: Editor, definition: TemplateDefinition): TLShapeId {
  const instance = createTemplateInstance(definition);
  const occupied = editor
    .getCurrentPageShapes()
    .flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  const spot = freeSpot(instance, occupied, editor.getViewportPageBounds().center, templateGap);
  const id = createShapeId();
  editor.markHistoryStoppingPoint(`insert template ${definition.id}`);
  editor.run(() => {
    editor.createShape({
      id,
      type: templateShapeType,
      parentId: editor.getCurrentPageId(),
      x: spot.x,
      y: spot.y,
      props: propsFromInstance(instance),
    });
    editor.select(id);
  });
  revealShape(editor, id);
  // The structure panel (and the session bar above it) lay out over the next frames: reveal
  // again whenever the space they leave changes, for about half a second.
  let lastTop = measureUiInsets(editor).top;
  let frames = 0;
  const follow = () => {
    if (!editor.getSelectedShapeIds().includes(id)) return;
    const top = measureUiInsets(editor).top;
    if (top !== lastTop) {
      lastTop = top;
      revealShape(editor, id);
    }
    if (++frames < revealFrames) editor.timers.requestAnimationFrame(follow);
  };
  editor.timers.requestAnimationFrame(follow);
  return id;
}

/** How much of the viewport the editor's UI covers at the top and bottom, in screen px. */
export interface ScreenInsets {
  readonly top: number;
  readonly bottom: number;
}

/** A camera: page point p is drawn at screen point (p + (x, y)) · z within the viewport. */
export interface CameraPosition {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** What {@link cameraRevealing} needs to know about the viewport. */
export interface RevealViewport {
  /** Screen size of the viewport. */
  readonly w: number;
  readonly h: number;
  readonly insets: ScreenInsets;
  readonly camera: CameraPosition;
  /** Smallest zoom the camera allows. */
  readonly minZoom: number;
}

/**
 * The camera that shows `bounds` (page coordinates) inside the free part of
 * the viewport, i.e. without the insets and a small margin. A template that is
 * already there keeps the camera as it is; otherwise the zoom stays unless the
 * template does not fit (then it zooms out, not below `minZoom`) and the
 * template is centred in the free part. One still too large is aligned to the
 * free part's top and left edges, where its stage and lane labels are.
 */
export function cameraRevealing(bounds: BoxLike, viewport: RevealViewport): CameraPosition {
  const { camera, insets } = viewport;
  const free = {
    minX: revealMargin,
    minY: insets.top + revealMargin,
    maxX: viewport.w - revealMargin,
    maxY: viewport.h - insets.bottom - revealMargin,
  };
  const freeW = Math.max(1, free.maxX - free.minX);
  const freeH = Math.max(1, free.maxY - free.minY);
  const screenOf = (x: number, y: number) => ({
    x: (x + camera.x) * camera.z,
    y: (y + camera.y) * camera.z,
  });
  const topLeft = screenOf(bounds.x, bounds.y);
  const bottomRight = screenOf(bounds.x + bounds.w, bounds.y + bounds.h);
  if (
    topLeft.x >= free.minX &&
    topLeft.y >= free.minY &&
    bottomRight.x <= free.maxX &&
    bottomRight.y <= free.maxY
  ) {
    return camera;
  }
  const z = Math.max(viewport.minZoom, Math.min(camera.z, freeW / bounds.w, freeH / bounds.h));
  const place = (freeMin: number, freeSize: number, min: number, size: number) =>
    size * z <= freeSize ? (freeMin + (freeSize - size * z) / 2) / z - min : freeMin / z - min;
  return {
    x: place(free.minX, freeW, bounds.x, bounds.w),
    y: place(free.minY, freeH, bounds.y, bounds.h),
    z,
  };
}

/** Frames after an insert in which the template is revealed again if the top UI changes size. */
const revealFrames = 30;

/**
 * The screen px at the top and bottom of the editor's viewport that its UI
 * covers: tldraw's top panel (the session bar, the template structure panel
 * and the like) and its bottom toolbar zone. Zero where that UI is not drawn (tests, hidden UI).
 */
export function measureUiInsets(editor: Editor): ScreenInsets {
  const container = editor.getContainer();
  const area = container.getBoundingClientRect();
  const topCentre = container.querySelector('.tlui-layout__top__center');
  const bottomZone = container.querySelector('.tlui-layout__bottom');
  const bottomRect = bottomZone?.getBoundingClientRect();
  const drawn = (rect: DOMRect | undefined): rect is DOMRect =>
    rect !== undefined && rect.width > 0 && rect.height > 0;
  // The top panel is a wrapper whose parts (session bar, structure panel) may be positioned
  // out of its flow, as on a phone: the lowest drawn part is what the UI covers.
  let topBottom: number | undefined;
  for (const part of topCentre?.querySelectorAll(':scope > *, :scope > * > *') ?? []) {
    const rect = part.getBoundingClientRect();
    if (drawn(rect)) topBottom = Math.max(topBottom ?? rect.bottom, rect.bottom);
  }
  return {
    top: topBottom === undefined ? 0 : clampInset(topBottom - area.top, area.height),
    bottom: drawn(bottomRect) ? clampInset(area.bottom - bottomRect.top, area.height) : 0,
  };
}

function clampInset(value: number, height: number): number {
  // Leave at least half the viewport free, whatever the UI measures.
  return Math.min(Math.max(0, value), height / 2);
}

function revealShape(editor: Editor, id: TLShapeId): void {
  const bounds = editor.getShapePageBounds(id);
  if (!bounds) return;
  const screen = editor.getViewportScreenBounds();
  const { zoomSteps } = editor.getCameraOptions();
  const next = cameraRevealing(bounds, {
    w: screen.w,
    h: screen.h,
    insets: measureUiInsets(editor),
    camera: editor.getCamera(),
    minZoom: (zoomSteps[0] ?? 0.1) * editor.getBaseZoom(),
  });
  const camera = editor.getCamera();
  if (next.x !== camera.x || next.y !== camera.y || next.z !== camera.z) {
    editor.setCamera(next);
  }
}
