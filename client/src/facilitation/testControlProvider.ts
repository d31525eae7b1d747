import {
  type ControlRequest,
  controlRequestSchema,
  decodeControlFrame,
  encodeControlFrame,
  MessageType,
} from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ControlProvider, ProviderMessageHandler } from './ControlChannel';

type StatusListener = (event: { status: string }) => void;

/**
 * Plays the stock provider for the control channel: records the requests
 * sent on its socket and delivers server frames through the handler table
 * the way `readMessage` in y-websocket does.
 */
export class FakeControlProvider implements ControlProvider {
  readonly messageHandlers: ProviderMessageHandler[] = [];
  ws: { send(data: Uint8Array): void } | null = null;
  wsconnected = false;
  /** Requests as sent, decoded and validated. */
  readonly sent: ControlRequest[] = [];
  private readonly statusListeners = new Set<StatusListener>();

  on(_event: 'status', listener: StatusListener): void {
    this.statusListeners.add(listener);
  }

  off(_event: 'status', listener: StatusListener): void {
    this.statusListeners.delete(listener);
  }

  connect(): void {
    this.ws = {
      send: (data) => {
        const decoded = decodeControlFrame(data);
        if (!decoded.ok) throw new Error('not a control frame');
        this.sent.push(controlRequestSchema.parse(decoded.value));
      },
    };
    this.wsconnected = true;
    for (const listener of [...this.statusListeners]) listener({ status: 'connected' });
  }

  disconnect(): void {
    this.ws = null;
    this.wsconnected = false;
    for (const listener of [...this.statusListeners]) listener({ status: 'disconnected' });
  }

  /** Delivers a server message; returns what the handler wrote back (it must be nothing). */
  deliver(message: unknown): number {
    return this.deliverFrame(encodeControlFrame(message));
  }

  /** Delivers raw bytes as the socket would. */
  deliverFrame(frame: Uint8Array): number {
    const decoder = decoding.createDecoder(frame);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    const handler = this.messageHandlers[type];
    if (!handler) throw new Error(`no handler for message type ${type}`);
    handler(encoder, decoder, undefined as never, true, type);
    return encoding.length(encoder);
  }

  /** Answers every unanswered request with `ack` (and `time.sync` with `serverTime`). */
  answerAll(serverTime: () => number, from = 0): void {
    for (const request of this.sent.slice(from)) this.answer(request, serverTime);
  }

  answer(request: ControlRequest, serverTime: () => number): void {
    if (request.action.type === 'time.sync') {
      this.deliver({
        type: 'time',
        id: request.id,
        clientSent: request.action.clientSent,
        serverTime: Math.round(serverTime()),
      });
    } else {
      this.deliver({ type: 'ack', id: request.id });
    }
  }

  /** The last request of `type`. */
  lastOf(type: ControlRequest['action']['type']): ControlRequest | undefined {
    return [...this.sent].reverse().find((request) => request.action.type === type);
  }
}

/** A frame of `MessageType.control` holding `text` as is (not necessarily JSON). */
export function rawControlFrame(text: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.control);
  encoding.writeVarString(encoder, text);
  return encoding.toUint8Array(encoder);
}
