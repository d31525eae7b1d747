import type { FollowState } from '@kohtaamo/shared';
import { Box, type Editor, react, type Signal, type TLCamera, type TLPageId } from 'tldraw';
import { readBoardView, rememberBoardView } from '../app/boardViewMemory';
import type { KeyValueStorage } from '../app/browserStorage';
import { cameraRevealing, measureUiInsets } from '../shapes/template/insertTemplate';

/** How a board was first shown when it opened. */
export type FirstView =
  /** This device's own last view of the board. */
  | 'restored'
  /** The page's content, seen whole (zoomed out as needed, never in past 100 %). */
  | 'fitted'
  /** Left to the facilitator's "Everyone follow me" (`FollowController`). */
  | 'following'
  /** Nothing on the page yet: tldraw's default view. */
  | 'empty';

/** What a {@link CameraMemory} is built from. */
export interface CameraMemoryOptions {
  readonly roomId: string;
  /** localStorage (see `boardViewMemory`). */
  readonly storage: KeyValueStorage;
  /** The facilitator's follow from the board's document; without it nobody is followed. */
  readonly $follow?: Signal<FollowState>;
  /** How long the camera must rest before it is stored (ms). */
  readonly saveDelayMs?: number;
  /** Frames in which a fitted first view is fitted again while the UI around the canvas lays out. */
  readonly settleFrames?: number;
}

/** A first view never zooms in past this: a few notes stay at their natural size. */
export const maxFirstViewZoom = 1;

/**
 * Where a person looks when a board opens, and remembering it on this
 * device. On the first visit (no stored view for the room) the page's
 * content is fitted into the part of the screen tldraw's panels leave free,
 * or, when the facilitator's follow is on and they are here, the view is
 * left to the follow; a later visit goes back to the page and camera
 * stored when the camera last came to rest. Only a camera that moved is
 * stored: someone who opened an empty board and left gets its content
 * fitted on the next visit.
 */
export class CameraMemory {
  /** How the board was shown when it opened. */
  readonly firstView: FirstView;

  private readonly disposers: (() => void)[] = [];
  /** tldraw's camera before the first view: every fit starts from it, so each one is the same. */
  private readonly startCamera: Pick<TLCamera, 'x' | 'y' | 'z'>;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly editor: Editor,
    private readonly options: CameraMemoryOptions,
  ) {
    const { x, y, z } = editor.getCamera();
    this.startCamera = { x, y, z: Math.min(z, maxFirstViewZoom) };
    this.firstView = this.placeFirstView();
    if (this.firstView === 'fitted') this.settle();
    let initial = true;
    this.disposers.push(
      react('kohtaamo.cameraMemory', () => {
        editor.getCamera();
        editor.getCurrentPageId();
        if (initial) {
          initial = false;
          return;
        }
        this.scheduleSave();
      }),
    );
    const win = editor.getContainer().ownerDocument.defaultView ?? window;
    const flush = () => this.flush();
    const onVisibility = () => {
      if (win.document.visibilityState === 'hidden') flush();
    };
    win.addEventListener('pagehide', flush);
    win.document.addEventListener('visibilitychange', onVisibility);
    this.disposers.push(() => {
      win.removeEventListener('pagehide', flush);
      win.document.removeEventListener('visibilitychange', onVisibility);
    });
  }

  /** Stores a camera change still waiting for its delay now. */
  flush(): void {
    if (this.saveTimer === null) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.save();
  }

  /** Stores what is pending and stops watching the camera. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private placeFirstView(): FirstView {
    const editor = this.editor;
    // Starting to follow or moving the camera would each end the other: the follow wins.
    if (editor.getInstanceState().followingUserId !== null) return 'following';
    const saved = readBoardView(this.options.storage, this.options.roomId);
    const pageId = saved?.pageId as TLPageId | undefined;
    if (saved && pageId && editor.getPage(pageId)) {
      if (editor.getCurrentPageId() !== pageId) editor.setCurrentPage(pageId);
      editor.setCamera({ x: saved.x, y: saved.y, z: saved.z }, { immediate: true });
      return 'restored';
    }
    if (this.leaderIsHere()) return 'following';
    return this.fitContent() ? 'fitted' : 'empty';
  }

  /** Whether a follow is on, led by someone else who is on the board (so it will move the view). */
  private leaderIsHere(): boolean {
    const follow = this.options.$follow?.get();
    if (follow?.status !== 'on' || follow.userId === this.editor.user.getRecordId()) return false;
    return this.editor.getCollaborators().some((presence) => presence.userId === follow.userId);
  }

  /** Shows the current page's content whole; whether there was any. */
  private fitContent(): boolean {
    const editor = this.editor;
    const bounds = contentBounds(editor);
    if (!bounds) return false;
    const screen = editor.getViewportScreenBounds();
    const { zoomSteps } = editor.getCameraOptions();
    const next = cameraRevealing(bounds, {
      w: screen.w,
      h: screen.h,
      insets: measureUiInsets(editor),
      camera: this.startCamera,
      minZoom: (zoomSteps[0] ?? 0.1) * editor.getBaseZoom(),
    });
    if (!sameCamera(next, editor.getCamera())) editor.setCamera(next, { immediate: true });
    return true;
  }

  /**
   * tldraw's top panel (the session bar, on a phone the bars stacked under
   * it) lays out over the first frames: fit again while it does, unless the
   * person or a follow has moved the view meanwhile.
   */
  private settle(): void {
    const editor = this.editor;
    const frames = this.options.settleFrames ?? 30;
    let placed = editor.getCamera();
    let frame = 0;
    const step = () => {
      if (this.disposed) return;
      if (!sameCamera(editor.getCamera(), placed)) return;
      if (editor.getInstanceState().followingUserId !== null) return;
      this.fitContent();
      placed = editor.getCamera();
      if (++frame < frames) editor.timers.requestAnimationFrame(step);
    };
    editor.timers.requestAnimationFrame(step);
  }

  private scheduleSave(): void {
    if (this.disposed) return;
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, this.options.saveDelayMs ?? 400);
  }

  private save(): void {
    const { x, y, z } = this.editor.getCamera();
    rememberBoardView(this.options.storage, this.options.roomId, {
      pageId: this.editor.getCurrentPageId(),
      x,
      y,
      z,
    });
  }
}

/** The page bounds of everything visible on the current page, or `undefined` if it is empty. */
export function contentBounds(editor: Editor): Box | undefined {
  const boxes: Box[] = [];
  for (const id of editor.getCurrentPageShapeIds()) {
    if (editor.isShapeHidden(id)) continue;
    const bounds = editor.getShapePageBounds(id);
    if (bounds) boxes.push(bounds);
  }
  return boxes.length > 0 ? Box.Common(boxes) : undefined;
}

function sameCamera(a: Pick<TLCamera, 'x' | 'y' | 'z'>, b: Pick<TLCamera, 'x' | 'y' | 'z'>) {
  return a.x === b.x && a.y === b.y && a.z === b.z;
}
