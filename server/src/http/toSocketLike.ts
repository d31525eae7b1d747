import type { RoomRole } from '@kohtaamo/shared';
import { WebSocket } from 'ws';
import type { SocketLike } from '../room/SocketLike.js';
import { closeReason } from './closeReason.js';

/**
 * Wraps a `ws` socket in the members a room may use; `role` is the token's
 * (if any), `participantId` the one its participant key proves (if any).
 */
export function toSocketLike(ws: WebSocket, role?: RoomRole, participantId?: string): SocketLike {
  return {
    role,
    participantId,
    send(message) {
      if (ws.readyState === WebSocket.OPEN) ws.send(message);
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
