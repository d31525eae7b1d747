import { CloseCode } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useRestartableServers } from '../helpers/server.js';
import {
  createClientTracker,
  type ProviderClient,
  uniqueRoomId,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

const maxDocumentBytes = 32 * 1024;
const env = { MAX_DOCUMENT_BYTES: String(maxDocumentBytes) };

function terminalClose(client: ProviderClient): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) => {
      client.provider.on('closed', (event: { code: number; reason: string }) => resolve(event));
    }),
    15_000,
    'the provider was not closed with a terminal close code',
  );
}

describe('document size limit', () => {
  const clients = createClientTracker();
  const servers = useRestartableServers(() => clients.closeAll());
  const start = () => servers.start({ env });

  it('closes the writer with 4413 and applies nothing of an update that would exceed it', async () => {
    const roomId = uniqueRoomId('limit');
    const server = await start();
    const writer = await clients.synced(server.wsUrl, roomId);
    const reader = await clients.synced(server.wsUrl, roomId);

    writer.doc.getText('t').insert(0, 'small and fine');
    await waitUntil(() => reader.doc.getText('t').toString() === 'small and fine');

    const closed = terminalClose(writer);
    writer.doc.transact(() => {
      writer.doc.getMap('m').set('marker', 'part of the big update');
      writer.doc.getText('t').insert(0, 'w'.repeat(maxDocumentBytes * 2));
    });
    expect((await closed).code).toBe(CloseCode.documentTooLarge);

    // The room stays usable for everyone else, and never saw the big update.
    const third = await clients.synced(server.wsUrl, roomId);
    reader.doc.getText('t').insert(0, 'still ');
    await waitUntil(() => third.doc.getText('t').toString() === 'still small and fine', {
      message: () => `third sees "${third.doc.getText('t').toString().slice(0, 40)}"`,
    });
    expect(reader.doc.getText('t').toString()).toBe('still small and fine');
    expect(reader.doc.getMap('m').has('marker')).toBe(false);
    expect(third.doc.getMap('m').has('marker')).toBe(false);
    expect(reader.closes).toEqual([]);

    await server.stop();
    clients.closeAll();
    const restarted = await start();
    const afterRestart = await clients.synced(restarted.wsUrl, roomId);
    expect(afterRestart.doc.getText('t').toString()).toBe('still small and fine');
    expect(afterRestart.doc.getMap('m').has('marker')).toBe(false);
  });

  it('refuses a too-large offline state sent in the initial sync with 4413', async () => {
    const roomId = uniqueRoomId('limit');
    const server = await start();
    const resident = await clients.synced(server.wsUrl, roomId);
    resident.doc.getText('t').insert(0, 'resident');

    const offline = new Y.Doc();
    offline.getText('offline').insert(0, 'o'.repeat(maxDocumentBytes * 2));
    const newcomer = clients.provider(server.wsUrl, roomId, { doc: offline });
    expect((await terminalClose(newcomer)).code).toBe(CloseCode.documentTooLarge);

    const check = await clients.synced(server.wsUrl, roomId);
    await waitUntil(() => check.doc.getText('t').toString() === 'resident');
    expect(check.doc.getText('offline').toString()).toBe('');
    expect(resident.doc.getText('offline').toString()).toBe('');
    expect(resident.closes).toEqual([]);
  });
  it('counts the stored size after a restart: a room near the limit still refuses the update that crosses it', async () => {
    const roomId = uniqueRoomId('limit');
    const first = await start();
    const writer = await clients.synced(first.wsUrl, roomId);
    const text = writer.doc.getText('t');
    for (let index = 0; index < 4; index++) text.insert(text.length, 'a'.repeat(5 * 1024));
    const check = await clients.synced(first.wsUrl, roomId);
    await waitUntil(() => check.doc.getText('t').length === 20 * 1024);
    await first.stop();
    clients.closeAll();

    const second = await start();
    const again = await clients.synced(second.wsUrl, roomId);
    const reader = await clients.synced(second.wsUrl, roomId);
    expect(again.doc.getText('t').length).toBe(20 * 1024);
    again.doc.getText('t').insert(0, 'b'.repeat(2 * 1024));
    await waitUntil(() => reader.doc.getText('t').length === 22 * 1024, {
      message: 'an update that stays under the limit did not arrive',
    });

    const closed = terminalClose(again);
    again.doc.getText('t').insert(0, 'c'.repeat(15 * 1024));
    expect((await closed).code).toBe(CloseCode.documentTooLarge);
    const late = await clients.synced(second.wsUrl, roomId);
    expect(late.doc.getText('t').length).toBe(22 * 1024);
    expect(reader.doc.getText('t').toString()).not.toContain('c');
  });
});
