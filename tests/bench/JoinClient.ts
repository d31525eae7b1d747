import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  decodeFrame,
  encodeFrame,
  judgeFrame,
  openingFrames,
  type WireProtocol,
} from './wireProtocol.js';

/** What one joiner received. */
export interface JoinReceipt {
  /** `performance.now()` when the server's sync step 2 had fully arrived. */
  readonly syncedAt: number;
  /** The sync step 2 payload: the whole board as one Yjs update. */
  readonly state: Uint8Array;
  /** The state vector of the server's own step 1, if it came before its step 2 (as servers send them). */
  readonly serverStateVector: Uint8Array | undefined;
}

const emptyStep2 = (() => {
  const encoder = encoding.createEncoder();
  syncProtocol.writeSyncStep2(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
})();

/**
 * Someone opening a board: connects with an empty document, asks for
 * everything (sync step 1 with an empty state vector) and answers the
 * server's step 1 with its empty state, as a fresh provider does. The
 * server's step 2 is kept, not applied: integrating ten megabytes twenty
 * times would put the bench process's own CPU into the figure, which is
 * meant to be the server's. The receipts are checked afterwards.
 */
export class JoinClient {
  readonly #socket: WebSocket;
  readonly receipt: Promise<JoinReceipt>;

  /**
   * `stateVector`: what the joiner says it has; empty for someone opening
   * the board, a board's own to ask only for what the server lacks of it.
   */
  constructor(
    url: string,
    protocol: WireProtocol,
    documentName: string,
    timeoutMs: number,
    stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc()),
  ) {
    this.#socket = new WebSocket(url);
    const socket = this.#socket;
    const send = (type: number, write: (encoder: encoding.Encoder) => void) =>
      socket.send(encodeFrame(protocol, documentName, type, write));
    this.receipt = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no sync from ${url} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      socket.on('open', () => {
        for (const frame of openingFrames(protocol, documentName)) socket.send(frame);
        send(MessageType.sync, (encoder) => {
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
          encoding.writeVarUint8Array(encoder, stateVector);
        });
      });
      let serverStateVector: Uint8Array | undefined;
      socket.on('message', (data: Buffer) => {
        const at = performance.now();
        const frame = decodeFrame(
          protocol,
          new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        );
        const verdict = judgeFrame(protocol, frame);
        if (verdict.kind === 'refused') {
          fail(new Error(verdict.reason));
          return;
        }
        if (verdict.kind === 'skip' || frame.type !== MessageType.sync) return;
        const syncType = decoding.readVarUint(frame.decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          serverStateVector = decoding.readVarUint8Array(frame.decoder).slice();
          send(MessageType.sync, (encoder) => encoding.writeUint8Array(encoder, emptyStep2));
        } else if (syncType === syncProtocol.messageYjsSyncStep2) {
          clearTimeout(timer);
          resolve({
            syncedAt: at,
            state: decoding.readVarUint8Array(frame.decoder),
            serverStateVector,
          });
        }
      });
      socket.on('error', fail);
      socket.on('close', (code, reason) =>
        fail(new Error(`closed before sync: ${code} ${reason.toString()}`)),
      );
    });
    // Settled by the caller through `receipt`; never left unhandled here.
    this.receipt.catch(() => {});
  }

  close(): void {
    this.#socket.close();
  }
}
