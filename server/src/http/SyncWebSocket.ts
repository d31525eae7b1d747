import { WebSocket } from 'ws';
import { closeReason } from './closeReason.js';

/** Reasons for the closes `ws` itself initiates, which it sends without one. */
const protocolCloseReasons: Readonly<Record<number, string>> = {
  1002: 'websocket protocol error',
  1007: 'invalid UTF-8 in text frame',
  1009: 'message exceeds the size limit',
};

/**
 * `ws`'s socket class, except that closes `ws` starts on its own (a frame
 * above `maxPayload` → 1009, protocol errors → 1002/1007) carry a reason,
 * so a client can tell the user what happened. Installed through the
 * `WebSocket` option of `WebSocketServer`.
 */
export class SyncWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (data === undefined && code !== undefined) {
      super.close(code, protocolCloseReasons[code]);
    } else {
      super.close(code, typeof data === 'string' ? closeReason(data) : data);
    }
  }
}
