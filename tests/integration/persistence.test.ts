import { CloseCode } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { parseLogLines, type RunningServer, useRestartableServers } from '../helpers/server.js';
import {
  connectProvider,
  containsAllOf,
  createClientTracker,
  uniqueRoomId,
  waitUntil,
} from '../helpers/yjsClients.js';

describe('persistence across restarts', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());

  it('keeps every acknowledged edit across a graceful restart (SIGTERM exits 0)', async () => {
    const roomId = uniqueRoomId('restart');
    const first = await start();
    const alice = await clients.synced(first.wsUrl, roomId);
    const bob = await clients.synced(first.wsUrl, roomId);

    const text = alice.doc.getText('notes');
    text.insert(0, 'persist me please');
    text.delete(0, 8); // "me please"
    alice.doc.getMap('shapes').set('s1', { kind: 'rect', w: 10 });
    alice.doc.getMap('shapes').set('s2', { kind: 'note' });
    alice.doc.getMap('shapes').delete('s2');
    bob.doc.getArray<string>('order').push(['s1']);
    await waitUntil(() => containsAllOf(bob.doc, alice.doc) && containsAllOf(alice.doc, bob.doc), {
      message: 'alice and bob did not converge before the restart',
    });
    const expected = alice.doc;

    await first.stop();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // Connected clients were told to come back later, not dropped.
    await waitUntil(() => alice.closes.length > 0 && bob.closes.length > 0);
    expect(alice.closes[0]?.code).toBe(CloseCode.serviceRestart);
    expect(bob.closes[0]?.code).toBe(CloseCode.serviceRestart);

    const second = await start();
    const carol = await clients.synced(second.wsUrl, roomId);
    expect(carol.doc.getText('notes').toString()).toBe('me please');
    expect(carol.doc.getMap('shapes').toJSON()).toEqual({ s1: { kind: 'rect', w: 10 } });
    expect(carol.doc.getArray('order').toJSON()).toEqual(['s1']);
    expect(containsAllOf(carol.doc, expected)).toBe(true);
  });

  it('keeps everything after the update log was compacted, across SIGTERM and SIGKILL restarts', async () => {
    const roomId = uniqueRoomId('compact');
    // debug level: the server logs each compaction there.
    const env = { COMPACT_AFTER_UPDATES: '5', LOG_LEVEL: 'debug' };
    const first = await start({ env });
    const writer = await clients.synced(first.wsUrl, roomId);
    const watcher = await clients.synced(first.wsUrl, roomId);

    // 60 separate updates, so the log is compacted many times over, with
    // deletions in between so the snapshot must carry a delete set.
    const items = writer.doc.getArray<number>('items');
    for (let index = 0; index < 60; index++) {
      items.push([index]);
      if (index % 10 === 9) items.delete(0, 1);
      writer.doc.getMap('meta').set('last', index);
    }
    await waitUntil(() => containsAllOf(watcher.doc, writer.doc), {
      message: () => `watcher has ${watcher.doc.getArray('items').length} items`,
    });
    const expectedItems = items.toJSON();
    expect(expectedItems).toHaveLength(54);
    await waitUntil(() => countRoomLogs(first.logs, roomId, /\bcompacted\b/i) > 0, {
      message: 'the server never logged a compaction of the room',
    });

    await first.stop();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    clients.closeAll();

    const second = await start({ env });
    const reader = await clients.synced(second.wsUrl, roomId);
    expect(reader.doc.getArray('items').toJSON()).toEqual(expectedItems);
    expect(reader.doc.getMap('meta').get('last')).toBe(59);

    // More writes after the reload, then a crash: the snapshot written before
    // plus the log written since must still add up.
    const readerItems = reader.doc.getArray<number>('items');
    for (let index = 60; index < 80; index++) {
      readerItems.push([index]);
      if (index % 7 === 0) readerItems.delete(0, 1);
    }
    const watcher2 = await clients.synced(second.wsUrl, roomId);
    await waitUntil(() => containsAllOf(watcher2.doc, reader.doc), {
      message: 'second watcher did not receive the writes made after the restart',
    });
    const expectedAfter = readerItems.toJSON();

    await second.kill();
    clients.closeAll();

    const third = await start({ env });
    const last = await clients.synced(third.wsUrl, roomId);
    expect(last.doc.getArray('items').toJSON()).toEqual(expectedAfter);
  });

  it('compacts a big board in the worker thread while edits go on, and keeps everything across SIGKILL', async () => {
    const roomId = uniqueRoomId('fold');
    // Every board counts as big here; debug level: the server logs each fold there.
    const env = {
      COMPACT_AFTER_UPDATES: '5',
      COMPACT_OFF_THREAD_FROM_BYTES: '2048',
      LOG_LEVEL: 'debug',
    };
    const first = await start({ env });
    const writer = await clients.synced(first.wsUrl, roomId);
    const watcher = await clients.synced(first.wsUrl, roomId);
    writer.doc.getText('intro').insert(0, 'Työpajan taustaa. '.repeat(300));
    const items = writer.doc.getArray<string>('items');
    for (let index = 0; index < 80; index++) {
      items.push([`${index} `.padEnd(200, '.')]);
      if (index % 10 === 9) items.delete(0, 2);
    }
    await waitUntil(() => containsAllOf(watcher.doc, writer.doc), {
      message: () => `watcher has ${watcher.doc.getArray('items').length} items`,
    });
    await waitUntil(() => countRoomLogs(first.logs, roomId, /off the event loop/) > 0, {
      message: 'the server never logged a fold of the room',
    });
    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(metrics).toMatch(
      /kohtaamo_storage_seconds_count\{operation="fold",outcome="ok"\} [1-9]/,
    );
    const expectedItems = items.toJSON();
    expect(expectedItems).toHaveLength(64);

    await first.kill();
    clients.closeAll();
    const second = await start({ env });
    const reader = await clients.synced(second.wsUrl, roomId);
    expect(reader.doc.getArray('items').toJSON()).toEqual(expectedItems);
    expect(reader.doc.getText('intro').length).toBe(writer.doc.getText('intro').length);
  });

  it('never syncs a client before the stored document is loaded (first sync already has the content)', async () => {
    const roomId = uniqueRoomId('load');
    const first = await start();
    const writer = await clients.synced(first.wsUrl, roomId);
    // About 1.5 MB in 300 separate updates: loading takes a noticeable while.
    const chunk = 'x'.repeat(5_000);
    const text = writer.doc.getText('big');
    for (let index = 0; index < 300; index++) text.insert(text.length, chunk);
    writer.doc.getMap('meta').set('done', true);
    const check = await clients.synced(first.wsUrl, roomId);
    await waitUntil(() => check.doc.getMap('meta').get('done') === true, { timeoutMs: 20_000 });
    const expectedLength = text.length;
    await first.stop();
    clients.closeAll();

    const second = await start();
    // Several clients race the load of the room right after the restart.
    const observations = await Promise.all(
      [0, 1, 2].map(
        (index) =>
          new Promise<{ length: number; done: unknown }>((resolve, reject) => {
            const client = connectProvider(second.wsUrl, roomId);
            const timer = setTimeout(() => {
              client.destroy();
              reject(new Error(`client ${index} never synced`));
            }, 20_000);
            client.provider.on('sync', (synced: boolean) => {
              if (!synced) return;
              clearTimeout(timer);
              resolve({
                length: client.doc.getText('big').length,
                done: client.doc.getMap('meta').get('done'),
              });
              client.destroy();
            });
          }),
      ),
    );
    for (const observation of observations) {
      expect(observation.length).toBe(expectedLength);
      expect(observation.done).toBe(true);
    }
  });

  it('hands every rejoining client all earlier writes, whether it joins after, during or before an unload', async () => {
    const roomId = uniqueRoomId('churn');
    const server = await start({ env: { ROOM_IDLE_MS: '0', LOG_LEVEL: 'debug' } });
    const rounds = 20;
    let unloads = 0;
    for (let round = 0; round < rounds; round++) {
      const client = await clients.synced(server.wsUrl, roomId);
      // Checked at the first sync: the previous client left a moment ago.
      expect(client.doc.getArray<number>('rounds').toJSON()).toEqual(
        Array.from({ length: round }, (_, index) => index),
      );
      client.doc.getArray<number>('rounds').push([round]);
      client.destroy();
      if (round % 2 === 0) {
        // Even rounds: the next client comes after the unload finished.
        await waitUntil(() => countRoomLogs(server.logs, roomId, /\bunloaded\b/i) > unloads, {
          message: `room not unloaded after round ${round}`,
        });
        unloads = countRoomLogs(server.logs, roomId, /\bunloaded\b/i);
      }
      // Odd rounds: the next client races the close and the unload.
    }
    expect(unloads).toBeGreaterThanOrEqual(rounds / 2);
    const last = await clients.synced(server.wsUrl, roomId);
    expect(last.doc.getArray('rounds').length).toBe(rounds);
  });

  it('flushes and unloads an idle room, and reloads it intact on the next connection', async () => {
    const roomId = uniqueRoomId('idle');
    // debug level: the server logs each unload there.
    const server = await start({ env: { ROOM_IDLE_MS: '200', LOG_LEVEL: 'debug' } });
    const alice = await clients.synced(server.wsUrl, roomId);
    const bob = await clients.synced(server.wsUrl, roomId);
    alice.doc.getText('t').insert(0, 'before unload');
    bob.doc.getMap('m').set('k', 'v');
    await waitUntil(() => containsAllOf(bob.doc, alice.doc) && containsAllOf(alice.doc, bob.doc));
    const unloadsBefore = countRoomLogs(server.logs, roomId, /\bunloaded\b/i);
    clients.closeAll();

    await waitUntil(() => countRoomLogs(server.logs, roomId, /\bunloaded\b/i) > unloadsBefore, {
      timeoutMs: 15_000,
      message: () =>
        `no "unloaded" log line for ${roomId}; room lines: ${JSON.stringify(
          roomLogs(server.logs, roomId).slice(-10),
        )}`,
    });

    // /ready counts loaded rooms; this server has no other.
    await waitUntil(async () => (await readyCounts(server)).rooms === 0, {
      message: 'GET /ready still counts a loaded room after the unload',
    });

    const carol = await clients.synced(server.wsUrl, roomId);
    expect(carol.doc.getText('t').toString()).toBe('before unload');
    expect(await readyCounts(server)).toMatchObject({ rooms: 1 });
    expect(carol.doc.getMap('m').get('k')).toBe('v');

    // The reloaded room is live: edits still sync and persist.
    const dave = await clients.synced(server.wsUrl, roomId);
    carol.doc.getText('t').insert(0, 'after reload, ');
    await waitUntil(() => dave.doc.getText('t').toString() === 'after reload, before unload');
    await server.stop();
    clients.closeAll();
    const restarted = await start();
    const erin = await clients.synced(restarted.wsUrl, roomId);
    expect(erin.doc.getText('t').toString()).toBe('after reload, before unload');
  });
});

async function readyCounts(server: RunningServer): Promise<{ rooms?: unknown }> {
  const response = await fetch(`${server.url}/ready`);
  return (await response.json()) as { rooms?: unknown };
}

function roomLogs(logs: readonly string[], roomId: string): Record<string, unknown>[] {
  return parseLogLines(logs).filter((entry) => JSON.stringify(entry).includes(roomId));
}

function countRoomLogs(logs: readonly string[], roomId: string, msg: RegExp): number {
  return roomLogs(logs, roomId).filter((entry) => msg.test(String(entry.msg ?? ''))).length;
}
