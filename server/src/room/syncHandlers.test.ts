import { MessageType } from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { clientMessage, decodeServerMessage, type ServerMessage } from '../testing/messages.js';
import { MalformedMessageError } from './MalformedMessageError.js';
import {
  applyMessage,
  changesAwareness,
  decodeMessage,
  parseAwarenessStates,
  writeSyncStep1,
} from './syncHandlers.js';

const docs: Y.Doc[] = [];
function newDoc(): Y.Doc {
  const doc = new Y.Doc();
  docs.push(doc);
  return doc;
}
afterEach(() => {
  for (const doc of docs.splice(0)) doc.destroy();
});

function docWithText(text: string): Y.Doc {
  const doc = newDoc();
  doc.getText('t').insert(0, text);
  return doc;
}

function frame(...parts: number[]): Uint8Array {
  return new Uint8Array(parts);
}

describe('decodeMessage', () => {
  it('decodes the messages a stock provider sends', () => {
    const doc = docWithText('hi');
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ name: 'Aino' });
    expect(decodeMessage(clientMessage.syncStep1(doc)).type).toBe('syncStep1');
    expect(decodeMessage(clientMessage.syncStep2(doc)).type).toBe('syncStep2');
    expect(decodeMessage(clientMessage.update(Y.encodeStateAsUpdate(doc))).type).toBe('update');
    expect(decodeMessage(clientMessage.queryAwareness()).type).toBe('queryAwareness');
    const decoded = decodeMessage(clientMessage.awareness(awareness, [doc.clientID]));
    expect(decoded).toMatchObject({ type: 'awareness', entries: [{ clientId: doc.clientID }] });
    if (decoded.type !== 'awareness') throw new Error('not awareness');
    expect(parseAwarenessStates(decoded.entries)).toEqual([
      {
        clientId: doc.clientID,
        clock: awareness.meta.get(doc.clientID)?.clock,
        state: { name: 'Aino' },
      },
    ]);
    awareness.destroy();
  });

  it.each([
    ['an empty frame', frame()],
    ['an unknown message type', frame(9)],
    ['an auth message from a client', frame(MessageType.auth, 0)],
    ['a truncated varint', frame(0x80)],
    ['an unknown sync type', frame(MessageType.sync, 7, 0)],
    ['a payload length past the end', frame(MessageType.sync, 2, 50, 1, 2)],
    ['a truncated awareness state', frame(MessageType.awareness, 5, 1, 1, 1, 9, 0x7b, 0x7d)],
  ])('refuses %s with MalformedMessageError', (_name, data) => {
    expect(() => decodeMessage(data)).toThrow(MalformedMessageError);
  });

  it.each([
    ['not JSON', [0x7b, 0x7b]],
    ['not UTF-8', [0x22, 0xff, 0x22]],
  ])('parses awareness states only on demand, refusing one that is %s', (_name, bytes) => {
    const data = frame(MessageType.awareness, 4 + bytes.length, 1, 1, 1, bytes.length, ...bytes);
    const decoded = decodeMessage(data);
    if (decoded.type !== 'awareness') throw new Error('not awareness');
    expect(() => parseAwarenessStates(decoded.entries)).toThrow(MalformedMessageError);
  });
});

describe('changesAwareness', () => {
  const entry = (clientId: number, clock: number, json: string) => ({
    clientId,
    clock,
    json: new TextEncoder().encode(json),
  });

  it('tells a change from an echo by the test applyAwarenessUpdate makes', () => {
    const awareness = new awarenessProtocol.Awareness(newDoc());
    awareness.setLocalState(null);
    const remote = new awarenessProtocol.Awareness(newDoc());
    remote.setLocalState({ name: 'Aino' });
    remote.setLocalState({ name: 'Aino', x: 1 });
    const id = remote.clientID;
    const clock = remote.meta.get(id)?.clock ?? -1;
    // Unknown client: any clock above 0 is news.
    expect(changesAwareness(awareness, entry(id, clock, '{}'))).toBe(true);
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessProtocol.encodeAwarenessUpdate(remote, [id]),
      'remote',
    );
    expect(changesAwareness(awareness, entry(id, clock, '{"name":"Aino","x":1}'))).toBe(false);
    expect(changesAwareness(awareness, entry(id, clock - 1, '{}'))).toBe(false);
    expect(changesAwareness(awareness, entry(id, clock + 1, '{}'))).toBe(true);
    // A removal at the same clock changes the room; once removed, it is an echo again.
    expect(changesAwareness(awareness, entry(id, clock, 'null'))).toBe(true);
    awarenessProtocol.removeAwarenessStates(awareness, [id], 'left');
    const removedAt = awareness.meta.get(id)?.clock ?? -1;
    expect(changesAwareness(awareness, entry(id, removedAt, 'null'))).toBe(false);
    awareness.destroy();
    remote.destroy();
  });

  it('refuses every truncation of a real update, at decoding or at applying', () => {
    const source = docWithText('hello world');
    source.getMap('m').set('k', 1);
    source.getText('t').delete(0, 6);
    const message = clientMessage.update(Y.encodeStateAsUpdate(source));
    for (let cut = 1; cut < message.length; cut++) {
      const doc = newDoc();
      const awareness = new awarenessProtocol.Awareness(doc);
      expect(() => {
        const decoded = decodeMessage(message.subarray(0, cut));
        applyMessage(decoded, encoding.createEncoder(), doc, awareness, 'client');
      }).toThrow(MalformedMessageError);
      awareness.destroy();
      // Whatever went in is a valid state another document can sync from.
      const copy = newDoc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      expect(copy.getText('t').toString()).toBe(doc.getText('t').toString());
    }
  });

  it('never reads past the frame into the rest of a pooled buffer', () => {
    const valid = clientMessage.update(Y.encodeStateAsUpdate(docWithText('x')));
    const pool = new Uint8Array(valid.length + 16);
    pool.set(valid);
    // A frame that claims more payload than it carries, followed by unrelated bytes in the same buffer.
    const claimed = frame(MessageType.sync, 2, 40);
    pool.set(claimed, 0);
    expect(() => decodeMessage(pool.subarray(0, 3))).toThrow(MalformedMessageError);
  });
});

describe('applyMessage', () => {
  it('refuses a garbage update with MalformedMessageError and leaves the document empty', () => {
    const doc = newDoc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const message = decodeMessage(frame(MessageType.sync, 2, 4, 0xff, 0xff, 0xff, 0xff));
    expect(() => applyMessage(message, encoding.createEncoder(), doc, awareness, 'client')).toThrow(
      MalformedMessageError,
    );
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(newDoc()));
    awareness.destroy();
  });

  it('answers sync step 1 with step 2 carrying what the client lacks', () => {
    const server = docWithText('server text');
    const client = newDoc();
    const awareness = new awarenessProtocol.Awareness(server);
    const encoder = encoding.createEncoder();
    applyMessage(decodeMessage(clientMessage.syncStep1(client)), encoder, server, awareness, null);
    const reply = decodeServerMessage(encoding.toUint8Array(encoder));
    expect(reply.kind).toBe('syncStep2');
    Y.applyUpdate(client, payloadOf(reply));
    expect(client.getText('t').toString()).toBe('server text');
    awareness.destroy();
  });

  it('applies step 2 and updates with the given origin and writes no reply', () => {
    const server = newDoc();
    const awareness = new awarenessProtocol.Awareness(server);
    const origins: unknown[] = [];
    server.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    const encoder = encoding.createEncoder();
    const origin = { id: 'conn' };
    applyMessage(
      decodeMessage(clientMessage.syncStep2(docWithText('a'))),
      encoder,
      server,
      awareness,
      origin,
    );
    applyMessage(
      decodeMessage(clientMessage.update(Y.encodeStateAsUpdate(docWithText('b')))),
      encoder,
      server,
      awareness,
      origin,
    );
    expect(encoding.length(encoder)).toBe(0);
    expect(origins).toEqual([origin, origin]);
    expect(server.getText('t').toString()).toHaveLength(2);
    awareness.destroy();
  });

  it('applies awareness updates and answers a query with every state', () => {
    const server = newDoc();
    const serverAwareness = new awarenessProtocol.Awareness(server);
    serverAwareness.setLocalState(null);
    const client = newDoc();
    const clientAwareness = new awarenessProtocol.Awareness(client);
    clientAwareness.setLocalState({ name: 'Eero' });
    const encoder = encoding.createEncoder();
    applyMessage(
      decodeMessage(clientMessage.awareness(clientAwareness, [client.clientID])),
      encoder,
      server,
      serverAwareness,
      null,
    );
    expect(encoding.length(encoder)).toBe(0);
    expect(serverAwareness.getStates().get(client.clientID)).toEqual({ name: 'Eero' });

    applyMessage(
      decodeMessage(clientMessage.queryAwareness()),
      encoder,
      server,
      serverAwareness,
      null,
    );
    const reply = decodeServerMessage(encoding.toUint8Array(encoder));
    expect(reply.kind).toBe('awareness');
    const observer = new awarenessProtocol.Awareness(newDoc());
    awarenessProtocol.applyAwarenessUpdate(observer, payloadOf(reply), null);
    expect(observer.getStates().get(client.clientID)).toEqual({ name: 'Eero' });
    for (const a of [serverAwareness, clientAwareness, observer]) a.destroy();
  });
});

describe('writeSyncStep1', () => {
  it('prefixes the y-protocols step 1 with the sync message type', () => {
    const doc = docWithText('abc');
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, doc);
    const message = decodeServerMessage(encoding.toUint8Array(encoder));
    expect(message.kind).toBe('syncStep1');
    expect(payloadOf(message)).toEqual(Y.encodeStateVector(doc));
  });
});

function payloadOf(message: ServerMessage): Uint8Array {
  if (message.kind === 'control') throw new Error('unexpected control frame');
  return message.payload;
}
