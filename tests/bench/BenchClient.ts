import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * A lean y-websocket client: the same sync exchange as the stock
 * `WebsocketProvider` (step 1 on open, answer the server's step 1, send every
 * local update), without awareness, reconnects or BroadcastChannel, so one
 * bench process can drive many of them. Identical for every server under test.
 */
export class BenchClient {
  readonly doc = new Y.Doc();
  /** WebSocket frames received so far (a server that merges updates sends fewer). */
  framesReceived = 0;
  readonly #socket: WebSocket;
  readonly #synced: Promise<void>;

  private constructor(url: string) {
    this.#socket = new WebSocket(url);
    this.#synced = new Promise((resolve, reject) => {
      this.#socket.on('open', () => {
        this.#send((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
      });
      this.#socket.on('message', (data: Buffer) => {
        if (this.#receive(data) === syncProtocol.messageYjsSyncStep2) resolve();
      });
      this.#socket.on('error', reject);
      this.#socket.on('close', (code, reason) => {
        reject(new Error(`closed before sync: ${code} ${reason.toString()}`));
      });
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.#send((encoder) => syncProtocol.writeUpdate(encoder, update));
    });
  }

  /** Connects to a y-websocket endpoint and resolves once the server's state arrived. */
  static async connect(url: string, timeoutMs: number): Promise<BenchClient> {
    const client = new BenchClient(url);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no sync from ${url} in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([client.#synced, timeout]);
      return client;
    } catch (error) {
      client.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.#socket.close();
    this.doc.destroy();
  }

  #receive(data: Buffer): number | undefined {
    this.framesReceived += 1;
    const decoder = decoding.createDecoder(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    const messageType = decoding.readVarUint(decoder);
    if (messageType === MessageType.auth) {
      this.#socket.close();
      return undefined;
    }
    if (messageType !== MessageType.sync) return undefined;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
    if (encoding.length(encoder) > 1) this.#socket.send(encoding.toUint8Array(encoder));
    return syncType;
  }

  #send(write: (encoder: encoding.Encoder) => void): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    write(encoder);
    this.#socket.send(encoding.toUint8Array(encoder));
  }
}
