import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  documentScopeParam,
  facilitationMapName,
  participantIdFromKey,
  participantKeyFromBytes,
  privateDocumentScope,
  type RoomRole,
  readBoardTitle,
  readFacilitationState,
} from '@kohtaamo/shared';
import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { afterEach, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectControl } from '../helpers/controlClient.js';
import {
  describeWithPostgres,
  storedDocumentIds,
  usePostgresSchemas,
} from '../helpers/postgres.js';
import { describeWithRedis, type OwnRedis, startOwnRedis, testRedisUrl } from '../helpers/redis.js';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { parseLogLines, type RunningServer, startServer } from '../helpers/server.js';
import { startTcpBalancer, type TcpBalancer } from '../helpers/tcpBalancer.js';
import {
  createClientTracker,
  expectUpgradeRefused,
  type ProviderClient,
  waitUntil,
} from '../helpers/yjsClients.js';

/**
 * Several instances on one PostgreSQL and one Redis, as separate server
 * processes behind a TCP load balancer, with stock y-websocket clients:
 * one instance owns a room, the others forward its sockets there, and
 * when the owner is killed the room moves without losing what anyone saw.
 */
describeWithRedis('a cluster on Redis and PostgreSQL', () => {
  describeWithPostgres('two instances', () => {
    const clients = createClientTracker();
    const schemas = usePostgresSchemas();
    const servers: RunningServer[] = [];
    const balancers: TcpBalancer[] = [];
    const stopOwnRedis: OwnRedis[] = [];
    afterEach(async () => {
      clients.closeAll();
      await Promise.allSettled(stopOwnRedis.splice(0).map((redis) => redis.stop()));
      await Promise.allSettled(servers.splice(0).map((server) => server.kill()));
      await Promise.allSettled(balancers.splice(0).map((balancer) => balancer.close()));
    });

    async function cluster(redisUrl = testRedisUrl, extraEnv: Record<string, string> = {}) {
      const databaseUrl = await schemas.create();
      const env = {
        STORAGE: 'postgres',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        TOKEN_SECRET: 'cluster-integration-secret-of-32-bytes!!',
        LEASE_TTL_MS: '3000',
        // Its own keys: clusters of other tests count their own connections from 127.0.0.1.
        REDIS_KEY_PREFIX: `kohtaamo-test-${randomBytes(6).toString('hex')}:`,
        ...extraEnv,
      };
      const [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
      if (a === undefined || b === undefined) throw new Error('servers did not start');
      servers.push(a, b);
      const alive = new Set([a, b]);
      const balancer = await startTcpBalancer(() => [...alive].map((server) => server.port));
      balancers.push(balancer);
      return { a, b, alive, balancer, databaseUrl };
    }

    /** The instances that logged taking `roomId`, in order. */
    function owners(servers: readonly RunningServer[], roomId: string): RunningServer[] {
      return servers.filter((server) =>
        parseLogLines(server.logs).some(
          (line) => line.msg === 'room owned' && line.roomId === roomId,
        ),
      );
    }

    function facilitationOf(doc: Y.Doc) {
      return readFacilitationState(doc.getMap(facilitationMapName).entries());
    }

    function hasAll(client: ProviderClient, ids: readonly string[]): boolean {
      return ids.every((id) => recordIn(client.doc, id) !== undefined);
    }

    it('serves a room from one owner: stock clients on both instances converge and see each other', async () => {
      const { a, b } = await cluster();
      const room = await createRoom(a.url, 'Klusteri');
      const params = { t: linkToken(room.links.participant) };
      const onA = await clients.synced(a.wsUrl, room.roomId, {
        params,
        awarenessState: { user: 'on A' },
      });
      const onB = await clients.synced(b.wsUrl, room.roomId, {
        params,
        awarenessState: { user: 'on B' },
      });
      writeRecord(onA.doc, null, noteRecord('shape:from-a', 'a'));
      writeRecord(onB.doc, null, noteRecord('shape:from-b', 'b'));
      await waitUntil(() => hasAll(onA, ['shape:from-b']) && hasAll(onB, ['shape:from-a']), {
        message: 'the two instances did not converge',
      });
      await waitUntil(
        () =>
          [...onA.awareness.getStates().values()].some((state) => state.user === 'on B') &&
          [...onB.awareness.getStates().values()].some((state) => state.user === 'on A'),
        { message: 'presence did not cross the instances' },
      );
      expect(owners([a, b], room.roomId)).toHaveLength(1);
      // Links and rooms made through one instance work through the other.
      const info = await fetch(`${b.url}/api/rooms/${room.roomId}?t=${params.t}`);
      expect(await info.json()).toMatchObject({ title: 'Klusteri', role: 'participant' });
    });

    it('counts the per-address and per-room caps over both instances', async () => {
      const { a, b } = await cluster(testRedisUrl, {
        MAX_CONNECTIONS_PER_IP: '3',
        MAX_CONNECTIONS_PER_ROOM: '2',
        // The first heartbeat must count: the next one is a third of the lease away (a bug once).
        LEASE_TTL_MS: '15000',
      });
      const full = await createRoom(a.url, 'Täysi');
      const other = await createRoom(a.url, 'Toinen');
      const fullUrl = (server: RunningServer) =>
        `${server.wsUrl}/${full.roomId}?t=${linkToken(full.links.participant)}`;
      const otherUrl = (server: RunningServer) =>
        `${server.wsUrl}/${other.roomId}?t=${linkToken(other.links.participant)}`;
      const params = { t: linkToken(full.links.participant) };
      await clients.synced(a.wsUrl, full.roomId, { params });
      await clients.synced(b.wsUrl, full.roomId, { params });

      // The room's owner counts the socket the other instance forwarded; its refusal reaches the client.
      const roomFull = await expectUpgradeRefused(fullUrl(b));
      expect(roomFull.status).toBe(429);
      expect(JSON.parse(roomFull.body)).toMatchObject({ error: { code: 'room_full' } });
      const admissionOnB = await fetch(`${b.url}/api/rooms/${full.roomId}/admission?t=${params.t}`);
      expect(admissionOnB.status).toBe(429);
      expect(await admissionOnB.json()).toMatchObject({ error: { code: 'room_full', limit: 2 } });

      // Every client here is 127.0.0.1: two sockets so far, one on each instance.
      const third = await clients.synced(a.wsUrl, other.roomId, {
        params: { t: linkToken(other.links.participant) },
      });
      for (const server of [a, b]) {
        const refused = await expectUpgradeRefused(otherUrl(server));
        expect(refused.status).toBe(429);
        expect(JSON.parse(refused.body)).toMatchObject({
          error: { code: 'too_many_connections' },
        });
        const admission = await fetch(
          `${server.url}/api/rooms/${other.roomId}/admission?t=${linkToken(other.links.participant)}`,
        );
        expect(await admission.json()).toMatchObject({
          error: { code: 'too_many_connections', limit: 3 },
        });
      }
      // A socket closing on A frees the slot on B.
      third.destroy();
      await waitUntil(
        async () =>
          (
            await fetch(
              `${b.url}/api/rooms/${other.roomId}/admission?t=${linkToken(other.links.participant)}`,
            )
          ).status === 200,
        { message: 'the closed socket was not uncounted' },
      );
      await clients.synced(b.wsUrl, other.roomId, {
        params: { t: linkToken(other.links.participant) },
      });
    });

    it('moves a room within the lease when its owner is killed, losing nothing any client saw', async () => {
      const { a, b, alive, balancer } = await cluster();
      const room = await createRoom(balancer.url, 'Kaatuva');
      const params = { t: linkToken(room.links.participant) };
      const people: ProviderClient[] = [];
      for (let i = 0; i < 4; i += 1) {
        people.push(await clients.synced(balancer.wsUrl, room.roomId, { params }));
      }
      const written: string[] = [];
      const write = (round: number) => {
        people.forEach((person, i) => {
          const id = `shape:p${i}-r${round}`;
          writeRecord(person.doc, null, noteRecord(id, `p${i}`));
          written.push(id);
        });
      };
      write(0);
      await waitUntil(() => people.every((person) => hasAll(person, written)), {
        message: 'the first round did not converge',
      });
      const [owner] = owners([a, b], room.roomId);
      if (owner === undefined) throw new Error('no instance owns the room');
      const survivor = owner === a ? b : a;

      // The owner dies mid-session; everyone keeps writing.
      write(1);
      await owner.kill();
      alive.delete(owner);
      write(2);
      const killedAt = Date.now();
      await waitUntil(() => people.every((person) => hasAll(person, written)), {
        timeoutMs: 20_000,
        message: 'the clients did not converge after the owner died',
      });
      const movedAfterMs = Date.now() - killedAt;
      expect(owners([survivor], room.roomId)).toHaveLength(1);
      // What the survivor stored: a fresh client gets every note, through the balancer or directly.
      const late = await clients.synced(survivor.wsUrl, room.roomId, { params });
      expect(written.filter((id) => recordIn(late.doc, id) === undefined)).toEqual([]);
      process.stderr.write(`[cluster] room moved and converged ${movedAfterMs} ms after kill -9\n`);
    });

    it('hands a room over on SIGTERM: the owner writes it, gives the lease up, and its clients continue on the other instance', async () => {
      const { a, b, alive, balancer } = await cluster();
      const room = await createRoom(balancer.url, 'Vaihto');
      const params = { t: linkToken(room.links.participant) };
      const people: ProviderClient[] = [];
      for (let i = 0; i < 2; i += 1) {
        people.push(await clients.synced(balancer.wsUrl, room.roomId, { params }));
      }
      const written: string[] = [];
      people.forEach((person, i) => {
        writeRecord(person.doc, null, noteRecord(`shape:before-${i}`, `p${i}`));
        written.push(`shape:before-${i}`);
      });
      await waitUntil(() => people.every((person) => hasAll(person, written)));
      const [owner] = owners([a, b], room.roomId);
      if (owner === undefined) throw new Error('no instance owns the room');
      const survivor = owner === a ? b : a;
      alive.delete(owner);
      await owner.stop();
      expect((await owner.exited).code).toBe(0);
      people.forEach((person, i) => {
        writeRecord(person.doc, null, noteRecord(`shape:after-${i}`, `p${i}`));
        written.push(`shape:after-${i}`);
      });
      await waitUntil(() => people.every((person) => hasAll(person, written)), {
        timeoutMs: 15_000,
        message: 'the clients did not continue on the other instance',
      });
      // The owner's clients were told to reconnect at once (1012), not left to time out.
      const closes = people.flatMap((person) => person.closes.map((close) => close.code));
      expect(closes).toContain(1012);
      expect(owners([survivor], room.roomId)).toHaveLength(1);
    });

    it('carries a rename, a turned-off link and a deletion made on one instance to the rooms on the other', async () => {
      const { a, b, databaseUrl } = await cluster();
      const room = await createRoom(a.url, 'Vanha');
      const token = (role: RoomRole) => linkToken(room.links[role]);
      // Both people are on A, which owns the room; the facilitator's requests go to B.
      const participant = await clients.synced(a.wsUrl, room.roomId, {
        params: { t: token('participant') },
      });
      const guest = await clients.synced(a.wsUrl, room.roomId, { params: { t: token('guest') } });
      expect(owners([a, b], room.roomId)).toEqual([a]);
      const facilitator = token('facilitator');

      const renamed = await fetch(`${b.url}/api/rooms/${room.roomId}?t=${facilitator}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Uusi' }),
      });
      expect(renamed.status).toBe(200);
      await waitUntil(() => readBoardTitle(participant.doc) === 'Uusi', {
        message: 'the owner did not write the new title',
      });

      const turnedOff = await fetch(
        `${b.url}/api/rooms/${room.roomId}/links/guest?t=${facilitator}`,
        {
          method: 'DELETE',
        },
      );
      expect(turnedOff.status).toBe(204);
      await waitUntil(() => guest.closes.length > 0, {
        timeoutMs: 5000,
        message: 'the guest on the other instance was not kicked within 5 s',
      });
      expect(guest.closes[0]?.code).toBe(CloseCode.unauthorized);
      expect(participant.closes).toEqual([]);

      writeRecord(participant.doc, null, noteRecord('shape:before-delete', 'p'));
      const deleted = await fetch(`${b.url}/api/rooms/${room.roomId}?t=${facilitator}`, {
        method: 'DELETE',
      });
      expect(deleted.status).toBe(204);
      await waitUntil(() => participant.closes.length > 0, {
        timeoutMs: 5000,
        message: 'the participant on the other instance was not closed within 5 s',
      });
      // Gone on both: the links are refused, and nothing was written back after the deletion.
      for (const server of [a, b]) {
        const info = await fetch(`${server.url}/api/rooms/${room.roomId}?t=${facilitator}`);
        expect(info.status).toBe(401);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stored = await storedDocumentIds(databaseUrl, room.roomId);
      expect(stored).toEqual([]);
    });

    it('keeps boards it owns working while Redis is away, says so on /ready, and recovers when Redis returns', async () => {
      const redis = await startOwnRedis();
      stopOwnRedis.push(redis);
      const { a, b } = await cluster(redis.url);
      const room = await createRoom(a.url, 'Ilman Redistä');
      const params = { t: linkToken(room.links.participant) };
      const onA = await clients.synced(a.wsUrl, room.roomId, { params });
      const onB = await clients.synced(b.wsUrl, room.roomId, { params });
      const written: string[] = [];
      const write = (client: ProviderClient, id: string) => {
        writeRecord(client.doc, null, noteRecord(id, 'p'));
        written.push(id);
      };
      write(onA, 'shape:before');
      await waitUntil(() => hasAll(onB, written));

      await redis.stop();
      // The owner keeps serving the board, also to the socket forwarded through the other instance.
      write(onA, 'shape:during-a');
      write(onB, 'shape:during-b');
      await waitUntil(() => hasAll(onA, written) && hasAll(onB, written), {
        message: 'the owned board stopped working without Redis',
      });
      await waitUntil(async () => (await fetch(`${a.url}/ready`)).status === 503, {
        message: '/ready did not report Redis missing',
      });
      const ready = await fetch(`${a.url}/ready`);
      expect(await ready.json()).toMatchObject({ error: { code: 'coordination_unavailable' } });
      // No board can be taken meanwhile.
      const other = await createRoom(a.url, 'Toinen');
      const refused = await expectUpgradeRefused(
        `${a.wsUrl}/${other.roomId}?t=${linkToken(other.links.participant)}`,
      );
      expect(refused.status).toBe(503);

      // Redis comes back empty (it keeps nothing on disk).
      await redis.start();
      await waitUntil(async () => (await fetch(`${a.url}/ready`)).status === 200, {
        timeoutMs: 15_000,
        message: '/ready did not recover with Redis',
      });
      const second = await clients.synced(b.wsUrl, other.roomId, {
        params: { t: linkToken(other.links.participant) },
      });
      expect(second.provider.synced).toBe(true);
      // The first board lost its lease with Redis's data: it moves (to a higher fence) and loses nothing.
      write(onB, 'shape:after');
      await waitUntil(() => hasAll(onA, written) && hasAll(onB, written), {
        timeoutMs: 20_000,
        message: 'the board did not recover after Redis returned',
      });
      const late = await clients.synced(a.wsUrl, room.roomId, { params });
      await waitUntil(() => hasAll(late, written), { message: 'a late joiner misses notes' });
      const logs = parseLogLines([...a.logs, ...b.logs]);
      expect(logs.some((line) => line.msg === 'room fence behind storage; raising it')).toBe(true);
    });

    it('runs the facilitator toolkit whichever instance each person lands on', async () => {
      const { a, b } = await cluster();
      const room = await createRoom(a.url, 'Työpaja');
      const token = (role: RoomRole) => linkToken(room.links[role]);
      const person = () => {
        const key = participantKeyFromBytes(randomBytes(32));
        return { key, id: participantIdFromKey(key) };
      };
      const host = person();
      const aino = person();
      // The facilitator lands on A (which takes the board), Aino on B (forwarded to A).
      const facilitator = await connectControl(clients, a.wsUrl, room.roomId, {
        token: token('facilitator'),
        key: host.key,
      });
      const participant = await connectControl(clients, b.wsUrl, room.roomId, {
        token: token('participant'),
        key: aino.key,
      });
      expect(owners([a, b], room.roomId)).toEqual([a]);
      writeRecord(facilitator.raw.doc, null, noteRecord('shape:idea', host.id));
      await waitUntil(() => recordIn(participant.raw.doc, 'shape:idea') !== undefined);

      expect(await facilitator.request({ type: 'timer.start', durationMs: 300_000 })).toMatchObject(
        {
          type: 'ack',
        },
      );
      await waitUntil(() => facilitationOf(participant.raw.doc).timer.status === 'running');
      expect(
        await facilitator.request({
          type: 'vote.start',
          config: {
            votesPerPerson: 1,
            allowMultiplePerItem: false,
            anonymous: true,
            endsAt: null,
            scope: { kind: 'selection', itemIds: ['shape:idea'] },
          },
        }),
      ).toMatchObject({ type: 'ack' });
      await waitUntil(() => facilitationOf(participant.raw.doc).voteSessions.length === 1);
      const sessionId = facilitationOf(participant.raw.doc).voteSessions[0]?.id ?? '';
      expect(
        await participant.request({ type: 'vote.cast', sessionId, itemId: 'shape:idea' }),
      ).toMatchObject({ type: 'ack' });
      expect(
        await participant.waitFor((m) => m.type === 'ballot' && m.remaining === 0, 'ballot'),
      ).toMatchObject({ votes: ['shape:idea'] });

      // A private note written through B's private socket is revealed by the facilitator on A.
      expect(await facilitator.request({ type: 'private.start', anonymous: false })).toMatchObject({
        type: 'ack',
      });
      const desk = await clients.synced(b.wsUrl, room.roomId, {
        params: {
          t: token('participant'),
          k: aino.key,
          [documentScopeParam]: privateDocumentScope,
        },
      });
      writeRecord(desk.doc, null, noteRecord('shape:private', aino.id));
      const secondTab = await clients.synced(b.wsUrl, room.roomId, {
        params: {
          t: token('participant'),
          k: aino.key,
          [documentScopeParam]: privateDocumentScope,
        },
      });
      await waitUntil(() => recordIn(secondTab.doc, 'shape:private') !== undefined);
      expect(recordIn(facilitator.raw.doc, 'shape:private')).toBeUndefined();
      expect(await facilitator.request({ type: 'private.reveal' })).toMatchObject({ type: 'ack' });
      await waitUntil(() => recordIn(participant.raw.doc, 'shape:private') !== undefined, {
        message: 'the revealed note did not reach the participant on the other instance',
      });
    });
  });
});
