import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** A WebSocket that never reaches a server; tests drive open/close by hand. */
export class FakeWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = 'arraybuffer';
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Uint8Array[] = [];

  constructor(readonly url: string) {
    super();
    FakeWebSocket.instances.push(this);
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  serverCloses(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: 'test' });
  }
  /** Delivers a binary frame to the client. */
  serverSends(data: Uint8Array): void {
    this.onmessage?.({ data: data.slice().buffer });
  }
}

/**
 * The server's side of one sync socket for one document, as the y-websocket
 * protocol has it: {@link pump} answers the client's sync step 1, applies
 * its step 2 and updates to `doc`, and the document's other changes (the
 * server's own writes) go to the client at once while the socket is open.
 * Awareness and control frames are left in `sent` unread.
 */
export class SocketRelay {
  private read = 0;

  constructor(
    readonly socket: FakeWebSocket,
    readonly doc: Y.Doc,
  ) {
    doc.on('update', this.forward);
  }

  /** Opens the socket and sends the server's sync step 1, as the server does on connect. */
  open(): void {
    this.socket.serverOpens();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.socket.serverSends(encoding.toUint8Array(encoder));
    this.pump();
  }

  /** Handles every sync message the client sent since the last call. */
  pump(): void {
    while (this.read < this.socket.sent.length) {
      const message = this.socket.sent[this.read++] as Uint8Array;
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MessageType.sync) continue;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.socket.serverSends(encoding.toUint8Array(reply));
    }
  }

  /** Stops relaying the document's changes. */
  dispose(): void {
    this.doc.off('update', this.forward);
  }

  private readonly forward = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.socket.readyState !== 1) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    this.socket.serverSends(encoding.toUint8Array(encoder));
  };
}
