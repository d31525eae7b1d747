import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SocketLike } from '../room/SocketLike.js';
import { createFakeSocket, type FakeSocket } from './fakeSocket.js';
import { clientMessage, decodeServerMessage } from './messages.js';

/** The part of a room a client talks to. */
export interface RoomLike {
  join(socket: SocketLike): void;
  receive(socket: SocketLike, data: Uint8Array): void;
}

/**
 * A minimal stand-in for y-websocket's provider: a Y.Doc and an Awareness fed
 * by what the room sent to its fake socket, answering like the provider does.
 */
export class TestClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly socket: FakeSocket = createFakeSocket();
  /** Control messages received (JSON), in order, as `drain` read them. */
  readonly controls: unknown[] = [];
  #read = 0;

  /** Applies every message received since the last call; returns the replies to send back. */
  drain(): Uint8Array[] {
    const replies: Uint8Array[] = [];
    while (this.#read < this.socket.sent.length) {
      const data = this.socket.sent[this.#read++];
      if (data === undefined) break;
      const message = decodeServerMessage(data);
      if (message.kind === 'syncStep1') {
        replies.push(clientMessage.syncStep2(this.doc, message.payload));
      } else if (message.kind === 'awareness') {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, 'server');
      } else if (message.kind === 'control') {
        this.controls.push(message.message);
      } else {
        Y.applyUpdate(this.doc, message.payload, 'server');
      }
    }
    return replies;
  }

  /**
   * Joins `room` and answers its handshake the way the stock provider does
   * (step 1 out, the room's step 1 answered); the replies are read. A room
   * still loading hears the rest once it is loaded.
   */
  handshake(room: RoomLike): this {
    room.join(this.socket);
    room.receive(this.socket, clientMessage.syncStep1(this.doc));
    for (const reply of this.drain()) room.receive(this.socket, reply);
    this.drain();
    return this;
  }

  /** Makes a local edit and sends its update to `room` like the provider would; returns the update. */
  edit(room: RoomLike, change: (doc: Y.Doc) => void): Uint8Array {
    let captured: Uint8Array | undefined;
    const capture = (update: Uint8Array) => {
      captured = update;
    };
    this.doc.on('update', capture);
    change(this.doc);
    this.doc.off('update', capture);
    if (captured === undefined) throw new Error('edit made no change');
    room.receive(this.socket, clientMessage.update(captured));
    return captured;
  }

  /** Stops the awareness heartbeat timer. */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}
