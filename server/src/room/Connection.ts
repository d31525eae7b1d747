import type { RoomRole } from '@kohtaamo/shared';
import type { SocketLike } from './SocketLike.js';

/**
 * One socket's membership of a room: what the room and its extensions know
 * of it. Extensions keep their own per-connection state in a `WeakMap`
 * keyed by the connection, so this class stays the same for every feature.
 */
export class Connection {
  readonly socket: SocketLike;
  /** Awareness client ids this connection announced; removed the moment it leaves. */
  readonly awarenessClients = new Set<number>();

  constructor(socket: SocketLike) {
    this.socket = socket;
  }

  /** The role of the connection's link; `undefined` in a legacy open room (every right). */
  get role(): RoomRole | undefined {
    return this.socket.role;
  }

  /** The participant id the connection's key proves, if it sent one. */
  get participantId(): string | undefined {
    return this.socket.participantId;
  }
}
