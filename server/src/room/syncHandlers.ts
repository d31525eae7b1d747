import { MessageType } from '@kohtaamo/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MalformedMessageError } from './MalformedMessageError.js';

/** One client state inside an awareness update. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** Parsed JSON state; `null` means the client went away. */
  readonly state: unknown;
}

/** An awareness entry as framed: its state still the UTF-8 JSON bytes ({@link parseAwarenessStates}). */
export interface RawAwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly json: Uint8Array;
}

/**
 * A decoded, validated client message. Decoding is separate from applying so
 * the room can refuse an update (size limit) before it touches the document.
 */
export type SyncMessage =
  | { readonly type: 'syncStep1'; readonly stateVector: Uint8Array }
  | { readonly type: 'syncStep2'; readonly update: Uint8Array }
  | { readonly type: 'update'; readonly update: Uint8Array }
  | {
      readonly type: 'awareness';
      readonly update: Uint8Array;
      /** Framed, not parsed: most awareness frames are echoes that change nothing. */
      readonly entries: readonly RawAwarenessEntry[];
    }
  | { readonly type: 'queryAwareness' }
  /** A control message: its JSON text, parsed by whoever serves control messages. */
  | { readonly type: 'control'; readonly body: string };

/**
 * Decodes the framing of one binary frame from a stock y-websocket client.
 * State vectors and awareness updates are parsed completely here; a Yjs
 * update is only framed, because parsing it is most of the cost of applying
 * it: {@link applyMessage} refuses a broken one.
 *
 * @throws MalformedMessageError for anything that is not a valid message.
 */
export function decodeMessage(data: Uint8Array): SyncMessage {
  if (data.byteLength === 0) throw new MalformedMessageError('empty message');
  try {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MessageType.sync:
        return decodeSyncPayload(decoder);
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        return { type: 'awareness', update, entries: decodeAwarenessUpdate(update) };
      }
      case MessageType.queryAwareness:
        return { type: 'queryAwareness' };
      case MessageType.control:
        return { type: 'control', body: decoding.readVarString(decoder) };
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(`undecodable message: ${describe(error)}`);
  }
}

function decodeSyncPayload(decoder: decoding.Decoder): SyncMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      Y.decodeStateVector(payload);
      return { type: 'syncStep1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { type: 'syncStep2', update: payload };
    case syncProtocol.messageYjsUpdate:
      return { type: 'update', update: payload };
    default:
      throw new MalformedMessageError(`unknown sync message type ${syncType}`);
  }
}

/**
 * Reads the framing of an awareness update completely (client ids, clocks,
 * state lengths), so a truncated one is refused before anything is applied,
 * but leaves each state's JSON unparsed: the stock provider sends every
 * presence it hears back to the server, and those echoes, almost every
 * awareness frame a room receives, are dropped unread
 * ({@link changesAwareness}).
 */
export function decodeAwarenessUpdate(update: Uint8Array): RawAwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: RawAwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder);
    entries.push({ clientId, clock, json });
  }
  return entries;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** `null` as JSON, the state of a client that went away. */
const nullJson = 'null';

/**
 * Whether applying `entry` would change `awareness`: the test y-protocols'
 * `applyAwarenessUpdate` makes (a newer clock, or a removal at the same
 * clock of a state the room has). An entry that fails it is an echo.
 */
export function changesAwareness(
  awareness: awarenessProtocol.Awareness,
  entry: RawAwarenessEntry,
): boolean {
  return changesAwarenessAt(awareness, entry.clientId, entry.clock, () => isNullJson(entry.json));
}

/**
 * {@link changesAwareness} for an entry read either way: `removal` tells
 * whether its state is `null`, asked only at the room's own clock.
 */
export function changesAwarenessAt(
  awareness: awarenessProtocol.Awareness,
  clientId: number,
  clock: number,
  removal: () => boolean,
): boolean {
  const known = awareness.meta.get(clientId)?.clock ?? 0;
  if (known < clock) return true;
  return known === clock && awareness.states.has(clientId) && removal();
}

function isNullJson(json: Uint8Array): boolean {
  if (json.byteLength !== nullJson.length) return false;
  for (let i = 0; i < nullJson.length; i++) {
    if (json[i] !== nullJson.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Parses every entry's state, as `applyAwarenessUpdate` will; it would
 * otherwise apply the entries before a broken one and then throw.
 *
 * @throws MalformedMessageError when a state is not UTF-8 JSON.
 */
export function parseAwarenessStates(entries: readonly RawAwarenessEntry[]): AwarenessEntry[] {
  return entries.map(({ clientId, clock, json }) => {
    let state: unknown;
    try {
      state = JSON.parse(utf8.decode(json));
    } catch {
      throw new MalformedMessageError('awareness state is not JSON');
    }
    return { clientId, clock, state };
  });
}

/** Writes `[sync, step 1, state vector of doc]`: the server's opening message. */
export function writeSyncStep1(encoder: encoding.Encoder, doc: Y.Doc): void {
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
}

/** Writes `[sync, step 2, what doc has that stateVector lacks]`: the answer to a step 1. */
export function writeSyncStep2(
  encoder: encoding.Encoder,
  doc: Y.Doc,
  stateVector: Uint8Array,
): void {
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
}

/** Writes `[sync, update, update]`: how document changes are broadcast. */
export function writeUpdate(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
}

/** Writes `[awareness, update]` carrying the current states of `clientIds`. */
export function writeAwareness(
  encoder: encoding.Encoder,
  awareness: awarenessProtocol.Awareness,
  clientIds: readonly number[],
): void {
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [...clientIds]),
  );
}

/**
 * Applies a decoded message to the room's document and awareness, writing
 * any reply into `encoder` (nothing written means no reply), in the manner
 * of y-protocols' `readSyncMessage`: step 1 is answered with step 2, step 2
 * and updates are applied with `origin` as transaction origin, awareness
 * updates are applied, and a query is answered with every known state.
 *
 * A broken update is refused, but Yjs reads all of an update's items before
 * it integrates any and applies deletions last, so what may have gone in
 * before the error is a valid prefix (items without some deletions): the
 * same kind of change a well-formed update could make, reported through the
 * document's `update` event like any other.
 *
 * @throws MalformedMessageError when Yjs rejects an update while applying it.
 */
export function applyMessage(
  message: SyncMessage,
  encoder: encoding.Encoder,
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness,
  origin: unknown,
): void {
  switch (message.type) {
    case 'syncStep1':
      writeSyncStep2(encoder, doc, message.stateVector);
      return;
    case 'syncStep2':
    case 'update':
      try {
        Y.applyUpdate(doc, message.update, origin);
      } catch (error) {
        throw new MalformedMessageError(`update could not be applied: ${describe(error)}`);
      }
      return;
    case 'awareness':
      awarenessProtocol.applyAwarenessUpdate(awareness, message.update, origin);
      return;
    case 'queryAwareness': {
      const clientIds = [...awareness.getStates().keys()];
      if (clientIds.length > 0) writeAwareness(encoder, awareness, clientIds);
      return;
    }
    case 'control':
      // The room hands control messages to its extensions; they never reach the document.
      throw new Error('a control message cannot be applied to a document');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
