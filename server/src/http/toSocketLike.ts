import type { Duplex } from 'node:stream';
import type { RoomRole } from '@kohtaamo/shared';
import { WebSocket } from 'ws';
import type { SocketLike } from '../room/SocketLike.js';
import { closeReason } from './closeReason.js';
import type { FrameCache } from './FrameCache.js';

/**
 * Wraps a `ws` socket in the members a room may use; `role` is the token's
 * (if any), `participantId` the one its participant key proves (if any).
 *
 * Messages are written as ready-made frames straight to `raw`, the upgraded
 * connection `ws` runs on, so a broadcast is framed once for all its
 * receivers (`frames`) and each socket costs one plain write: about 40% less
 * CPU per delivery than `ws.send`, which frames every copy and writes header
 * and payload as two buffers. This keeps frames in order with the ones `ws`
 * writes itself (pings, pongs, the close frame) because `ws` writes
 * synchronously as well, as long as it queues nothing: no permessage-deflate
 * (the gateway turns it off) and no Blob messages.
 */
export function toSocketLike(
  ws: WebSocket,
  raw: Duplex,
  frames: FrameCache,
  role?: RoomRole,
  participantId?: string,
): SocketLike {
  return {
    role,
    participantId,
    send(message) {
      if (ws.readyState === WebSocket.OPEN && raw.writable) raw.write(frames.frameOf(message));
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
        ws.close(code, closeReason(reason));
      }
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}
