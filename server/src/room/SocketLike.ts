import type { RoomRole } from '@kohtaamo/shared';

/**
 * Which document a socket syncs: the board, or its holder's private
 * document of the room (`documentScopeParam`; see `PrivateDocuments`).
 */
export type DocumentScope = 'board' | 'private';

/**
 * What a Room needs from a client connection. The WebSocket adapter wraps the
 * real `ws` socket in this; unit tests pass a small object literal.
 */
export interface SocketLike {
  /** Sends one binary message. Must not throw when the socket is closing. */
  send(message: Uint8Array): void;
  /** Closes with a close code and a short reason. Idempotent. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet sent; lets the room notice slow consumers. */
  readonly bufferedAmount: number;
  /**
   * The role the connection's token granted; `undefined` in a legacy open
   * room (full access). Every update of a connection with a role is checked
   * against the record schema and the role's rules (`UpdateGuard`).
   */
  readonly role?: RoomRole | undefined;
  /**
   * The participant id proven by the key the connection sent
   * (`participantIdentity`), if any: whose content a guest may change.
   */
  readonly participantId?: string | undefined;
  /**
   * Whether the client announced it reads control frames
   * (`controlCapabilityParam`); only those are ever sent one.
   */
  readonly readsControl?: boolean | undefined;
  /** Which document the socket syncs; the board when unset. */
  readonly scope?: DocumentScope | undefined;
}
