import {
  type ControlAction,
  controlCapabilityParam,
  decodeControlFrame,
  encodeControlFrame,
  MessageType,
} from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import type { ClientTracker, RawClient, RawClientOptions } from './yjsClients.js';
import { waitUntil, withTimeout } from './yjsClients.js';

/** A control message as the server sent it: JSON, not validated, so a test sees exactly what came. */
export type ControlMessage = Record<string, unknown>;

/** The control messages among `frames` (type-100 frames), decoded in order. */
export function controlMessages(frames: readonly Uint8Array[]): ControlMessage[] {
  const messages: ControlMessage[] = [];
  for (const frame of frames) {
    if (frame[0] !== MessageType.control) continue;
    const decoded = decodeControlFrame(frame);
    if (!decoded.ok) throw new Error(`undecodable control frame: ${decoded.refusal.reason}`);
    messages.push(decoded.value as ControlMessage);
  }
  return messages;
}

/** A control frame carrying `text` as is (for malformed JSON). */
export function controlFrameOfText(text: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.control);
  encoding.writeVarString(encoder, text);
  return encoding.toUint8Array(encoder);
}

/** A raw y-websocket client that announced `?ctl=1` and speaks the control channel. */
export interface ControlClient {
  readonly raw: RawClient;
  /**
   * Sends `{ id, action }` with a fresh id and resolves with the answer to
   * that id (`ack`, `refused` or `time`). `action` is not checked, so tests
   * can send what a hostile client would.
   */
  request(action: ControlAction | Record<string, unknown>): Promise<ControlMessage>;
  /** Every control message received so far. */
  messages(): ControlMessage[];
  /** Control messages of `type` received so far. */
  messagesOf(type: string): ControlMessage[];
  /** Waits until a control message matching `predicate` has arrived, and returns the last such. */
  waitFor(predicate: (message: ControlMessage) => boolean, what: string): Promise<ControlMessage>;
}

const answerTimeoutMs = 10_000;

/** Query parameters for a board socket: token, participant key and the control capability. */
export function boardQuery(params: {
  token?: string | undefined;
  key?: string | undefined;
  control?: boolean;
}): string {
  const query = new URLSearchParams();
  if (params.token !== undefined) query.set('t', params.token);
  if (params.key !== undefined) query.set('k', params.key);
  if (params.control !== false) query.set(controlCapabilityParam, '1');
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Opens a raw client on `${wsUrl}/${roomId}` with `?ctl=1` (plus token and
 * participant key), tracked by `clients`, and waits for its first sync.
 */
export async function connectControl(
  clients: ClientTracker,
  wsUrl: string,
  roomId: string,
  params: { token?: string | undefined; key?: string | undefined },
  options: RawClientOptions = {},
): Promise<ControlClient> {
  const raw = clients.raw(`${wsUrl}/${roomId}${boardQuery({ ...params, control: true })}`, options);
  await withTimeout(raw.synced, answerTimeoutMs, `control client in ${roomId} did not sync`);
  let nextId = 1;
  const messages = () => controlMessages(raw.received);
  const waitFor = async (predicate: (message: ControlMessage) => boolean, what: string) => {
    let found: ControlMessage | undefined;
    await waitUntil(
      () => {
        found = messages().findLast(predicate);
        return found !== undefined || raw.isClosed();
      },
      { timeoutMs: answerTimeoutMs, message: what },
    );
    if (found === undefined) throw new Error(`socket closed while waiting for ${what}`);
    return found;
  };
  return {
    raw,
    messages,
    messagesOf: (type) => messages().filter((message) => message.type === type),
    waitFor,
    async request(action) {
      const id = nextId++;
      raw.send(encodeControlFrame({ id, action }));
      return waitFor(
        (message) => message.id === id && ['ack', 'refused', 'time'].includes(String(message.type)),
        `answer to ${JSON.stringify(action)}`,
      );
    },
  };
}
