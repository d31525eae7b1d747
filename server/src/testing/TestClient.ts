import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createFakeSocket, type FakeSocket } from './fakeSocket.js';
import { clientMessage, decodeServerMessage } from './messages.js';

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

  /** Stops the awareness heartbeat timer. */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}
