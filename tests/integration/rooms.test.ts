import { createHmac } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CloseCode,
  documentScopeParam,
  participantIdFromKey,
  participantKeyFromBytes,
  privateDocumentScope,
  type RoomRole,
} from '@kohtaamo/shared';
import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectControl } from '../helpers/controlClient.js';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { useRestartableServers } from '../helpers/server.js';
import {
  createClientTracker,
  expectUpgradeRefused,
  type RawClient,
  uniqueRoomId,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

const secret = 'integration-secret-of-at-least-32-bytes!';
const roles: readonly RoomRole[] = ['facilitator', 'participant', 'guest', 'viewer'];

/** An HS256 token made by hand, so tests can forge expiry and claims with the server's secret. */
function handToken(claims: Record<string, unknown>, key = secret): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** A raw socket that says nothing; resolves with its close once the server closes it. */
async function refusedClose(client: RawClient): Promise<{ code: number; reason: string }> {
  const closed = await withTimeout(client.closed, 5000, 'server did not close the socket');
  // Not a single document or awareness byte before the close.
  expect(client.received).toEqual([]);
  return closed;
}

describe('rooms, roles and invitation links', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());
  const env = { TOKEN_SECRET: secret };

  it('validates POST /api/rooms with JSON 400s', async () => {
    const server = await start({ env });
    for (const body of [
      { language: 'fi' },
      { title: '', language: 'en' },
      { title: 'x', language: 'sv' },
      { title: 'x'.repeat(121), language: 'fi' },
    ]) {
      const res = await fetch(`${server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_body');
    }
  });

  it('lets every link connect with the stock provider and share the document', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url);
    expect(room.roomId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const connected = await Promise.all(
      roles.map((role) =>
        clients.synced(server.wsUrl, room.roomId, { params: { t: linkToken(room.links[role]) } }),
      ),
    );
    const hello = noteRecord('shape:hello', 'facilitator-id', 10);
    writeRecord(connected[0]?.doc as Y.Doc, null, hello);
    await waitUntil(() => connected.every((c) => recordIn(c.doc, 'shape:hello')?.x === 10));
  });

  it('closes missing, garbage, tampered, foreign-secret and expired tokens with 4401 before any byte', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url);
    const guest = linkToken(room.links.guest);
    const [header, , signature] = guest.split('.');
    const claims = JSON.parse(
      Buffer.from(guest.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'facilitator' })).toString('base64url')}.${signature}`;
    const expired = handToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 });
    const otherSecret = handToken(claims, 'x'.repeat(40));
    const base = `${server.wsUrl}/${room.roomId}`;
    for (const url of [
      base,
      `${base}?t=garbage`,
      `${base}?t=${tampered}`,
      `${base}?token=${expired}`,
      `${base}?t=${otherSecret}`,
    ]) {
      const closed = await refusedClose(clients.raw(url, { handshake: false }));
      expect(closed.code, url).toBe(CloseCode.unauthorized);
      expect(closed.reason.length).toBeGreaterThan(0);
    }
    // A hand-made token with the right secret and claims works: the check is the signature, not the maker.
    const valid = clients.raw(`${base}?t=${handToken(claims)}`);
    await withTimeout(valid.synced, 5000, 'hand-made valid token did not sync');
  });

  it('closes a viewer that edits with 4403; the edit reaches nobody', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url);
    const participant = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant) },
    });
    const viewer = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.viewer) },
    });
    const seen = noteRecord('shape:seen', 'participant-id');
    writeRecord(participant.doc, null, seen);
    await waitUntil(() => recordIn(viewer.doc, 'shape:seen') !== undefined);
    writeRecord(viewer.doc, seen, { ...seen, x: 666 });
    await waitUntil(() => viewer.closes.length > 0, { timeoutMs: 5000 });
    expect(viewer.closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'viewer.readOnly' });
    const late = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.guest) },
    });
    expect(recordIn(late.doc, 'shape:seen')).toEqual(seen);
    expect(recordIn(participant.doc, 'shape:seen')).toEqual(seen);
  });

  it('closes a token for another room with 4403', async () => {
    const server = await start({ env });
    const one = await createRoom(server.url, 'One');
    const two = await createRoom(server.url, 'Two');
    const closed = await refusedClose(
      clients.raw(`${server.wsUrl}/${one.roomId}?t=${linkToken(two.links.facilitator)}`, {
        handshake: false,
      }),
    );
    expect(closed.code).toBe(CloseCode.forbidden);
  });

  it('kicks the holder of a rotated link within 5 s and keeps the old link out', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url);
    const oldGuest = linkToken(room.links.guest);
    const guest = await clients.synced(server.wsUrl, room.roomId, { params: { t: oldGuest } });
    const viewer = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.viewer) },
    });

    const forbidden = await fetch(
      `${server.url}/api/rooms/${room.roomId}/links/guest/rotate?t=${linkToken(room.links.participant)}`,
      { method: 'POST' },
    );
    expect(forbidden.status).toBe(403);

    const started = Date.now();
    const res = await fetch(
      `${server.url}/api/rooms/${room.roomId}/links/guest/rotate?t=${linkToken(room.links.facilitator)}`,
      { method: 'POST' },
    );
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { role: string; link: string };
    expect(rotated.role).toBe('guest');
    await waitUntil(() => guest.closes.length > 0, {
      timeoutMs: 5000,
      message: 'guest not kicked',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(guest.closes[0]?.code).toBe(CloseCode.unauthorized);
    expect(viewer.closes).toEqual([]);

    const back = await refusedClose(
      clients.raw(`${server.wsUrl}/${room.roomId}?t=${oldGuest}`, { handshake: false }),
    );
    expect(back.code).toBe(CloseCode.unauthorized);
    await clients.synced(server.wsUrl, room.roomId, { params: { t: linkToken(rotated.link) } });
  });

  it('deletes a room: sockets closed, document and uploads erased, gone after a restart', async () => {
    const first = await start({ env });
    const room = await createRoom(first.url);
    const facilitator = linkToken(room.links.facilitator);
    const editor = await clients.synced(first.wsUrl, room.roomId, { params: { t: facilitator } });
    writeRecord(editor.doc, null, noteRecord('shape:erased', 'facilitator-id'));
    // A private note, in its author's private document of the room, during a private round.
    const host = await connectControl(clients, first.wsUrl, room.roomId, { token: facilitator });
    expect(await host.request({ type: 'private.start', anonymous: false })).toMatchObject({
      type: 'ack',
    });
    const key = participantKeyFromBytes(new Uint8Array(32).fill(7));
    const privateParams = { k: key, [documentScopeParam]: privateDocumentScope };
    const desk = await clients.synced(first.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant), ...privateParams },
    });
    writeRecord(desk.doc, null, noteRecord('shape:private', participantIdFromKey(key)));
    const secondTab = await clients.synced(first.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant), ...privateParams },
    });
    await waitUntil(() => recordIn(secondTab.doc, 'shape:private') !== undefined);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const upload = await fetch(`${first.url}/api/rooms/${room.roomId}/uploads?t=${facilitator}`, {
      method: 'POST',
      body: gif,
    });
    expect(upload.status).toBe(201);
    const { url: uploadUrl } = (await upload.json()) as { url: string };
    const viewerRead = await fetch(`${first.url}${uploadUrl}?t=${linkToken(room.links.viewer)}`);
    expect(viewerRead.status).toBe(200);
    expect((await fetch(`${first.url}${uploadUrl}`)).status).toBe(401);
    await waitUntil(async () => {
      const res = await fetch(`${first.url}/api/rooms/${room.roomId}/export?t=${facilitator}`);
      return res.status === 200 && (await res.text()).length > 0;
    });

    const deleted = await fetch(`${first.url}/api/rooms/${room.roomId}?t=${facilitator}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    await waitUntil(() => editor.closes.length > 0, { timeoutMs: 5000 });
    expect(editor.closes[0]?.code).toBe(CloseCode.unauthorized);
    await waitUntil(() => desk.closes.length > 0, { timeoutMs: 5000 });
    expect(desk.closes[0]?.code).toBe(CloseCode.unauthorized);
    editor.destroy();
    desk.destroy();
    secondTab.destroy();

    await first.stop();
    const second = await start({ env });
    const late = await refusedClose(
      clients.raw(`${second.wsUrl}/${room.roomId}?t=${facilitator}`, { handshake: false }),
    );
    expect(late.code).toBe(CloseCode.unauthorized);
    expect((await fetch(`${second.url}${uploadUrl}?t=${facilitator}`)).status).toBe(401);
    // Through the legacy path (no token) the id is an empty open room again: nothing survived.
    const reader = await clients.synced(second.wsUrl, room.roomId);
    expect(recordIn(reader.doc, 'shape:erased')).toBeUndefined();
    expect(reader.doc.getArray('records').length).toBe(0);
    const emptyDesk = await clients.synced(second.wsUrl, room.roomId, { params: privateParams });
    expect(emptyDesk.doc.getArray('records').length).toBe(0);
    expect((await fetch(`${second.url}${uploadUrl}`)).status).toBe(404);
  });

  it('refuses bare room ids by default, and keeps them open with REQUIRE_ROOM_TOKENS=false', async () => {
    const roomId = uniqueRoomId('legacy');
    const open = await start({ env: { ...env, REQUIRE_ROOM_TOKENS: 'false' } });
    const a = await clients.synced(open.wsUrl, roomId);
    a.doc.getText('t').insert(0, 'open');
    const b = await clients.synced(open.wsUrl, roomId);
    await waitUntil(() => b.doc.getText('t').toString() === 'open');
    expect((await fetch(`${open.url}/api/rooms/${roomId}/export`)).status).not.toBe(401);
    clients.closeAll();
    await open.stop();

    // Unset: the server's default.
    const strict = await start({ env: { ...env, REQUIRE_ROOM_TOKENS: undefined } });
    const refused = await refusedClose(
      clients.raw(`${strict.wsUrl}/${roomId}`, { handshake: false }),
    );
    expect(refused.code).toBe(CloseCode.unauthorized);
    expect((await fetch(`${strict.url}/api/rooms/${roomId}/export`)).status).toBe(401);
    const room = await createRoom(strict.url);
    await clients.synced(strict.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant) },
    });
  });

  it('generates the secret once under DATA_DIR (0600) and links survive a restart', async () => {
    const first = await start();
    const room = await createRoom(first.url);
    const mode = (await stat(join(first.dataDir, 'token-secret'))).mode & 0o777;
    expect(mode).toBe(0o600);
    await first.stop();
    const second = await start();
    await clients.synced(second.wsUrl, room.roomId, { params: { t: linkToken(room.links.guest) } });
  });
});

// --- roominfo: room details, creation rate limit and the admission check
describe('room details, creation rate limit and admission', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());
  const env = { TOKEN_SECRET: secret };

  it('GET /api/rooms/:roomId tells each link the title and its role; 401 without a token, 403 for another room', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url, 'Asiakaspolku Oy');
    const other = await createRoom(server.url);
    for (const role of roles) {
      const res = await fetch(
        `${server.url}/api/rooms/${room.roomId}?t=${linkToken(room.links[role])}`,
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        roomId: room.roomId,
        title: 'Asiakaspolku Oy',
        language: 'fi',
        role,
      });
    }
    const missing = await fetch(`${server.url}/api/rooms/${room.roomId}`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const foreign = await fetch(
      `${server.url}/api/rooms/${room.roomId}?t=${linkToken(other.links.guest)}`,
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } });
    const legacy = await fetch(`${server.url}/api/rooms/${uniqueRoomId('legacy')}`);
    expect(legacy.status).toBe(404);
    expect(await legacy.json()).toMatchObject({ error: { code: 'room_not_found' } });
  });

  it('limits POST /api/rooms per address with ROOM_CREATION_PER_HOUR: 429 rate_limited and Retry-After', async () => {
    const server = await start({ env: { ...env, ROOM_CREATION_PER_HOUR: '2' } });
    await createRoom(server.url);
    await createRoom(server.url);
    const refused = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Kolmas', language: 'fi' }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    // Two per hour: the next one comes back in about 30 minutes.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1700);
    expect(await refused.json()).toMatchObject({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
  });

  it('answers the admission check like the upgrade: ok, then room_full with the cap and Retry-After, without taking a slot', async () => {
    const server = await start({ env: { ...env, MAX_CONNECTIONS_PER_ROOM: '2' } });
    const room = await createRoom(server.url);
    const guest = linkToken(room.links.guest);
    const admission = `${server.url}/api/rooms/${room.roomId}/admission?t=${guest}`;
    expect(await (await fetch(admission)).json()).toEqual({ ok: true });

    await clients.synced(server.wsUrl, room.roomId, { params: { t: guest } });
    // Asking takes no slot: after many asks the second socket still gets in.
    for (let index = 0; index < 3; index++) expect((await fetch(admission)).status).toBe(200);
    await clients.synced(server.wsUrl, room.roomId, { params: { t: guest } });

    const full = await fetch(admission);
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('10');
    expect(await full.json()).toMatchObject({ error: { code: 'room_full', limit: 2 } });
    // The upgrade agrees.
    const refused = await expectUpgradeRefused(`${server.wsUrl}/${room.roomId}?t=${guest}`);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'room_full' } });

    expect((await fetch(`${server.url}/api/rooms/${room.roomId}/admission`)).status).toBe(401);
    const foreign = await fetch(admission, { headers: { origin: 'https://elsewhere.example' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });
});

// --- revoke: turning a role's link off without a replacement
describe('turning an invitation link off', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());
  const env = { TOKEN_SECRET: secret };

  it('kicks the guest holder within 5 s with 4401, keeps the link out until a rotate, and never turns off the facilitator', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url);
    const facilitator = linkToken(room.links.facilitator);
    const oldGuest = linkToken(room.links.guest);
    const guest = await clients.synced(server.wsUrl, room.roomId, { params: { t: oldGuest } });
    const viewer = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.viewer) },
    });
    const linkUrl = (role: RoomRole, token: string) =>
      `${server.url}/api/rooms/${room.roomId}/links/${role}?t=${token}`;

    const own = await fetch(linkUrl('facilitator', facilitator), { method: 'DELETE' });
    expect(own.status).toBe(400);
    expect(await own.json()).toMatchObject({ error: { code: 'facilitator_link_required' } });
    expect((await fetch(`${server.url}/api/rooms/${room.roomId}?t=${facilitator}`)).status).toBe(
      200,
    );
    const forbidden = await fetch(linkUrl('guest', linkToken(room.links.participant)), {
      method: 'DELETE',
    });
    expect(forbidden.status).toBe(403);
    expect(guest.closes).toEqual([]);

    const res = await fetch(linkUrl('guest', facilitator), { method: 'DELETE' });
    expect(res.status).toBe(204);
    await waitUntil(() => guest.closes.length > 0, {
      timeoutMs: 5000,
      message: 'guest not kicked within 5 s',
    });
    expect(guest.closes[0]?.code).toBe(CloseCode.unauthorized);
    expect(viewer.closes).toEqual([]);

    const back = await refusedClose(
      clients.raw(`${server.wsUrl}/${room.roomId}?t=${oldGuest}`, { handshake: false }),
    );
    expect(back.code).toBe(CloseCode.unauthorized);
    expect((await fetch(`${server.url}/api/rooms/${room.roomId}?t=${oldGuest}`)).status).toBe(401);

    const rotate = await fetch(
      `${server.url}/api/rooms/${room.roomId}/links/guest/rotate?t=${facilitator}`,
      { method: 'POST' },
    );
    expect(rotate.status).toBe(200);
    const rotated = (await rotate.json()) as { role: string; link: string };
    expect(rotated.role).toBe('guest');
    await clients.synced(server.wsUrl, room.roomId, { params: { t: linkToken(rotated.link) } });
    const stillOut = await refusedClose(
      clients.raw(`${server.wsUrl}/${room.roomId}?t=${oldGuest}`, { handshake: false }),
    );
    expect(stillOut.code).toBe(CloseCode.unauthorized);
  });
});
