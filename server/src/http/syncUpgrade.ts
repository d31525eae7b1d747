import type { RoomId, RoomRole } from '@kohtaamo/shared';
import type { DocumentScope } from '../room/SocketLike.js';

/**
 * Handed to the app by the WebSocket upgrade adapter (and only by it): the
 * `/sync/:roomId` route calls `accept` once the request may become a
 * WebSocket, and the adapter then completes the upgrade itself.
 */
export interface SyncUpgrade {
  accept(roomId: RoomId, access?: SocketAccess): void;
}

/**
 * The token check of an upgrade. A refused socket is still upgraded (a
 * browser cannot read an HTTP refusal of a WebSocket) and then closed at
 * once with `closeCode`, before it joins its room or receives a byte.
 * `role`/`linkId` are unset for a legacy open room.
 */
export type SocketAccess =
  | {
      readonly kind: 'allowed';
      readonly role?: RoomRole;
      readonly linkId?: string;
      /** Proven by the `k` participant key; see `participantIdentity`. */
      readonly participantId?: string;
      /** The client reads control frames (`controlCapabilityParam`). */
      readonly readsControl?: boolean;
      /** Which document the socket syncs (`documentScopeParam`); the board when unset. */
      readonly scope?: DocumentScope;
    }
  | { readonly kind: 'refused'; readonly closeCode: number; readonly reason: string };

/** Per-request bindings (`c.env`). */
export interface AppBindings {
  readonly syncUpgrade?: SyncUpgrade;
}

/** Hono environment of the app. */
export type AppEnv = { Bindings: AppBindings };
