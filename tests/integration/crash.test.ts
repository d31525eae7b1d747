import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useRestartableServers } from '../helpers/server.js';
import {
  containsAllOf,
  createClientTracker,
  type ProviderClient,
  uniqueRoomId,
  waitUntil,
} from '../helpers/yjsClients.js';

const writerCount = 3;
const minimumPerWriter = 40;

describe('crash safety (SIGKILL)', () => {
  const clients = createClientTracker();
  const timers: NodeJS.Timeout[] = [];
  const { start } = useRestartableServers(() => {
    for (const timer of timers.splice(0)) clearInterval(timer);
    clients.closeAll();
  });

  it('after kill -9 mid-stream, every update any client received is still there', async () => {
    const roomId = uniqueRoomId('crash');
    const first = await start();

    const observer = await clients.synced(first.wsUrl, roomId);
    const writers: ProviderClient[] = [];
    for (let index = 0; index < writerCount; index++) {
      writers.push(await clients.synced(first.wsUrl, roomId));
    }

    // Every writer appends to its own array as fast as timers allow, each
    // push a separate update on the wire.
    writers.forEach((writer, index) => {
      const list = writer.doc.getArray<number>(`writer-${index}`);
      const text = writer.doc.getText('shared');
      let counter = 0;
      timers.push(
        setInterval(() => {
          list.push([counter]);
          if (counter % 5 === 0) text.insert(0, `${index}:${counter} `);
          counter++;
        }, 2),
      );
    });

    await waitUntil(
      () =>
        writers.every(
          (_, index) => observer.doc.getArray(`writer-${index}`).length >= minimumPerWriter,
        ),
      {
        timeoutMs: 20_000,
        message: () =>
          `observer lengths ${writers.map((_, index) => observer.doc.getArray(`writer-${index}`).length)}`,
      },
    );

    // Writers are still writing when the server dies.
    await first.kill();
    for (const timer of timers.splice(0)) clearInterval(timer);

    // Freeze what the observer received, and make sure no old client can
    // reconnect to the restarted server and re-upload what was lost.
    const received = new Y.Doc();
    Y.applyUpdate(received, Y.encodeStateAsUpdate(observer.doc));
    const writerStates = writers.map((writer) => Y.encodeStateVector(writer.doc));
    clients.closeAll();

    const lengths = writers.map((_, index) => received.getArray(`writer-${index}`).length);
    for (const length of lengths) expect(length).toBeGreaterThanOrEqual(minimumPerWriter);

    const second = await start();
    const survivor = await clients.synced(second.wsUrl, roomId);

    expect(containsAllOf(survivor.doc, received)).toBe(true);
    writers.forEach((_, index) => {
      const restored = survivor.doc.getArray<number>(`writer-${index}`).toJSON();
      const seen = received.getArray<number>(`writer-${index}`).toJSON();
      expect(restored.slice(0, seen.length)).toEqual(seen);
    });
    // Nothing beyond what the writers themselves had (no invented state).
    const restoredVector = Y.decodeStateVector(Y.encodeStateVector(survivor.doc));
    for (const [client, clock] of restoredVector) {
      const owner = writers.findIndex((writer) => writer.doc.clientID === client);
      expect(owner).toBeGreaterThanOrEqual(0);
      const writerClock = Y.decodeStateVector(writerStates[owner] as Uint8Array).get(client) ?? 0;
      expect(clock).toBeLessThanOrEqual(writerClock);
    }
    received.destroy();
  });
});
