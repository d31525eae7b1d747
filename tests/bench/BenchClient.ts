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

/** One entry of a received awareness update, without its state (the JSON is never parsed). */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
}

/** How a {@link BenchClient} behaves. */
export interface BenchClientOptions {
  readonly protocol: WireProtocol;
  /** The document's name in Hocuspocus's framing (ignored by y-websocket, whose URL names it). */
  readonly documentName: string;
  /**
   * Send every awareness change heard from others back to the server, as
   * y-websocket's `WebsocketProvider` does (its awareness `update` handler
   * does not look at the origin); the server must read and drop each echo.
   * HocuspocusProvider skips changes it applied itself.
   */
  readonly echoAwareness: boolean;
  /**
   * Apply what the server sends to `doc`. A client that does not is still
   * a full sender (its own edits build on its own entries), but costs the
   * bench process a fraction: integrating every delivery of a 50-client
   * room into 50 documents would take more CPU than the server being
   * measured. Received updates reach {@link onUpdate} either way.
   */
  readonly integrate: boolean;
  /** Called with each document update received (sync step 2 or update), before it is applied. */
  readonly onUpdate?: (update: Uint8Array, at: number) => void;
  /** Called with the entries of each awareness frame received. */
  readonly onAwareness?: (entries: readonly AwarenessEntry[], at: number) => void;
  readonly timeoutMs: number;
}

/**
 * A lean client of the stock sync exchange (step 1 on open, answer the
 * server's step 1, send every local update) with presence, in either
 * framing, without reconnects or BroadcastChannel, so one bench process
 * can drive hundreds. Awareness is sent and read at the wire level:
 * entries are encoded from a ready JSON string and decoded only for their
 * client id and clock, which is all the bench needs, so the driver never
 * parses the states. Identical for every server under test, apart from
 * what each protocol's own provider does (framing, echoes).
 */
export class BenchClient {
  readonly doc = new Y.Doc();
  /** Sync frames received so far (a server that merges updates sends fewer). */
  syncFramesReceived = 0;
  awarenessFramesReceived = 0;
  readonly #socket: WebSocket;
  readonly #options: BenchClientOptions;
  readonly #synced: Promise<void>;
  /** Awareness clocks this client has seen, as y-protocols' Awareness keeps them, for echoes. */
  readonly #knownClocks = new Map<number, number>();
  #awarenessClock = 0;
  #closedReason: string | undefined;

  private constructor(url: string, options: BenchClientOptions) {
    this.#options = options;
    this.#socket = new WebSocket(url);
    this.#synced = new Promise((resolve, reject) => {
      this.#socket.on('open', () => {
        for (const frame of openingFrames(options.protocol, options.documentName)) {
          this.#socket.send(frame);
        }
        this.#sendSync((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
      });
      this.#socket.on('message', (data: Buffer) => {
        try {
          if (this.#receive(data) === syncProtocol.messageYjsSyncStep2) resolve();
        } catch (error) {
          this.#closedReason = String(error);
          this.#socket.close();
          reject(error);
        }
      });
      this.#socket.on('error', reject);
      this.#socket.on('close', (code, reason) => {
        this.#closedReason ??= `closed ${code} ${reason.toString()}`;
        reject(new Error(`closed before sync: ${this.#closedReason}`));
      });
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.#sendSync((encoder) => syncProtocol.writeUpdate(encoder, update));
    });
  }

  /** Connects and resolves once the server's state arrived. */
  static async connect(url: string, options: BenchClientOptions): Promise<BenchClient> {
    const client = new BenchClient(url, options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no sync from ${url} in ${options.timeoutMs} ms`)),
        options.timeoutMs,
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

  /** Why the connection ended, if it did. */
  get closedReason(): string | undefined {
    return this.#closedReason;
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /**
   * Publishes this client's presence (`state`: its JSON) with the next
   * clock, as `Awareness.setLocalState` would, and returns that clock.
   */
  publishAwareness(state: string): number {
    this.#awarenessClock += 1;
    const clock = this.#awarenessClock;
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.doc.clientID);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, state);
    this.#send(MessageType.awareness, (encoder) =>
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update)),
    );
    return clock;
  }

  /** Sends an update that is not in this client's document (seeding a board). */
  sendUpdate(update: Uint8Array): void {
    this.#sendSync((encoder) => syncProtocol.writeUpdate(encoder, update));
  }

  close(): void {
    this.#closedReason ??= 'closed by the bench';
    this.#socket.close();
    this.doc.destroy();
  }

  #receive(data: Buffer): number | undefined {
    const frame = decodeFrame(
      this.#options.protocol,
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    if (frame.type === MessageType.awareness) {
      this.awarenessFramesReceived += 1;
      this.#receiveAwareness(decoding.readVarUint8Array(frame.decoder));
      return undefined;
    }
    const verdict = judgeFrame(this.#options.protocol, frame);
    if (verdict.kind === 'refused') throw new Error(verdict.reason);
    if (verdict.kind === 'skip' || frame.type !== MessageType.sync) return undefined;
    this.syncFramesReceived += 1;
    const syncType = decoding.readVarUint(frame.decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      // Answered from this client's own document, as the stock provider does.
      this.#sendSync((encoder) =>
        syncProtocol.writeSyncStep2(encoder, this.doc, decoding.readVarUint8Array(frame.decoder)),
      );
      return syncType;
    }
    const update = decoding.readVarUint8Array(frame.decoder);
    this.#options.onUpdate?.(update, performance.now());
    if (this.#options.integrate) Y.applyUpdate(this.doc, update, this);
    return syncType;
  }

  #receiveAwareness(update: Uint8Array): void {
    const at = performance.now();
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    // Byte ranges of the entries that are news to this client, for an echo.
    const news: [number, number][] = [];
    for (let index = 0; index < count; index += 1) {
      const start = decoder.pos;
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // Skips the state's JSON without decoding it (its length read first: `pos +=` would
      // read pos before the length moved it).
      const stateLength = decoding.readVarUint(decoder);
      decoder.pos += stateLength;
      entries.push({ clientId, clock });
      if (clientId === this.doc.clientID) continue;
      if (clock > (this.#knownClocks.get(clientId) ?? -1)) {
        this.#knownClocks.set(clientId, clock);
        news.push([start, decoder.pos]);
      }
    }
    this.#options.onAwareness?.(entries, at);
    if (!this.#options.echoAwareness || news.length === 0) return;
    const echo =
      news.length === count
        ? update
        : (() => {
            const subset = encoding.createEncoder();
            encoding.writeVarUint(subset, news.length);
            for (const [start, end] of news) {
              encoding.writeUint8Array(subset, update.subarray(start, end));
            }
            return encoding.toUint8Array(subset);
          })();
    this.#send(MessageType.awareness, (encoder) => encoding.writeVarUint8Array(encoder, echo));
  }

  #sendSync(write: (encoder: encoding.Encoder) => void): void {
    this.#send(MessageType.sync, write);
  }

  #send(type: number, write: (encoder: encoding.Encoder) => void): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(encodeFrame(this.#options.protocol, this.#options.documentName, type, write));
  }
}
