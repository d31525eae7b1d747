import type { Camera, FollowState } from '@kohtaamo/shared';
import { Box, type Editor, react, type Signal, type TLPageId, type TLUserId } from 'tldraw';
import type { ControlChannel, ServerMessageOf } from './ControlChannel';

/** A view to go to: the facilitator's page and camera (as `summon` carries them). */
export interface SummonedView {
  readonly userId: string;
  readonly pageId?: string;
  readonly camera?: Camera;
}

/** The facilitator's view as a summon request carries it. */
export function ownView(editor: Editor): SummonedView & { pageId: string; camera: Camera } {
  const { x, y, z } = editor.getCamera();
  const clamp = (value: number) => Math.min(1e9, Math.max(-1e9, value));
  return {
    userId: editor.user.getRecordId(),
    pageId: editor.getCurrentPageId(),
    camera: { x: clamp(x), y: clamp(y), z: Math.min(100, Math.max(0.01, z)) },
  };
}

/**
 * Moves this person's view when the facilitator summons: once to their
 * page and viewport, or following their view (tldraw's follow) while
 * `follow` is on in the document, so late joiners and reloads follow too.
 * Someone who stops following (the bar's button, or moving the view,
 * which ends tldraw's follow) is left alone until the facilitator starts
 * a new follow. Render-free; the follow bar shows the state.
 */
export class FollowController {
  private readonly disposers: (() => void)[] = [];
  /** `startedAt` of the follow this person stopped, so it is not forced on them again. */
  private dismissedFollow: number | null = null;
  private previousFollow: FollowState = { status: 'off' };
  private followingLeader = false;

  constructor(
    private readonly editor: Editor,
    control: Pick<ControlChannel, 'on'>,
    private readonly $follow: Signal<FollowState>,
    /** Animate summoned moves (off in tests, where the editor does not tick). */
    private readonly animate = true,
  ) {
    this.disposers.push(control.on('summon', (message) => this.onSummon(message)));
    this.disposers.push(
      react('kohtaamo.followLeader', () => {
        this.$follow.get();
        this.editor.getInstanceState().followingUserId;
        this.editor.getCollaborators();
        this.scheduleReconcile();
      }),
    );
  }

  private reconcileScheduled = false;

  /** Once per batch of changes, and outside the reaction: following writes to the store. */
  private scheduleReconcile(): void {
    if (this.reconcileScheduled) return;
    this.reconcileScheduled = true;
    queueMicrotask(() => {
      this.reconcileScheduled = false;
      if (this.disposers.length === 0) return;
      this.reconcile();
    });
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private isSelf(userId: string): boolean {
    return userId === this.editor.user.getRecordId();
  }

  private hasPresence(userId: TLUserId): boolean {
    return this.editor.getCollaborators().some((presence) => presence.userId === userId);
  }

  private reconcile(): void {
    const follow = this.$follow.get();
    const following = this.editor.getInstanceState().followingUserId;
    const leaderPresent = follow.status === 'on' && this.hasPresence(follow.userId as TLUserId);
    const previous = this.previousFollow;
    this.previousFollow = follow;
    if (follow.status === 'off') {
      // The facilitator stopped: end a follow they started, not one this person chose.
      if (previous.status === 'on' && following === previous.userId && this.followingLeader) {
        this.editor.stopFollowingUser();
      }
      this.followingLeader = false;
      return;
    }
    if (this.isSelf(follow.userId)) return;
    if (following === follow.userId) {
      this.followingLeader = true;
      return;
    }
    // Was following the leader and no longer is while they are still here: this person
    // moved the view or pressed stop.
    if (this.followingLeader && leaderPresent) this.dismissedFollow = follow.startedAt;
    this.followingLeader = false;
    if (this.dismissedFollow === follow.startedAt || !leaderPresent) return;
    this.goToPage(follow.pageId);
    this.editor.startFollowingUser(follow.userId as TLUserId);
  }

  private onSummon(message: ServerMessageOf<'summon'>): void {
    if (this.isSelf(message.userId)) return;
    switch (message.mode) {
      case 'once':
        this.goTo(message);
        return;
      case 'follow':
        // A new follow: whatever was dismissed before does not hold for it.
        this.dismissedFollow = null;
        this.goToPage(message.pageId);
        if (this.hasPresence(message.userId as TLUserId)) {
          this.editor.startFollowingUser(message.userId as TLUserId);
        }
        return;
      case 'stop':
        if (this.editor.getInstanceState().followingUserId === message.userId) {
          this.editor.stopFollowingUser();
        }
        this.followingLeader = false;
        return;
    }
  }

  private goToPage(pageId: string | undefined): void {
    if (
      pageId &&
      pageId !== this.editor.getCurrentPageId() &&
      this.editor.getPage(pageId as TLPageId)
    ) {
      this.editor.setCurrentPage(pageId as TLPageId);
    }
  }

  /**
   * To the summoner's page, then their viewport: fitted from their presence
   * (camera and screen size) when there is one, else their camera as is.
   */
  private goTo(view: SummonedView): void {
    const editor = this.editor;
    if (editor.getInstanceState().followingUserId) editor.stopFollowingUser();
    this.goToPage(view.pageId);
    const presence = editor.getCollaborators().find((other) => other.userId === view.userId);
    const camera = view.camera ?? presence?.camera ?? null;
    if (!camera) return;
    const screen = presence?.screenBounds;
    const animation = this.animate ? { animation: { duration: 300 } } : {};
    if (screen && screen.w > 0 && screen.h > 0) {
      const bounds = new Box(-camera.x, -camera.y, screen.w / camera.z, screen.h / camera.z);
      editor.zoomToBounds(bounds, { inset: 0, ...animation });
    } else {
      editor.setCamera(camera, animation);
    }
  }
}
