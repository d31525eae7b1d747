import {
  addClockSample,
  type ClockSample,
  type ControlAction,
  controlFrameMaxBytes,
  controlRequestSchema,
  encodeControlFrame,
  estimateClockOffset,
  MessageType,
  type ServerControlMessage,
  serverControlMessageSchema,
  serverNow,
} from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { atom, type Signal } from 'tldraw';

/**
 * Refusal codes the channel gives without asking the server: no answer in
 * time, the connection went (or was never there), or the request did not
 * match the contract (a programming error, caught before it is sent).
 */
export const localControlRefusalCodes = [
  'control.timeout',
  'control.disconnected',
  'control.invalidRequest',
] as const;

/** One of {@link localControlRefusalCodes}. */
export type LocalControlRefusalCode = (typeof localControlRefusalCodes)[number];

/** Parameters of a refusal message, as the server sends them. */
export type RefusalParams = Readonly<Record<string, string | number>>;

/**
 * The answer to a request. `code` is a facilitation refusal code, a local
 * one, or a code a newer server knows and this build does not.
 */
export type ControlResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly params?: RefusalParams };

/** A refused {@link ControlResult}. */
export type ControlRefusal = Extract<ControlResult, { ok: false }>;

/** A server message of one `type`. */
export type ServerMessageOf<T extends ServerControlMessage['type']> = Extract<
  ServerControlMessage,
  { type: T }
>;

/** Server notices anyone may listen to (answers go to their request instead). */
export type ControlNoticeType = 'hello' | 'summon' | 'ballot' | 'voteProgress';

/** A handler in the stock provider's `messageHandlers` table. */
export type ProviderMessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: never,
  emitSynced: boolean,
  messageType: number,
) => void;

/**
 * The part of y-websocket's `WebsocketProvider` the channel uses: its
 * public handler table, its socket while connected, and its status event.
 */
export interface ControlProvider {
  readonly messageHandlers: ProviderMessageHandler[];
  readonly ws: { send(data: Uint8Array): void } | null;
  readonly wsconnected: boolean;
  on(event: 'status', listener: (event: { status: string }) => void): void;
  off(event: 'status', listener: (event: { status: string }) => void): void;
}

/** Timings of the channel; tests shorten them. */
export interface ControlChannelOptions {
  /** A monotonic client clock in epoch ms; defaults to `performance.timeOrigin + performance.now()`. */
  readonly now?: () => number;
  /** Refuse a request locally when no answer came within this long. */
  readonly requestTimeoutMs?: number;
  /** Time samples taken right after `hello`. */
  readonly initialClockSamples?: number;
  /** Gap between those samples. */
  readonly initialClockSpacingMs?: number;
  /** Gap between later samples, while connected. */
  readonly clockIntervalMs?: number;
}

interface PendingRequest {
  readonly action: ControlAction;
  readonly resolve: (result: ControlResult) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

const defaultNow = () => performance.timeOrigin + performance.now();

/**
 * The client end of the facilitation control channel (see
 * `controlMessages.ts` in shared), on the board's stock y-websocket
 * provider: it reads `MessageType.control` frames through the provider's
 * public handler table and writes them to its socket. Every request gets
 * exactly one {@link ControlResult}: the server's answer, or a local
 * refusal on timeout or disconnect. It also keeps an estimate of the
 * server clock ({@link serverNow}), which every timer and agenda time is
 * on. Public state is not here: it is in the document (see
 * `FacilitationState`).
 */
export class ControlChannel {
  /** Server time minus client time in ms; `null` until the first estimate. */
  readonly $clockOffset: Signal<number | null>;
  /** The last `hello` of this connection; `null` while not connected to a control-reading server. */
  readonly $hello: Signal<ServerMessageOf<'hello'> | null>;

  private readonly offset = atom<number | null>('kohtaamo.control.clockOffset', null);
  private readonly hello = atom<ServerMessageOf<'hello'> | null>('kohtaamo.control.hello', null);
  private readonly now: () => number;
  private readonly requestTimeoutMs: number;
  private readonly initialClockSamples: number;
  private readonly initialClockSpacingMs: number;
  private readonly clockIntervalMs: number;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly listeners = new Map<ControlNoticeType, Set<(message: never) => void>>();
  private readonly refusalListeners = new Set<
    (refusal: ControlRefusal, action: ControlAction) => void
  >();
  private samples: ClockSample[] = [];
  private nextId = 1;
  private clockTimers: ReturnType<typeof setTimeout>[] = [];
  private clockInterval: ReturnType<typeof setInterval> | null = null;
  private disposed = false;
  private readonly previousHandler: ProviderMessageHandler | undefined;

  constructor(
    private readonly provider: ControlProvider,
    options: ControlChannelOptions = {},
  ) {
    this.$clockOffset = this.offset;
    this.$hello = this.hello;
    this.now = options.now ?? defaultNow;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.initialClockSamples = options.initialClockSamples ?? 5;
    this.initialClockSpacingMs = options.initialClockSpacingMs ?? 300;
    this.clockIntervalMs = options.clockIntervalMs ?? 30_000;
    this.previousHandler = provider.messageHandlers[MessageType.control];
    // The handler must write nothing into `encoder`: the provider sends whatever it holds.
    provider.messageHandlers[MessageType.control] = (_encoder, decoder) => {
      this.receive(decoder);
    };
    provider.on('status', this.onStatus);
  }

  /** The server's clock now, by the current estimate (the local clock until there is one). */
  serverNow(): number {
    return serverNow(this.offset.get() ?? 0, this.now());
  }

  /** Whether requests can be sent now. */
  isConnected(): boolean {
    return !this.disposed && this.provider.wsconnected && this.provider.ws !== null;
  }

  /**
   * Sends `action` and resolves with the server's answer, or with a local
   * refusal (`control.disconnected`, `control.timeout`,
   * `control.invalidRequest`). Never rejects.
   */
  request(action: ControlAction): Promise<ControlResult> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const finish = (result: ControlResult) => {
        if (!result.ok) this.reportRefusal(result, action);
        resolve(result);
      };
      if (!controlRequestSchema.safeParse({ id, action }).success) {
        finish({ ok: false, code: 'control.invalidRequest' });
        return;
      }
      const socket = this.isConnected() ? this.provider.ws : null;
      if (!socket) {
        finish({ ok: false, code: 'control.disconnected' });
        return;
      }
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) finish({ ok: false, code: 'control.timeout' });
      }, this.requestTimeoutMs);
      this.pending.set(id, { action, resolve: finish, timer });
      try {
        socket.send(encodeControlFrame({ id, action }));
      } catch {
        this.settle(id, { ok: false, code: 'control.disconnected' });
      }
    });
  }

  /**
   * Calls `listener` with each valid server notice of `type` (`hello`,
   * `summon`, and for voting `ballot` and `voteProgress`). Returns the
   * function that stops it.
   */
  on<T extends ControlNoticeType>(
    type: T,
    listener: (message: ServerMessageOf<T>) => void,
  ): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    const entry = listener as (message: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /**
   * Calls `listener` for every refused request (the server's refusals and
   * local ones alike, clock samples left out), e.g. to show a toast.
   */
  onRefused(listener: (refusal: ControlRefusal, action: ControlAction) => void): () => void {
    this.refusalListeners.add(listener);
    return () => {
      this.refusalListeners.delete(listener);
    };
  }

  /** Stops listening, refuses what is pending and gives the handler slot back. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.provider.off('status', this.onStatus);
    this.stopClockSync();
    // Nobody is left to tell: the board is closing.
    this.refusalListeners.clear();
    this.failPending();
    if (this.previousHandler)
      this.provider.messageHandlers[MessageType.control] = this.previousHandler;
    else delete this.provider.messageHandlers[MessageType.control];
    this.listeners.clear();
  }

  private readonly onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') return;
    // A new connection gets a new hello; until then requests are refused at once.
    this.hello.set(null);
    this.stopClockSync();
    this.failPending();
  };

  private receive(decoder: decoding.Decoder): void {
    let json: unknown;
    try {
      const text = decoding.readVarString(decoder);
      if (text.length > controlFrameMaxBytes) return;
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = serverControlMessageSchema.safeParse(json);
    if (!parsed.success || this.disposed) return;
    const message = parsed.data;
    switch (message.type) {
      case 'ack':
        this.settle(message.id, { ok: true });
        return;
      case 'refused':
        if (message.id !== null) {
          this.settle(message.id, {
            ok: false,
            code: message.code,
            ...(message.params ? { params: message.params } : {}),
          });
        }
        return;
      case 'time':
        this.receiveTime(message);
        return;
      case 'hello':
        this.receiveHello(message);
        this.notify(message);
        return;
      default:
        this.notify(message);
    }
  }

  private receiveHello(message: ServerMessageOf<'hello'>): void {
    this.hello.set(message);
    // The server may be another instance with another clock: estimate afresh, but keep the
    // old offset (or, on the first connection, a one-way guess from hello) until then.
    this.samples = [];
    if (this.offset.get() === null) this.offset.set(message.serverTime - this.now());
    this.startClockSync();
  }

  private receiveTime(message: ServerMessageOf<'time'>): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (entry.action.type === 'time.sync' && entry.action.clientSent === message.clientSent) {
      this.samples = addClockSample(this.samples, {
        clientSent: message.clientSent,
        serverTime: message.serverTime,
        clientReceived: this.now(),
      });
      const estimate = estimateClockOffset(this.samples);
      if (estimate !== undefined) this.offset.set(estimate);
    }
    this.settle(message.id, { ok: true });
  }

  private settle(id: number, result: ControlResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  private failPending(): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id, { ok: false, code: 'control.disconnected' });
    }
  }

  private notify(message: ServerControlMessage): void {
    const set = this.listeners.get(message.type as ControlNoticeType);
    if (!set) return;
    for (const listener of [...set]) (listener as (message: ServerControlMessage) => void)(message);
  }

  private reportRefusal(refusal: ControlRefusal, action: ControlAction): void {
    // A lost clock sample is retried by the schedule; nobody needs to hear about it.
    if (action.type === 'time.sync') return;
    for (const listener of [...this.refusalListeners]) listener(refusal, action);
  }

  private sampleClock(): void {
    if (!this.isConnected()) return;
    void this.request({ type: 'time.sync', clientSent: this.now() });
  }

  private startClockSync(): void {
    this.stopClockSync();
    for (let i = 0; i < this.initialClockSamples; i++) {
      this.clockTimers.push(setTimeout(() => this.sampleClock(), i * this.initialClockSpacingMs));
    }
    this.clockInterval = setInterval(() => this.sampleClock(), this.clockIntervalMs);
  }

  private stopClockSync(): void {
    for (const timer of this.clockTimers.splice(0)) clearTimeout(timer);
    if (this.clockInterval !== null) clearInterval(this.clockInterval);
    this.clockInterval = null;
  }
}
