import { binaryFrame } from './binaryFrame.js';

/**
 * Messages up to this size keep their frame for the next socket. Larger
 * ones (a joining client's copy of a big board) go to one socket and would
 * only be held in memory.
 */
export const cachedFrameMaxBytes = 64 * 1024;

/**
 * Frames each outgoing message once. A room broadcasts one message object to
 * every socket in turn, and a server's frames are the same bytes for every
 * receiver, so only the first socket pays for framing. A message must not be
 * changed once it has been sent (the room's encoders make a new one each
 * time).
 */
export class FrameCache {
  #message: Uint8Array | undefined;
  #frame: Buffer | undefined;

  /** The frame of `message`, shared with the previous call if it was for the same message. */
  frameOf(message: Uint8Array): Buffer {
    if (message === this.#message && this.#frame !== undefined) return this.#frame;
    const frame = binaryFrame(message);
    if (message.byteLength <= cachedFrameMaxBytes) {
      this.#message = message;
      this.#frame = frame;
    }
    return frame;
  }
}
