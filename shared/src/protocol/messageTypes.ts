/**
 * Top-level message types of the y-websocket wire protocol. Every binary
 * frame starts with one of these as a lib0 varUint; the stock
 * `WebsocketProvider` from y-websocket speaks all but `control`.
 */
export const MessageType = {
  /** y-protocols/sync payload: step 1, step 2 or update. */
  sync: 0,
  /** y-protocols/awareness update. */
  awareness: 1,
  /** y-protocols/auth (permission denied); only ever sent by the server. */
  auth: 2,
  /** Ask the server to send the full awareness state of the room. */
  queryAwareness: 3,
  /**
   * Kohtaamo's control channel (facilitation): one lib0 varString of JSON
   * follows (see `encodeControlFrame`). The stock provider cannot read it
   * and logs "Unable to compute message", so the server sends it only to
   * clients that announced they read it; the number is far from the stock
   * types so a future y-websocket type cannot collide with it.
   */
  control: 100,
} as const;

/** One of the {@link MessageType} values. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Query parameter on the sync URL (`?ctl=1`) by which a client says it reads
 * {@link MessageType.control} frames. Without it a connection never receives
 * one: the stock provider logs "Unable to compute message" for unknown types.
 */
export const controlCapabilityParam = 'ctl';

/**
 * Query parameter on the sync URL that picks which document a socket
 * syncs: absent for the board, {@link privateDocumentScope} for the
 * sender's own private document of the room (the notes they write during a
 * private round, see `privateRound`). A private socket needs a participant
 * key (`k`), and a link that may add content; it speaks the stock protocol
 * and never receives control frames or anybody else's presence.
 */
export const documentScopeParam = 'doc';

/** Value of {@link documentScopeParam} for the sender's private document. */
export const privateDocumentScope = 'private';
