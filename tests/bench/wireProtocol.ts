import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The framing a server under test speaks. `y-websocket`: every frame is a
 * varUint message type and its payload (ours and @y/websocket-server).
 * `hocuspocus`: the same types and payloads, each frame led by the
 * document's name as a varString (@hocuspocus/server's `OutgoingMessage`),
 * plus an authentication exchange before anything else is handled.
 */
export type WireProtocol = 'y-websocket' | 'hocuspocus';

/** Hocuspocus's own message types (`MessageType` in @hocuspocus/server's types.ts). */
const hocuspocusType = {
  /** A sync message that must not be answered with another step 1. */
  syncReply: 4,
  close: 7,
  /** The server's acknowledgement of each update it applied. */
  syncStatus: 8,
} as const;

/** Hocuspocus's auth sub-types (`AuthMessageType` in @hocuspocus/common). */
const hocuspocusAuth = { token: 0, permissionDenied: 1, authenticated: 2 } as const;

/** One received frame, its type read (Hocuspocus's sync reply counts as sync). */
export interface ReceivedFrame {
  readonly type: number;
  /** Positioned after the type. */
  readonly decoder: decoding.Decoder;
}

/** Encodes a frame of `type` for `documentName`; `write` adds the payload. */
export function encodeFrame(
  protocol: WireProtocol,
  documentName: string,
  type: number,
  write: (encoder: encoding.Encoder) => void,
): Uint8Array {
  const encoder = encoding.createEncoder();
  if (protocol === 'hocuspocus') encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Reads a frame's header. */
export function decodeFrame(protocol: WireProtocol, data: Uint8Array): ReceivedFrame {
  const decoder = decoding.createDecoder(data);
  if (protocol === 'hocuspocus') decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  return {
    type: protocol === 'hocuspocus' && type === hocuspocusType.syncReply ? MessageType.sync : type,
    decoder,
  };
}

/**
 * What the first frames of a connection must be before the sync starts:
 * Hocuspocus queues everything until the document's token arrives (its
 * provider sends an empty one when none is configured); y-websocket needs
 * nothing.
 */
export function openingFrames(protocol: WireProtocol, documentName: string): Uint8Array[] {
  if (protocol !== 'hocuspocus') return [];
  return [
    encodeFrame(protocol, documentName, MessageType.auth, (encoder) => {
      encoding.writeVarUint(encoder, hocuspocusAuth.token);
      encoding.writeVarString(encoder, '');
    }),
  ];
}

/** What a client does with a frame that is not sync or awareness. */
export type FrameVerdict =
  | { readonly kind: 'data' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Sorts out the frames every client treats alike: a refusal ends the
 * connection; Hocuspocus's "authenticated" and its acknowledgement of each
 * applied update need no answer. Anything else is `data`.
 */
export function judgeFrame(protocol: WireProtocol, frame: ReceivedFrame): FrameVerdict {
  if (protocol === 'hocuspocus') {
    if (frame.type === hocuspocusType.syncStatus) return { kind: 'skip' };
    if (frame.type === hocuspocusType.close) {
      return { kind: 'refused', reason: `closed: ${decoding.readVarString(frame.decoder)}` };
    }
    if (frame.type === MessageType.auth) {
      const kind = decoding.readVarUint(frame.decoder);
      if (kind === hocuspocusAuth.authenticated) return { kind: 'skip' };
      const reason =
        kind === hocuspocusAuth.permissionDenied ? decoding.readVarString(frame.decoder) : kind;
      return { kind: 'refused', reason: `permission denied: ${reason}` };
    }
    return { kind: 'data' };
  }
  return frame.type === MessageType.auth
    ? { kind: 'refused', reason: 'permission denied' }
    : { kind: 'data' };
}
