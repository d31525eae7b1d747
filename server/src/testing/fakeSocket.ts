import type { RoomRole } from '@kohtaamo/shared';
import type { DocumentScope, SocketLike } from '../room/SocketLike.js';

/** A {@link SocketLike} that records what the room sends and how it closed. */
export interface FakeSocket extends SocketLike {
  readonly sent: Uint8Array[];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount: number;
  /** The token's role; set it before joining to test role checks. */
  role: RoomRole | undefined;
  /** The participant the key proves; set it before joining. */
  participantId: string | undefined;
  /** Whether the client reads control frames; set it before joining. */
  readsControl: boolean;
  /** Which document the socket syncs; set it before joining. */
  scope: DocumentScope;
}

/** A fresh open fake socket. */
export function createFakeSocket(): FakeSocket {
  const socket: FakeSocket = {
    sent: [],
    closed: undefined,
    bufferedAmount: 0,
    role: undefined,
    participantId: undefined,
    readsControl: false,
    scope: 'board',
    send(message) {
      if (socket.closed === undefined) socket.sent.push(message);
    },
    close(code, reason) {
      socket.closed ??= { code, reason };
    },
  };
  return socket;
}
