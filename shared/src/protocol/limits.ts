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

/**
 * Default per-connection rate limits (token buckets: `…PerSecond` refills,
 * `…Burst` is the bucket size). Our client sends at most ~20 document
 * updates/s (50 ms coalescing) and 30 presence changes/s, and a paste or a
 * reconnect is one message, so the rates leave 2–2.5× headroom. The update
 * burst lets a script on the stock provider, which sends one message per
 * transaction, write a few hundred items at once; a sender in a loop still
 * runs dry within a second.
 */
export const defaultRateLimits = {
  /** Document messages (sync step 1/2, updates) per second. */
  updatesPerSecond: 50,
  /** Document messages that may arrive back to back. */
  updatesBurst: 500,
  /** Presence changes per second (echoes of other people's presence are free). */
  awarenessPerSecond: 60,
  /** Presence changes that may arrive back to back. */
  awarenessBurst: 120,
  /** Inbound bytes per second, all messages together. */
  bytesPerSecond: 1024 * 1024,
  /** Inbound bytes that may arrive back to back: eight maximum-size messages. */
  bytesBurst: 16 * 1024 * 1024,
} as const;

/**
 * Default caps on open WebSockets. Workshops often sit behind one NAT
 * address, so the per-address cap leaves room for a large group with spare
 * tabs; the per-room cap is above what a board stays usable with.
 */
export const defaultConnectionCaps = {
  /** Open sockets per client address (IPv6: per /64). */
  maxPerAddress: 100,
  /** Open sockets per room. */
  maxPerRoom: 200,
} as const;
