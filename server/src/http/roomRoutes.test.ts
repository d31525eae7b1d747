import {
  defaultUploadLimits,
  participantIdFromKey,
  participantKeyFromBytes,
  type RoomRole,
} from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { type AppDeps, createApp, type SocketAccess } from '../app.js';
import { LinkSessions } from '../auth/LinkSessions.js';
import { MemoryRoomDirectory } from '../auth/MemoryRoomDirectory.js';
import { RoomAccess } from '../auth/RoomAccess.js';
import { RoomTokens } from '../auth/RoomTokens.js';
import { AddressRateLimiter } from '../limits/AddressRateLimiter.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';
import { roomAuthorizer } from './roomAuthorizer.js';

function setup(
  requireTokens = false,
  extra: { creationPerHour?: number; trustedProxies?: number; now?: () => number } = {},
) {
  const directory = new MemoryRoomDirectory();
  const tokens = new RoomTokens(new TextEncoder().encode('k'.repeat(32)));
  const access = new RoomAccess({ directory, tokens, requireTokens });
  const sessions = new LinkSessions();
  const erased: string[] = [];
  const renamed: { roomId: string; title: string }[] = [];
  const uploads = new MemoryUploadStore();
  const deps: AppDeps = {
    store: { ping: async () => {} },
    rooms: { healthy: true, roomCount: 0, connectionCount: 0 },
    documents: { readDocument: async () => [] },
    uploads,
    uploadLimits: defaultUploadLimits,
    logger: createTestLogger(),
    authorizeRoom: roomAuthorizer(access),
    roomControl: {
      directory,
      tokens,
      access,
      sessions,
      evictRoom: async (roomId) => {
        erased.push(`evict:${roomId}`);
      },
      deleteDocument: async (roomId) => {
        erased.push(`document:${roomId}`);
      },
      renameDocument: async (roomId, title) => {
        renamed.push({ roomId, title });
      },
      deleteUploads: async (roomId) => {
        erased.push(`uploads:${roomId}`);
      },
      creationLimiter:
        extra.creationPerHour === undefined
          ? undefined
          : new AddressRateLimiter({ perHour: extra.creationPerHour }),
      trustedProxies: extra.trustedProxies,
      now: extra.now,
    },
  };
  return { app: createApp(deps), directory, sessions, erased, renamed };
}

type Created = { roomId: string; title: string; links: Record<RoomRole, string> };

async function createRoom(app: ReturnType<typeof createApp>): Promise<Created> {
  const res = await app.request('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Asiakaspolku', language: 'fi' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('t') ?? '';

async function upgrade(app: ReturnType<typeof createApp>, path: string) {
  let access: SocketAccess | undefined;
  const res = await app.request(
    path,
    { headers: { upgrade: 'websocket', connection: 'Upgrade' } },
    { syncUpgrade: { accept: (_id, decided) => (access = decided) } },
  );
  return { status: res.status, access };
}

describe('POST /api/rooms', () => {
  it('creates a room with an unguessable id and one link per role', async () => {
    const { app, directory } = setup();
    const room = await createRoom(app);
    expect(room.roomId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(room.title).toBe('Asiakaspolku');
    expect(Object.keys(room.links)).toEqual(['facilitator', 'participant', 'guest', 'viewer']);
    for (const link of Object.values(room.links)) {
      expect(link).toMatch(new RegExp(`^/b/${room.roomId}\\?t=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    }
    expect((await directory.get(room.roomId))?.language).toBe('fi');
  });

  it.each([
    ['empty title', { title: '', language: 'fi' }, 'title'],
    ['long title', { title: 'x'.repeat(121), language: 'en' }, 'title'],
    ['bad language', { title: 'x', language: 'de' }, 'language'],
  ])('answers 400 invalid_body for a %s', async (_name, body, field) => {
    const { app } = setup();
    const res = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_body', field } });
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const { app } = setup();
    const res = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('answers 415 for a body that is not sent as JSON, instead of ignoring it', async () => {
    const { app, directory } = setup();
    const res = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ title: 'Lost', language: 'en' }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect(directory).toBeDefined();
  });

  it('defaults the language from Accept-Language, else Finnish, and the title to an untitled board', async () => {
    const { app, directory } = setup();
    const create = async (headers: Record<string, string>, body?: string) => {
      const res = await app.request('/api/rooms', { method: 'POST', headers, body });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { roomId: string; title: string; language: string };
      expect((await directory.get(created.roomId))?.language).toBe(created.language);
      return created;
    };
    const json = { 'content-type': 'application/json' };
    expect(
      await create(
        { ...json, 'accept-language': 'sv-SE, en-GB;q=0.8, fi;q=0.5' },
        '{"title":"Kick-off"}',
      ),
    ).toMatchObject({ title: 'Kick-off', language: 'en' });
    expect(
      await create({ ...json, 'accept-language': 'fi-FI,fi;q=0.9,en;q=0.8' }, '{}'),
    ).toMatchObject({ title: 'Nimetön taulu', language: 'fi' });
    expect(await create({ 'accept-language': 'de' })).toMatchObject({
      title: 'Nimetön taulu',
      language: 'fi',
    });
    // A language named in the body wins over the header.
    expect(await create({ ...json, 'accept-language': 'fi' }, '{"language":"en"}')).toMatchObject({
      title: 'Untitled board',
      language: 'en',
    });
  });

  it('refuses a body over 4 KiB with 413, also when it arrives in chunks without a length', async () => {
    const { app } = setup();
    const big = JSON.stringify({ title: 'x', language: 'fi', pad: 'y'.repeat(5000) });
    const withLength = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(withLength.status).toBe(413);
    expect(await withLength.json()).toMatchObject({ error: { code: 'body_too_large' } });
    const encoded = new TextEncoder().encode(big);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < encoded.length; at += 1000)
          controller.enqueue(encoded.slice(at, at + 1000));
        controller.close();
      },
    });
    const streamed = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // Multibyte titles count in bytes: 2,100 "ä" are 4,200 bytes.
    const umlauts = await app.request('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'ä'.repeat(2100) }),
    });
    expect(umlauts.status).toBe(413);
  });
});

describe('PATCH /api/rooms/:roomId', () => {
  const rename = (app: ReturnType<typeof createApp>, path: string, body: unknown) =>
    app.request(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('renames the board for the facilitator: directory, document and the room info follow', async () => {
    const { app, directory, renamed } = setup();
    const room = await createRoom(app);
    const facilitator = tokenOf(room.links.facilitator);
    const res = await rename(app, `/api/rooms/${room.roomId}?t=${facilitator}`, {
      title: '  Asiakaspolku 2  ',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      roomId: room.roomId,
      title: 'Asiakaspolku 2',
      language: 'fi',
      role: 'facilitator',
    });
    expect((await directory.get(room.roomId))?.title).toBe('Asiakaspolku 2');
    expect(renamed).toEqual([{ roomId: room.roomId, title: 'Asiakaspolku 2' }]);
    const info = await app.request(`/api/rooms/${room.roomId}?t=${tokenOf(room.links.guest)}`);
    expect(await info.json()).toMatchObject({ title: 'Asiakaspolku 2', role: 'guest' });
  });

  it('refuses other roles, bad titles and unknown rooms, changing nothing', async () => {
    const { app, directory, renamed } = setup();
    const room = await createRoom(app);
    for (const role of ['participant', 'guest', 'viewer'] as const) {
      const res = await rename(app, `/api/rooms/${room.roomId}?t=${tokenOf(room.links[role])}`, {
        title: 'Mine now',
      });
      expect(res.status, role).toBe(403);
    }
    const facilitator = tokenOf(room.links.facilitator);
    const empty = await rename(app, `/api/rooms/${room.roomId}?t=${facilitator}`, { title: ' ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'invalid_body', field: 'title' } });
    const other = await createRoom(app);
    const foreign = await rename(app, `/api/rooms/${other.roomId}?t=${facilitator}`, {
      title: 'Wrong room',
    });
    expect(foreign.status).toBe(403);
    expect((await directory.get(room.roomId))?.title).toBe('Asiakaspolku');
    expect((await directory.get(other.roomId))?.title).toBe('Asiakaspolku');
    expect(renamed).toEqual([]);
  });
});

describe('token check of /sync/:roomId', () => {
  it('allows each link with its role and refuses bad, missing and foreign tokens', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    const other = await createRoom(app);
    for (const role of ['facilitator', 'participant', 'guest', 'viewer'] as const) {
      const { access } = await upgrade(app, `/sync/${room.roomId}?t=${tokenOf(room.links[role])}`);
      expect(access).toMatchObject({ kind: 'allowed', role });
    }
    expect((await upgrade(app, `/sync/${room.roomId}`)).access).toMatchObject({
      kind: 'refused',
      closeCode: 4401,
    });
    expect((await upgrade(app, `/sync/${room.roomId}?token=x.y.z`)).access).toMatchObject({
      closeCode: 4401,
    });
    const foreign = tokenOf(other.links.facilitator);
    expect((await upgrade(app, `/sync/${room.roomId}?t=${foreign}`)).access).toMatchObject({
      closeCode: 4403,
    });
  });

  it('keeps a legacy room open, unless tokens are required', async () => {
    expect((await upgrade(setup().app, '/sync/legacy-board')).access).toEqual({
      kind: 'allowed',
      readsControl: false,
    });
    expect((await upgrade(setup(true).app, '/sync/legacy-board')).access).toMatchObject({
      kind: 'refused',
      closeCode: 4401,
    });
  });

  it('notes a client that reads control frames, and the participant a key proves in any room', async () => {
    const { app } = setup();
    const person = participantKeyFromBytes(new Uint8Array(32).fill(7));
    const open = await upgrade(app, `/sync/legacy-board?ctl=1&k=${person}`);
    expect(open.access).toEqual({
      kind: 'allowed',
      readsControl: true,
      participantId: participantIdFromKey(person),
    });
    const room = await createRoom(app);
    const granted = await upgrade(app, `/sync/${room.roomId}?t=${tokenOf(room.links.guest)}`);
    expect(granted.access).toMatchObject({ kind: 'allowed', role: 'guest', readsControl: false });
    const badKey = await upgrade(app, `/sync/legacy-board?k=not-a-key`);
    expect(badKey.access).toMatchObject({ kind: 'refused', closeCode: 4401 });
  });
});

describe('REST routes of a protected room', () => {
  it('answers 401 without a token, 403 for a viewer upload, and lets a viewer export', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    const noToken = await app.request(`/api/rooms/${room.roomId}/export`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const viewer = tokenOf(room.links.viewer);
    const upload = await app.request(`/api/rooms/${room.roomId}/uploads?t=${viewer}`, {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    });
    expect(upload.status).toBe(403);
    const exported = await app.request(`/api/rooms/${room.roomId}/export?t=${viewer}`);
    // Past the token check: the room is listed, so its still empty board exports.
    expect(exported.status).toBe(200);
    expect(await exported.json()).toMatchObject({ roomId: room.roomId, templates: [] });
  });
});

describe('facilitator controls', () => {
  it('rotates a link: the old token is refused, the new one works, holders are closed', async () => {
    const { app, sessions } = setup();
    const room = await createRoom(app);
    const closes: number[] = [];
    const oldGuest = tokenOf(room.links.guest);
    const { access } = await upgrade(app, `/sync/${room.roomId}?t=${oldGuest}`);
    sessions.register(
      room.roomId,
      (access as { linkId: string }).linkId,
      { close: (code) => closes.push(code) },
      'revoked',
    );
    const res = await app.request(
      `/api/rooms/${room.roomId}/links/guest/rotate?t=${tokenOf(room.links.facilitator)}`,
      { method: 'POST' },
    );
    expect(res.status).toBe(200);
    const { role, link } = (await res.json()) as { role: string; link: string };
    expect(role).toBe('guest');
    expect(closes).toEqual([4401]);
    expect((await upgrade(app, `/sync/${room.roomId}?t=${oldGuest}`)).access).toMatchObject({
      closeCode: 4401,
    });
    expect((await upgrade(app, `/sync/${room.roomId}?t=${tokenOf(link)}`)).access).toMatchObject({
      kind: 'allowed',
      role: 'guest',
    });
  });

  it('answers 403 to non-facilitators, 401 without a token and 400 for an unknown role', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    const path = `/api/rooms/${room.roomId}/links/viewer/rotate`;
    expect(
      (await app.request(`${path}?t=${tokenOf(room.links.participant)}`, { method: 'POST' }))
        .status,
    ).toBe(403);
    expect((await app.request(path, { method: 'POST' })).status).toBe(401);
    const bad = `/api/rooms/${room.roomId}/links/owner/rotate?t=${tokenOf(room.links.facilitator)}`;
    expect((await app.request(bad, { method: 'POST' })).status).toBe(400);
    expect(
      (
        await app.request(`/api/rooms/${room.roomId}?t=${tokenOf(room.links.guest)}`, {
          method: 'DELETE',
        })
      ).status,
    ).toBe(403);
  });

  it('turns a link off: holders are closed, its tokens are refused until a new link is made', async () => {
    const { app, directory, sessions } = setup();
    const room = await createRoom(app);
    const facilitator = tokenOf(room.links.facilitator);
    const guest = tokenOf(room.links.guest);
    const closes: { code: number; reason: string }[] = [];
    const { access } = await upgrade(app, `/sync/${room.roomId}?t=${guest}`);
    sessions.register(
      room.roomId,
      (access as { linkId: string }).linkId,
      { close: (code, reason) => closes.push({ code, reason }) },
      'revoked',
    );
    const path = `/api/rooms/${room.roomId}/links/guest?t=${facilitator}`;
    const res = await app.request(path, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(closes).toEqual([{ code: 4401, reason: 'the invitation link was turned off' }]);
    expect((await directory.get(room.roomId))?.linkIds.guest).toBe('');
    expect((await upgrade(app, `/sync/${room.roomId}?t=${guest}`)).access).toMatchObject({
      kind: 'refused',
      closeCode: 4401,
    });
    expect((await app.request(`/api/rooms/${room.roomId}?t=${guest}`)).status).toBe(401);
    // The other roles keep working, and turning an off link off again changes nothing.
    expect(
      (await upgrade(app, `/sync/${room.roomId}?t=${tokenOf(room.links.viewer)}`)).access,
    ).toMatchObject({ kind: 'allowed', role: 'viewer' });
    expect((await app.request(path, { method: 'DELETE' })).status).toBe(204);
    expect(closes).toHaveLength(1);

    const rotated = await app.request(
      `/api/rooms/${room.roomId}/links/guest/rotate?t=${facilitator}`,
      { method: 'POST' },
    );
    expect(rotated.status).toBe(200);
    const { link } = (await rotated.json()) as { link: string };
    expect((await upgrade(app, `/sync/${room.roomId}?t=${tokenOf(link)}`)).access).toMatchObject({
      kind: 'allowed',
      role: 'guest',
    });
    expect((await upgrade(app, `/sync/${room.roomId}?t=${guest}`)).access).toMatchObject({
      closeCode: 4401,
    });
  });

  it('refuses to turn off the facilitator link, and answers 403, 401 and 400 like rotate', async () => {
    const { app, directory } = setup();
    const room = await createRoom(app);
    const facilitator = tokenOf(room.links.facilitator);
    const own = await app.request(`/api/rooms/${room.roomId}/links/facilitator?t=${facilitator}`, {
      method: 'DELETE',
    });
    expect(own.status).toBe(400);
    expect(await own.json()).toMatchObject({ error: { code: 'facilitator_link_required' } });
    expect((await upgrade(app, `/sync/${room.roomId}?t=${facilitator}`)).access).toMatchObject({
      kind: 'allowed',
      role: 'facilitator',
    });
    const path = `/api/rooms/${room.roomId}/links/viewer`;
    const asParticipant = await app.request(`${path}?t=${tokenOf(room.links.participant)}`, {
      method: 'DELETE',
    });
    expect(asParticipant.status).toBe(403);
    expect(await asParticipant.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await app.request(path, { method: 'DELETE' })).status).toBe(401);
    expect((await app.request(`${path}?t=x.y.z`, { method: 'DELETE' })).status).toBe(401);
    const bad = await app.request(`/api/rooms/${room.roomId}/links/owner?t=${facilitator}`, {
      method: 'DELETE',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_role' } });
    expect((await directory.get(room.roomId))?.linkIds.viewer).not.toBe('');
  });

  it('deletes a room: evicts, erases document and uploads, and its tokens stop working', async () => {
    const { app, directory, erased } = setup();
    const room = await createRoom(app);
    const facilitator = tokenOf(room.links.facilitator);
    const res = await app.request(`/api/rooms/${room.roomId}?t=${facilitator}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(erased).toEqual([
      `evict:${room.roomId}`,
      `document:${room.roomId}`,
      `uploads:${room.roomId}`,
    ]);
    expect(await directory.get(room.roomId)).toBeUndefined();
    expect((await upgrade(app, `/sync/${room.roomId}?t=${facilitator}`)).access).toMatchObject({
      closeCode: 4401,
    });
    const again = await app.request(`/api/rooms/${room.roomId}?t=${facilitator}`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(401);
  });
});

describe('GET /api/rooms/:roomId', () => {
  it('tells any link of the room its title, language and role, uncached', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    for (const role of ['facilitator', 'participant', 'guest', 'viewer'] as const) {
      const res = await app.request(`/api/rooms/${room.roomId}?t=${tokenOf(room.links[role])}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        roomId: room.roomId,
        title: 'Asiakaspolku',
        language: 'fi',
        role,
      });
    }
  });

  it('answers 401 without or with a bad token, 403 for another room and 404 for a legacy room', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    const other = await createRoom(app);
    const missing = await app.request(`/api/rooms/${room.roomId}`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await app.request(`/api/rooms/${room.roomId}?t=x.y.z`)).status).toBe(401);
    const foreign = await app.request(`/api/rooms/${room.roomId}?t=${tokenOf(other.links.guest)}`);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } });
    const legacy = await app.request('/api/rooms/legacy-board');
    expect(legacy.status).toBe(404);
    expect(await legacy.json()).toMatchObject({ error: { code: 'room_not_found' } });
  });
});

describe('rate limit of POST /api/rooms', () => {
  const post = (app: ReturnType<typeof createApp>, remoteAddress: string, forwardedFor?: string) =>
    app.request(
      '/api/rooms',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
        },
        body: JSON.stringify({ title: 'T', language: 'en' }),
      },
      // What @hono/node-server passes as c.env: the Node request with its socket.
      { incoming: { socket: { remoteAddress } } },
    );

  it('answers 429 rate_limited with Retry-After once an address used its hourly allowance', async () => {
    let clock = 0;
    const { app } = setup(false, { creationPerHour: 2, now: () => clock });
    expect((await post(app, '10.0.0.1')).status).toBe(201);
    expect((await post(app, '10.0.0.1')).status).toBe(201);
    const refused = await post(app, '10.0.0.1');
    expect(refused.status).toBe(429);
    // One room comes back every 30 minutes.
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1800);
    expect(retryAfter).toBeLessThanOrEqual(1801);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another address is not affected; the first may create again once it waited as told.
    expect((await post(app, '10.0.0.2')).status).toBe(201);
    clock = retryAfter * 1000;
    expect((await post(app, '10.0.0.1')).status).toBe(201);
  });

  it('counts the forwarded client, not the proxy, when TRUST_PROXY says so', async () => {
    const { app } = setup(false, { creationPerHour: 1, trustedProxies: 1, now: () => 0 });
    expect((await post(app, '127.0.0.1', '203.0.113.5')).status).toBe(201);
    expect((await post(app, '127.0.0.1', '203.0.113.6')).status).toBe(201);
    expect((await post(app, '127.0.0.1', '203.0.113.5')).status).toBe(429);
  });

  it('has no limit without a limiter (ROOM_CREATION_PER_HOUR=0)', async () => {
    const { app } = setup();
    for (let index = 0; index < 40; index++) expect((await post(app, '10.0.0.1')).status).toBe(201);
  });
});
