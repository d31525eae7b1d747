import { describe, expect, it } from 'vitest';
import { createRoomApi, RoomApiError } from './roomApi';

function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return answer();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const created = {
  roomId: 'Abcdefghijklmnopqrstuv',
  title: 'Journey',
  language: 'fi',
  links: {
    facilitator: '/b/x?t=f',
    participant: '/b/x?t=p',
    guest: '/b/x?t=g',
    viewer: '/b/x?t=v',
  },
};

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RoomApiError);
  return (error as RoomApiError).reason;
}

describe('createRoomApi', () => {
  it('creates a room with a JSON body and returns its links', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(created, { status: 201 }));
    const api = createRoomApi({ fetch });
    await expect(api.createRoom({ title: 'Journey', language: 'fi' })).resolves.toEqual(created);
    expect(calls[0]?.url).toBe('/api/rooms');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{"title":"Journey","language":"fi"}');
  });

  it("rotates and deletes with the facilitator's token in the query", async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({ role: 'guest', link: '/b/x?t=new' }));
    const api = createRoomApi({ fetch });
    await expect(api.rotateLink('room-1', 'guest', 'a/b')).resolves.toEqual({
      role: 'guest',
      link: '/b/x?t=new',
    });
    await api.deleteRoom('room-1', 'tok');
    expect(calls.map((call) => `${call.init?.method} ${call.url}`)).toEqual([
      'POST /api/rooms/room-1/links/guest/rotate?t=a%2Fb',
      'DELETE /api/rooms/room-1?t=tok',
    ]);
  });

  it("turns a role's link off with DELETE and the facilitator's token", async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(createRoomApi({ fetch }).turnOffLink('room-1', 'viewer', 'a/b')).resolves.toBe(
      undefined,
    );
    expect(calls.map((call) => `${call.init?.method} ${call.url}`)).toEqual([
      'DELETE /api/rooms/room-1/links/viewer?t=a%2Fb',
    ]);
    const refused = createRoomApi({
      fetch: fakeFetch(() => new Response(null, { status: 403 })).fetch,
    });
    expect(await failureOf(refused.turnOffLink('room-1', 'guest', 't'))).toBe('forbidden');
  });

  it('names why a request failed', async () => {
    const answer = (status: number) =>
      createRoomApi({ fetch: fakeFetch(() => new Response(null, { status })).fetch });
    expect(await failureOf(answer(401).deleteRoom('r', 't'))).toBe('unauthorized');
    expect(await failureOf(answer(403).deleteRoom('r', 't'))).toBe('forbidden');
    expect(await failureOf(answer(429).createRoom({ title: 'x', language: 'en' }))).toBe(
      'rateLimited',
    );
    expect(await failureOf(answer(500).createRoom({ title: 'x', language: 'en' }))).toBe('failed');
    const offline = createRoomApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await failureOf(offline.createRoom({ title: 'x', language: 'en' }))).toBe('network');
    const garbled = createRoomApi({ fetch: fakeFetch(() => Response.json({ nope: 1 })).fetch });
    expect(await failureOf(garbled.createRoom({ title: 'x', language: 'en' }))).toBe('failed');
  });
});

describe('getRoom', () => {
  it("reads a room's title and the link's role with its token in the query", async () => {
    const info = {
      roomId: 'Abcdefghijklmnopqrstuv',
      title: 'Kahvila',
      language: 'fi',
      role: 'guest',
    };
    const { fetch, calls } = fakeFetch(() => Response.json(info));
    await expect(
      createRoomApi({ fetch }).getRoom('Abcdefghijklmnopqrstuv', 'a.b.c'),
    ).resolves.toEqual(info);
    expect(calls[0]?.url).toBe('/api/rooms/Abcdefghijklmnopqrstuv?t=a.b.c');
    expect(calls[0]?.init?.method ?? 'GET').toBe('GET');
  });

  it('fails with a reason for refusals, a legacy room (404) and a garbled answer', async () => {
    const answer = (response: () => Response) =>
      createRoomApi({ fetch: fakeFetch(response).fetch }).getRoom('room-1', 't');
    expect(await failureOf(answer(() => new Response(null, { status: 401 })))).toBe('unauthorized');
    expect(await failureOf(answer(() => new Response(null, { status: 403 })))).toBe('forbidden');
    expect(await failureOf(answer(() => new Response(null, { status: 404 })))).toBe('failed');
    expect(await failureOf(answer(() => Response.json({ title: 1 })))).toBe('failed');
  });
});

describe('createRoom rate limit', () => {
  it("reads the server's 429 rate_limited answer as rateLimited", async () => {
    const refusal = () =>
      Response.json(
        { error: { code: 'rate_limited', message: 'too many boards' } },
        { status: 429, headers: { 'Retry-After': '120' } },
      );
    const api = createRoomApi({ fetch: fakeFetch(refusal).fetch });
    expect(await failureOf(api.createRoom({ title: 'x', language: 'fi' }))).toBe('rateLimited');
  });
});

describe('renameRoom', () => {
  it("sends the new title with PATCH and the facilitator's token, and returns the room", async () => {
    const info = {
      roomId: 'Abcdefghijklmnopqrstuv',
      title: 'Kahvila',
      language: 'fi',
      role: 'facilitator',
    };
    const { fetch, calls } = fakeFetch(() => Response.json(info));
    await expect(
      createRoomApi({ fetch }).renameRoom('Abcdefghijklmnopqrstuv', 'Kahvila', 'a/b'),
    ).resolves.toEqual(info);
    expect(calls[0]?.url).toBe('/api/rooms/Abcdefghijklmnopqrstuv?t=a%2Fb');
    expect(calls[0]?.init?.method).toBe('PATCH');
    expect(calls[0]?.init?.body).toBe('{"title":"Kahvila"}');
    expect(new Headers(calls[0]?.init?.headers).get('content-type')).toBe('application/json');
  });

  it("reads the server's refusal of a title (400 invalid_body) as invalid and other roles' 403 as forbidden", async () => {
    const answer = (response: () => Response) =>
      createRoomApi({ fetch: fakeFetch(response).fetch }).renameRoom('room-1', 'x', 't');
    const invalidBody = () =>
      Response.json(
        { error: { code: 'invalid_body', message: 'title: too long', field: 'title' } },
        { status: 400 },
      );
    expect(await failureOf(answer(invalidBody))).toBe('invalid');
    expect(await failureOf(answer(() => new Response(null, { status: 403 })))).toBe('forbidden');
  });
});
