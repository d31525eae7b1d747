import { MessageType } from '@kohtaamo/shared';
import { TokenBucket } from './TokenBucket.js';

/** Per-connection rates; see `defaultRateLimits` in shared for the reasoning behind the defaults. */
export interface MessageRateLimits {
  /** Document messages (sync step 1, step 2, update) per second. */
  readonly updatesPerSecond: number;
  readonly updatesBurst: number;
  /** Awareness frames per second, each charged its share of the room (see the class). */
  readonly awarenessPerSecond: number;
  readonly awarenessBurst: number;
  /** Inbound bytes per second (awareness frames: their share of the room). */
  readonly bytesPerSecond: number;
  readonly bytesBurst: number;
}

/** Which budget a refused frame ran out of. */
export type RateLimitedChannel = 'updates' | 'awareness' | 'bytes';

/**
 * What a request the server answers with state costs, in document messages:
 * a sync step 1 is answered with everything the sender lacks (the whole
 * document for an empty state vector) and an awareness query with every
 * presence. A client sends one step 1 per connection and never queries over
 * WebSocket, so the weight only bites a sender that repeats them to make the
 * server work.
 */
export const stateRequestCost = 10;

const syncStep2 = 1;
const syncUpdate = 2;

/**
 * The frame-level rate limits of one connection: token buckets for document
 * messages, awareness frames and bytes. The message type is read from the
 * first bytes of the frame (every y-websocket type and sync subtype is one
 * varUint byte) without decoding it. A control frame (the facilitator
 * toolkit's requests, each answered with a short message) costs one
 * document message like an update; a frame of any other shape is charged
 * like a state request, and the room refuses it as malformed anyway.
 *
 * The stock y-websocket provider sends every presence it receives back to
 * the server, so a well-behaved client's awareness traffic grows with the
 * number of people in the room. An awareness frame is therefore charged
 * 1/n of a message (and of its bytes) in a room of n connections: a client's
 * cost stays flat however full the room, and a lone flooder pays in full.
 * The room itself limits how often a connection may actually change
 * presence (`presenceRateRule`), which is what costs broadcasts.
 *
 * The share alone is not enough when presences change faster than the room
 * grows: someone who reconnects again and again brings a fresh presence
 * with each connection, and the people who echo them would run out of
 * budget through no fault of their own (and 4429 is fatal). So each
 * awareness frame the server sends a connection also gives it back one
 * frame's worth ({@link echoed}), up to the burst: an echo is paid for by
 * the frame that caused it, and a connection can never send more presence
 * than its own budget plus what it was sent.
 */
export class MessageRateLimiter {
  readonly #updates: TokenBucket;
  readonly #awareness: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #roomSize: () => number;

  /**
   * Starts with full buckets at time `now` (ms, monotonic). `roomSize` is the
   * number of connections in the room, asked for each awareness frame.
   */
  constructor(limits: MessageRateLimits, now: number, roomSize: () => number) {
    this.#updates = new TokenBucket(limits.updatesPerSecond, limits.updatesBurst, now);
    this.#awareness = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, now);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesBurst, now);
    this.#roomSize = roomSize;
  }

  /**
   * Charges one inbound frame at time `now`. Returns `undefined` if it may
   * pass, or the budget it exceeded; the caller then drops the frame and
   * closes the connection.
   */
  /** The server sent this connection an awareness frame of `bytes` at `now`: its echo is free. */
  echoed(bytes: number, now: number): void {
    this.#awareness.give(1, now);
    this.#bytes.give(bytes, now);
  }

  admit(frame: Uint8Array, now: number): RateLimitedChannel | undefined {
    const type = frame[0];
    if (type === MessageType.awareness) {
      const size = this.#roomSize();
      const share = size > 1 ? 1 / size : 1;
      if (!this.#bytes.take(frame.byteLength * share, now)) return 'bytes';
      return this.#awareness.take(share, now) ? undefined : 'awareness';
    }
    if (!this.#bytes.take(frame.byteLength, now)) return 'bytes';
    const cost =
      (type === MessageType.sync && (frame[1] === syncUpdate || frame[1] === syncStep2)) ||
      type === MessageType.control
        ? 1
        : stateRequestCost;
    return this.#updates.take(cost, now) ? undefined : 'updates';
  }
}
