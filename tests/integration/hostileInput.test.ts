import { CloseCode, MessageType } from '@kohtaamo/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type RunningServer, startServer } from '../helpers/server.js';
import {
  type CloseInfo,
  createClientTracker,
  encodeSyncUpdate,
  type ProviderClient,
  uniqueRoomId,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

const maxMessageBytes = 64 * 1024;

function frame(...parts: Array<number | Uint8Array>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('hostile').insert(0, 'this must never be applied, not even in part');
  doc.getMap('hostile-map').set('key', 'value');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function oversizedUpdateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('hostile').insert(0, 'z'.repeat(maxMessageBytes + 16 * 1024));
  const message = encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return message;
}

interface HostileCase {
  readonly name: string;
  readonly frame: () => Uint8Array | string;
  /** The close code, or `undefined` when closing with 4400 and ignoring are both acceptable. */
  readonly expectedCode: number | undefined;
}

const syncStep2 = 1;
const syncUpdate = 2;

const cases: readonly HostileCase[] = [
  {
    name: 'garbage binary frame',
    frame: () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'empty binary frame',
    frame: () => new Uint8Array(0),
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'sync message whose length prefix runs past the end of the frame',
    frame: () => {
      const whole = encodeSyncUpdate(sampleUpdate());
      return whole.slice(0, Math.floor(whole.length / 2));
    },
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'sync update whose Yjs payload is truncated',
    frame: () => {
      const update = sampleUpdate();
      const truncated = update.slice(0, Math.floor(update.length / 2));
      return frame(MessageType.sync, syncUpdate, truncated.length, truncated);
    },
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'sync step 2 with a garbage payload',
    frame: () => {
      const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]);
      return frame(MessageType.sync, syncStep2, garbage.length, garbage);
    },
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'unknown sync sub-type',
    frame: () => frame(MessageType.sync, 7, 0),
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'awareness message with an undecodable payload',
    frame: () => {
      const garbage = new Uint8Array([0xff, 0xff, 0xff]);
      return frame(MessageType.awareness, garbage.length, garbage);
    },
    expectedCode: CloseCode.malformedMessage,
  },
  {
    name: 'unknown top-level message type',
    frame: () => frame(99, 1, 2, 3),
    expectedCode: undefined,
  },
  {
    name: 'text frame',
    frame: () => 'hello, this is text',
    expectedCode: CloseCode.unsupportedData,
  },
  {
    name: `binary frame larger than MAX_MESSAGE_BYTES (${maxMessageBytes})`,
    frame: oversizedUpdateFrame,
    expectedCode: CloseCode.messageTooBig,
  },
];

describe('hostile input closes only the offending connection', () => {
  let server: RunningServer;
  const clients = createClientTracker();

  beforeAll(async () => {
    server = await startServer({ env: { MAX_MESSAGE_BYTES: String(maxMessageBytes) } });
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await server?.stop();
  });

  async function expectStillSyncing(from: ProviderClient, to: ProviderClient, marker: string) {
    from.doc.getArray<string>('markers').push([marker]);
    await waitUntil(() => to.doc.getArray<string>('markers').toJSON().includes(marker), {
      message: `"${marker}" did not reach the peer in room ${to.provider.roomname}`,
    });
  }

  it.each(cases)('$name', async ({ frame: makeFrame, expectedCode }) => {
    const roomId = uniqueRoomId('hostile');
    const otherRoomId = uniqueRoomId('bystander');
    const peer = await clients.synced(server.wsUrl, roomId, { awarenessState: { name: 'peer' } });
    const peer2 = await clients.synced(server.wsUrl, roomId);
    const other = await clients.synced(server.wsUrl, otherRoomId);
    const other2 = await clients.synced(server.wsUrl, otherRoomId);

    const offender = clients.raw(`${server.wsUrl}/${roomId}`, {
      awarenessState: { name: 'offender' },
    });
    await withTimeout(offender.synced, 15_000, 'offender did not sync');
    await waitUntil(() => peer.awareness.getStates().has(offender.doc.clientID), {
      message: 'peer never saw the offender',
    });

    offender.send(makeFrame());

    if (expectedCode !== undefined) {
      const closed = await withTimeout(offender.closed, 15_000, 'offender was not closed');
      expect(closed).toMatchObject({ code: expectedCode });
    } else {
      // Closing with 4400 and ignoring the frame are both defensible; in the
      // second case the connection must keep working.
      offender.doc.getArray<string>('markers').push(['after-unknown']);
      const outcome = await withTimeout(
        Promise.race([
          offender.closed.then((info): { closed: CloseInfo } => ({ closed: info })),
          waitUntil(() => peer.doc.getArray<string>('markers').toJSON().includes('after-unknown'), {
            timeoutMs: 15_000,
          }).then(() => ({ closed: undefined })),
        ]),
        16_000,
        'offender neither closed nor kept syncing',
      );
      if (outcome.closed !== undefined) {
        expect(outcome.closed.code).toBe(CloseCode.malformedMessage);
      } else {
        expect(offender.isOpen()).toBe(true);
      }
    }

    if (offender.isClosed()) {
      // A closed offender's presence disappears for the others too.
      await waitUntil(() => !peer.awareness.getStates().has(offender.doc.clientID), {
        timeoutMs: 5_000,
        message: "the closed offender's awareness is still visible",
      });
    }

    // Everybody else is unaffected.
    await expectStillSyncing(peer, peer2, `same-room-${roomId}`);
    await expectStillSyncing(peer2, peer, `same-room-back-${roomId}`);
    await expectStillSyncing(other, other2, `other-room-${otherRoomId}`);
    for (const bystander of [peer, peer2, other, other2]) {
      expect(bystander.closes).toEqual([]);
      expect(bystander.provider.wsconnected).toBe(true);
    }
    // Nothing of the hostile frame was applied.
    expect(peer2.doc.getText('hostile').toString()).toBe('');
    expect(peer2.doc.getMap('hostile-map').size).toBe(0);
    const late = await clients.synced(server.wsUrl, roomId);
    expect(late.doc.getText('hostile').toString()).toBe('');
    expect(late.doc.getMap('hostile-map').size).toBe(0);

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('accepts a message just under MAX_MESSAGE_BYTES', async () => {
    const roomId = uniqueRoomId('nearlimit');
    const writer = await clients.synced(server.wsUrl, roomId);
    const reader = await clients.synced(server.wsUrl, roomId);
    writer.doc.getText('big').insert(0, 'y'.repeat(maxMessageBytes - 1024));
    await waitUntil(() => reader.doc.getText('big').length === maxMessageBytes - 1024, {
      message: 'a message under the limit did not arrive',
    });
    expect(writer.closes).toEqual([]);
  });
});
