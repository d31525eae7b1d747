/** Default limits, shared so the client can tell users what the server enforces. */
export const defaultLimits = {
  /** Largest single WebSocket message the server accepts (bytes). */
  maxMessageBytes: 2 * 1024 * 1024,
  /** Largest stored document (bytes of encoded Yjs state plus pending log). */
  maxDocumentBytes: 64 * 1024 * 1024,
  /** Interval between keep-alive pings (ms); a socket missing one pong is dropped. */
  keepAliveIntervalMs: 30_000,
  /** How long an empty room stays loaded before it is flushed and unloaded (ms). */
  roomIdleMs: 10_000,
  /** Compact the update log into a snapshot after this many entries. */
  compactAfterUpdates: 500,
  /** ...or after the log grows past this many bytes. */
  compactAfterBytes: 4 * 1024 * 1024,
} as const;
