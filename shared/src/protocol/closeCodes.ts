/**
 * WebSocket close codes the server uses. 1000–1015 are the RFC 6455 codes;
 * 4000–4999 are ours. Every close carries a short human-readable reason.
 * Like HTTP, 4400–4499 mean "don't retry" (the stock y-websocket provider
 * stops reconnecting on them) and 4500–4599 mean "try again later". A peer
 * that misses keep-alive pings is terminated without a close frame (1006).
 */
export const CloseCode = {
  /** Normal closure. */
  normal: 1000,
  /** The server is shutting down; the client should reconnect later. */
  goingAway: 1001,
  /** A text frame arrived; the protocol is binary only. */
  unsupportedData: 1003,
  /** The frame exceeded the configured maximum message size. */
  messageTooBig: 1009,
  /** Unexpected server failure. */
  internalError: 1011,
  /**
   * The server (or, in a cluster, the instance that owns the board) is
   * restarting or went away; reconnect at once, to whichever instance.
   */
  serviceRestart: 1012,
  /** The board cannot be served right now (it is moving between instances); retry shortly. */
  tryAgainLater: 1013,
  /** The frame could not be decoded as a y-websocket message. */
  malformedMessage: 4400,
  /**
   * The room needs a capability token and the connection brought none, or
   * one that is invalid, expired, tampered with or revoked (a rotated link).
   */
  unauthorized: 4401,
  /** The token is valid but not for this room, or its role may not do what was tried. */
  forbidden: 4403,
  /**
   * The update breaks the record schema or the sender's role rules
   * (`editRules`): it was not applied, stored or passed on. The client's
   * local copy holds the refused change, so it must be dropped before the
   * board is opened again.
   */
  editRejected: 4422,
  /** Applying the update would make the document exceed its size limit. */
  documentTooLarge: 4413,
  /**
   * The connection sent messages faster than its rate limit allows. Fatal on
   * purpose: a retried connection would start with a full bucket, so a
   * runaway client would keep flooding at the reconnect rate. A person never
   * gets near the limit, and their unsent edits stay in the local document.
   */
  rateLimited: 4429,
  /** The stored document could not be loaded or written. */
  storageUnavailable: 4503,
} as const;

/** One of the {@link CloseCode} values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which a client should not reconnect without user action. */
export const fatalCloseCodes: ReadonlySet<number> = new Set([
  CloseCode.unsupportedData,
  CloseCode.malformedMessage,
  CloseCode.unauthorized,
  CloseCode.forbidden,
  CloseCode.documentTooLarge,
  CloseCode.editRejected,
  CloseCode.rateLimited,
]);
