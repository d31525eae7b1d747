import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { afterEach, expect, it } from 'vitest';
import { describeWithPostgres, usePostgresSchemas } from '../helpers/postgres.js';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { createClientTracker, waitUntil } from '../helpers/yjsClients.js';

/**
 * `STORAGE=postgres` from outside: real server processes on one database,
 * each with its own empty data directory, so whatever the second one
 * serves came from PostgreSQL.
 */
describeWithPostgres('storage on PostgreSQL', () => {
  const clients = createClientTracker();
  const schemas = usePostgresSchemas();
  const servers: RunningServer[] = [];
  afterEach(async () => {
    clients.closeAll();
    await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
  });

  const env = (databaseUrl: string) => ({
    STORAGE: 'postgres',
    DATABASE_URL: databaseUrl,
    TOKEN_SECRET: 'postgres-integration-secret-of-32-bytes!',
  });
  async function start(databaseUrl: string): Promise<RunningServer> {
    const server = await startServer({ env: env(databaseUrl) });
    servers.push(server);
    return server;
  }

  it('keeps boards, links, renames and uploads in the database: another instance with an empty data directory serves them after a kill -9', async () => {
    const databaseUrl = await schemas.create();
    const first = await start(databaseUrl);
    const room = await createRoom(first.url, 'Tietokanta');
    const facilitator = linkToken(room.links.facilitator);
    const editor = await clients.synced(first.wsUrl, room.roomId, { params: { t: facilitator } });
    writeRecord(editor.doc, null, noteRecord('shape:kept', 'facilitator-id'));
    const witness = await clients.synced(first.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.viewer) },
    });
    // Broadcast only after it is written: the witness seeing it means PostgreSQL has it.
    await waitUntil(() => recordIn(witness.doc, 'shape:kept') !== undefined);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const upload = await fetch(`${first.url}/api/rooms/${room.roomId}/uploads?t=${facilitator}`, {
      method: 'POST',
      body: gif,
    });
    expect(upload.status).toBe(201);
    const { url: uploadUrl } = (await upload.json()) as { url: string };
    const renamed = await fetch(`${first.url}/api/rooms/${room.roomId}?t=${facilitator}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Tietokanta 2' }),
    });
    expect(renamed.status).toBe(200);
    await first.kill();
    clients.closeAll();

    const second = await start(databaseUrl);
    expect(second.dataDir).not.toBe(first.dataDir);
    const info = await fetch(
      `${second.url}/api/rooms/${room.roomId}?t=${linkToken(room.links.guest)}`,
    );
    expect(await info.json()).toMatchObject({ title: 'Tietokanta 2', role: 'guest' });
    const reader = await clients.synced(second.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant) },
    });
    expect(recordIn(reader.doc, 'shape:kept')).toBeDefined();
    const image = await fetch(`${second.url}${uploadUrl}?t=${facilitator}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(gif);
    const ready = await fetch(`${second.url}/ready`);
    expect(ready.status).toBe(200);
  });

  it('refuses to start without DATABASE_URL, naming it', async () => {
    await expect(startServer({ env: { STORAGE: 'postgres' } })).rejects.toThrow(/DATABASE_URL/);
  });
});
