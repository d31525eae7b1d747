import { CloseCode } from '@kohtaamo/shared';

/** What {@link LinkSessions} can do to an open connection. */
export interface LinkSession {
  close(code: number, reason: string): void;
}

const key = (roomId: string, linkId: string) => `${roomId}\u0000${linkId}`;

/** A close another instance of a cluster must repeat for its own connections. */
export type SessionClose =
  | {
      readonly kind: 'link';
      readonly roomId: string;
      readonly linkId: string;
      readonly code: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'room';
      readonly roomId: string;
      readonly code: number;
      readonly reason: string;
    };

/**
 * Open connections by room and link id, so that revoking a link or deleting
 * a room can close its holders at once. A link closed here stays revoked for
 * the process's lifetime, so a connection whose token was checked just
 * before the revocation but registers after it is closed too.
 */
export class LinkSessions {
  readonly #byRoom = new Map<string, Map<LinkSession, string>>();
  readonly #revoked = new Set<string>();
  #broadcast: ((close: SessionClose) => void) | undefined;

  /**
   * In a cluster: every {@link closeLink} and {@link closeRoom} made here is
   * also handed to `broadcast`, for the other instances to {@link apply}.
   */
  broadcastTo(broadcast: (close: SessionClose) => void): void {
    this.#broadcast = broadcast;
  }

  /** Repeats a close another instance made, for the connections held here. */
  apply(close: SessionClose): number {
    return close.kind === 'link'
      ? this.#closeLink(close.roomId, close.linkId, close.code, close.reason)
      : this.#closeRoom(close.roomId, close.code, close.reason);
  }

  /** Tracks `session` until the returned function is called (on socket close). */
  register(
    roomId: string,
    linkId: string,
    session: LinkSession,
    revokedReason: string,
  ): () => void {
    if (this.#revoked.has(key(roomId, linkId))) {
      session.close(CloseCode.unauthorized, revokedReason);
      return () => {};
    }
    let sessions = this.#byRoom.get(roomId);
    if (sessions === undefined) {
      sessions = new Map();
      this.#byRoom.set(roomId, sessions);
    }
    sessions.set(session, linkId);
    return () => {
      const current = this.#byRoom.get(roomId);
      current?.delete(session);
      if (current?.size === 0) this.#byRoom.delete(roomId);
    };
  }

  /** Closes every connection of `linkId` in `roomId` and refuses later ones; returns how many. */
  closeLink(roomId: string, linkId: string, code: number, reason: string): number {
    this.#broadcast?.({ kind: 'link', roomId, linkId, code, reason });
    return this.#closeLink(roomId, linkId, code, reason);
  }

  /** Closes every token-holding connection of `roomId`; returns how many. */
  closeRoom(roomId: string, code: number, reason: string): number {
    this.#broadcast?.({ kind: 'room', roomId, code, reason });
    return this.#closeRoom(roomId, code, reason);
  }

  #closeLink(roomId: string, linkId: string, code: number, reason: string): number {
    this.#revoked.add(key(roomId, linkId));
    let closed = 0;
    for (const [session, id] of [...(this.#byRoom.get(roomId) ?? [])]) {
      if (id !== linkId) continue;
      session.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  #closeRoom(roomId: string, code: number, reason: string): number {
    const sessions = [...(this.#byRoom.get(roomId)?.keys() ?? [])];
    for (const session of sessions) session.close(code, reason);
    return sessions.length;
  }

  /** Open tracked connections (for tests and diagnostics). */
  get size(): number {
    let size = 0;
    for (const sessions of this.#byRoom.values()) size += sessions.size;
    return size;
  }
}
