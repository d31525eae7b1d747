import { defaultUploadLimits, type RoomRole } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { type AppDeps, createApp } from '../app.js';
import { LinkSessions } from '../auth/LinkSessions.js';
import { MemoryRoomDirectory } from '../auth/MemoryRoomDirectory.js';
import { RoomAccess } from '../auth/RoomAccess.js';
import { RoomTokens } from '../auth/RoomTokens.js';
import { ConnectionLimiter } from '../limits/ConnectionLimiter.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';

const caps = { maxPerAddress: 3, maxPerRoom: 2 };

function setup(options: { withRooms?: boolean; allowedOrigins?: AppDeps['allowedOrigins'] } = {}) {
  const directory = new MemoryRoomDirectory();
  const tokens = new RoomTokens(new TextEncoder().encode('k'.repeat(32)));
  const access = new RoomAccess({ directory, tokens, requireTokens: false });
  // The gateway's limiter, filled by hand: slots taken here stand for open sockets.
  const limiter = new ConnectionLimiter(caps);
  const deps: AppDeps = {
    store: { ping: async () => {} },
    rooms: { healthy: true, roomCount: 0, connectionCount: 0 },
    documents: { readDocument: async () => [] },
    uploads: new MemoryUploadStore(),
    uploadLimits: defaultUploadLimits,
    logger: createTestLogger(),
    allowedOrigins: options.allowedOrigins,
    admission: {
      caps,
      connections: () => limiter,
      trustedProxies: 0,
      retryAfterSeconds: 10,
    },
    ...(options.withRooms === false
      ? {}
      : {
          roomControl: {
            directory,
            tokens,
            access,
            sessions: new LinkSessions(),
            evictRoom: async () => {},
            deleteDocument: async () => {},
            deleteUploads: async () => {},
          },
        }),
  };
  return { app: createApp(deps), limiter };
}

type Created = { roomId: string; links: Record<RoomRole, string> };

async function createRoom(app: ReturnType<typeof createApp>): Promise<Created> {
  const res = await app.request('/api/rooms', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Kahvila', language: 'fi' }),
  });
  return (await res.json()) as Created;
}

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('t') ?? '';

function ask(
  app: ReturnType<typeof createApp>,
  path: string,
  remoteAddress = '192.0.2.1',
  headers: Record<string, string> = {},
) {
  return app.request(path, { headers }, { incoming: { socket: { remoteAddress } } });
}

describe('GET /api/rooms/:roomId/admission', () => {
  it('says ok while there is room, and takes no slot itself', async () => {
    const { app, limiter } = setup();
    const room = await createRoom(app);
    const path = `/api/rooms/${room.roomId}/admission?t=${tokenOf(room.links.guest)}`;
    for (let index = 0; index < 5; index++) {
      const res = await ask(app, path);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    }
    expect(limiter.total).toBe(0);
  });

  it('answers 429 room_full with the cap and Retry-After once the room is at its cap', async () => {
    const { app, limiter } = setup();
    const room = await createRoom(app);
    limiter.acquire('198.51.100.1', room.roomId);
    limiter.acquire('198.51.100.2', room.roomId);
    const res = await ask(
      app,
      `/api/rooms/${room.roomId}/admission?t=${tokenOf(room.links.participant)}`,
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.json()).toEqual({
      error: {
        code: 'room_full',
        message: 'this board has as many connections as it allows',
        limit: 2,
      },
    });
  });

  it('answers 429 too_many_connections when this address is at its cap, whatever the room', async () => {
    const { app, limiter } = setup();
    const room = await createRoom(app);
    for (const other of ['a', 'b', 'c']) limiter.acquire('192.0.2.1', other);
    const path = `/api/rooms/${room.roomId}/admission?t=${tokenOf(room.links.viewer)}`;
    const res = await ask(app, path);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({
      error: { code: 'too_many_connections', limit: 3 },
    });
    // Someone else, from another address, still gets in.
    expect((await ask(app, path, '192.0.2.99')).status).toBe(200);
  });

  it('checks the token before telling anything about the room', async () => {
    const { app, limiter } = setup();
    const room = await createRoom(app);
    const other = await createRoom(app);
    limiter.acquire('198.51.100.1', room.roomId);
    limiter.acquire('198.51.100.2', room.roomId);
    const missing = await ask(app, `/api/rooms/${room.roomId}/admission`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const foreign = await ask(
      app,
      `/api/rooms/${room.roomId}/admission?t=${tokenOf(other.links.guest)}`,
    );
    expect(foreign.status).toBe(403);
  });

  it('refuses a page from a disallowed origin, as the upgrade would', async () => {
    const { app } = setup();
    const room = await createRoom(app);
    const path = `/api/rooms/${room.roomId}/admission?t=${tokenOf(room.links.guest)}`;
    const foreign = await ask(app, path, '192.0.2.1', {
      origin: 'https://evil.example',
      host: 'board.example',
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    const own = await ask(app, path, '192.0.2.1', {
      origin: 'https://board.example',
      host: 'board.example',
    });
    expect(own.status).toBe(200);
  });

  it('treats every room as open without a rooms directory, and validates the room id', async () => {
    const { app, limiter } = setup({ withRooms: false });
    expect((await ask(app, '/api/rooms/legacy-board/admission')).status).toBe(200);
    limiter.acquire('198.51.100.1', 'legacy-board');
    limiter.acquire('198.51.100.2', 'legacy-board');
    expect((await ask(app, '/api/rooms/legacy-board/admission')).status).toBe(429);
    expect((await ask(app, '/api/rooms/bad%20id!/admission')).status).toBe(400);
  });
});
