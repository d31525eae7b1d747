import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { afterEach, expect, it } from 'vitest';
import { describeWithPostgres, usePostgresSchemas } from '../helpers/postgres.js';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { startTcpBalancer } from '../helpers/tcpBalancer.js';
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
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    clients.closeAll();
    await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
    await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
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

  it('keeps boards in memory while PostgreSQL is unreachable, reports it, and writes everything when it returns', async () => {
    const databaseUrl = new URL(await schemas.create());
    const postgresPort = Number(databaseUrl.port || 5432);
    let reachable = true;
    const link = await startTcpBalancer(() => (reachable ? [postgresPort] : []));
    cleanups.push(() => link.close());
    databaseUrl.hostname = '127.0.0.1';
    databaseUrl.port = String(link.port);
    const server = await start(databaseUrl.toString());
    const room = await createRoom(server.url, 'Katkos');
    const params = { t: linkToken(room.links.participant) };
    const alice = await clients.synced(server.wsUrl, room.roomId, { params });
    const bob = await clients.synced(server.wsUrl, room.roomId, { params });
    const written: string[] = [];
    const write = (id: string) => {
      writeRecord(alice.doc, null, noteRecord(id, 'alice'));
      written.push(id);
    };
    write('shape:before');
    await waitUntil(() => recordIn(bob.doc, 'shape:before') !== undefined);

    // The database goes away: the board keeps working from memory.
    reachable = false;
    link.dropConnections();
    write('shape:during-1');
    write('shape:during-2');
    await waitUntil(() => written.every((id) => recordIn(bob.doc, id) !== undefined), {
      message: 'the board stopped working without its database',
    });
    await waitUntil(async () => (await fetch(`${server.url}/ready`)).status === 503, {
      message: '/ready did not report the database missing',
    });

    reachable = true;
    await waitUntil(async () => (await fetch(`${server.url}/ready`)).status === 200, {
      timeoutMs: 20_000,
      message: '/ready did not recover with the database',
    });
    // Whatever was only in memory is stored now: a kill -9 and a fresh instance lose nothing.
    await server.kill();
    clients.closeAll();
    const again = await start(databaseUrl.toString());
    const reader = await clients.synced(again.wsUrl, room.roomId, { params });
    expect(written.filter((id) => recordIn(reader.doc, id) === undefined)).toEqual([]);
  });

  it('refuses to start without DATABASE_URL, naming it', async () => {
    await expect(startServer({ env: { STORAGE: 'postgres' } })).rejects.toThrow(/DATABASE_URL/);
  });
});
