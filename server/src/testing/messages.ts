import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** Client → server messages built with the same y-protocols calls the stock provider uses. */
export const clientMessage = {
  syncStep1(doc: Y.Doc): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
    return encoding.toUint8Array(encoder);
  },
  syncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep2(encoder, doc, stateVector);
    return encoding.toUint8Array(encoder);
  },
  update(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  },
  awareness(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds),
    );
    return encoding.toUint8Array(encoder);
  },
  /** A control request, framed as the client's control channel frames it. */
  control(request: unknown): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.control);
    encoding.writeVarString(encoder, JSON.stringify(request));
    return encoding.toUint8Array(encoder);
  },
  queryAwareness(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.queryAwareness);
    return encoding.toUint8Array(encoder);
  },
};

/** A server → client message, decoded for assertions. */
export type ServerMessage =
  | { readonly kind: 'syncStep1'; readonly payload: Uint8Array }
  | { readonly kind: 'syncStep2'; readonly payload: Uint8Array }
  | { readonly kind: 'update'; readonly payload: Uint8Array }
  | { readonly kind: 'awareness'; readonly payload: Uint8Array }
  /** A control frame, its JSON parsed. */
  | { readonly kind: 'control'; readonly message: unknown };

/** Decodes one message the server sent. */
export function decodeServerMessage(data: Uint8Array): ServerMessage {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.awareness) {
    return { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) };
  }
  if (type === MessageType.control) {
    return { kind: 'control', message: JSON.parse(decoding.readVarString(decoder)) };
  }
  if (type !== MessageType.sync) throw new Error(`unexpected server message type ${type}`);
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'syncStep1', payload };
  if (syncType === syncProtocol.messageYjsSyncStep2) return { kind: 'syncStep2', payload };
  return { kind: 'update', payload };
}

/** Kinds of every message in `sent`, in order. */
export function kinds(sent: readonly Uint8Array[]): ServerMessage['kind'][] {
  return sent.map((message) => decodeServerMessage(message).kind);
}
