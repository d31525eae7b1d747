/**
 * WebSocket close codes the server uses. 1000–1015 are the RFC 6455 codes;
 * 4000–4999 are ours. Every close carries a short human-readable reason.
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
  /** The frame could not be decoded as a y-websocket message. */
  malformedMessage: 4400,
  /** Applying the update would make the document exceed its size limit. */
  documentTooLarge: 4413,
  /** The stored document could not be loaded or written. */
  storageUnavailable: 4503,
  /** The peer did not answer keep-alive pings in time. */
  keepAliveTimeout: 4408,
} as const;

/** One of the {@link CloseCode} values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which a client should not reconnect without user action. */
export const fatalCloseCodes: ReadonlySet<number> = new Set([
  CloseCode.unsupportedData,
  CloseCode.malformedMessage,
  CloseCode.documentTooLarge,
]);
