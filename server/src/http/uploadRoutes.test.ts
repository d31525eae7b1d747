import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AppDeps, createApp } from '../app.js';
import {
  gifBytes,
  htmlBytes,
  isoMediaBytes,
  jpegBytes,
  padTo,
  pngBytes,
  svgBytes,
  webmBytes,
  webpBytes,
} from '../testing/mediaSamples.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';
import type { UploadStore } from '../uploads/UploadStore.js';
import type { AuthorizeRoom } from './authorizeRoom.js';

/** Small limits so the tests move little data: images 4 KiB, videos 16 KiB. */
const limits = { maxImageBytes: 4096, maxVideoBytes: 16_384 };

function setup(overrides: Partial<AppDeps> = {}) {
  const uploads = new MemoryUploadStore();
  const app = createApp({
    store: { ping: async () => {} },
    rooms: { healthy: true, roomCount: 0, connectionCount: 0 },
    documents: { readDocument: async () => [] },
    uploads,
    uploadLimits: limits,
    logger: createTestLogger(),
    ...overrides,
  });
  return { app, uploads };
}

type App = ReturnType<typeof setup>['app'];

interface Created {
  readonly id: string;
  readonly url: string;
  readonly contentType: string;
  readonly size: number;
}

function post(
  app: App,
  roomId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  return app.request(`/api/rooms/${roomId}/uploads`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  });
}

async function upload(
  app: App,
  roomId: string,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Created> {
  const res = await post(app, roomId, bytes, headers);
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error;
}

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A body of `chunks` chunks of `chunkSize` bytes, starting with `head`; counts what was pulled. */
function countingStream(head: Uint8Array, chunkSize: number, chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(chunkSize);
      if (state.pulled === 0) chunk.set(head.subarray(0, chunkSize));
      state.pulled += 1;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('POST /api/rooms/:roomId/uploads', () => {
  it('stores a PNG and answers 201 with id, url, type and size', async () => {
    const { app } = setup();
    const png = pngBytes(3, 3);
    const res = await post(app, 'room-a', png);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Created;
    expect(body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      url: `/api/rooms/room-a/uploads/${body.id}`,
      contentType: 'image/png',
      size: png.byteLength,
    });
    expect(res.headers.get('location')).toBe(body.url);
  });

  it.each([
    ['image/png', pngBytes()],
    ['image/jpeg', jpegBytes()],
    ['image/webp', webpBytes()],
    ['image/gif', gifBytes()],
    ['video/mp4', padTo(isoMediaBytes('isom'), 8000)],
    ['video/webm', padTo(webmBytes(), 8000)],
  ])('decides %s from the bytes, whatever Content-Type claims', async (type, bytes) => {
    const { app } = setup();
    const created = await upload(app, 'room-a', bytes, { 'Content-Type': 'text/html' });
    expect(created.contentType).toBe(type);
    const res = await app.request(created.url);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it.each([
    ['an SVG sent as image/png', svgBytes(), 'image/svg+xml'],
    ['an HTML page named .png', htmlBytes(), 'text/html'],
    ['a QuickTime movie', isoMediaBytes('qt  '), 'video/quicktime'],
    ['a PDF', padTo(new TextEncoder().encode('%PDF-1.7\n'), 100), 'application/pdf'],
  ])('refuses %s with 415 naming what it is and what is allowed', async (_, bytes, detected) => {
    const { app, uploads } = setup();
    const res = await post(app, 'room-a', bytes, {
      'Content-Type': 'image/png',
      'X-File-Name': 'holiday.png',
    });
    expect(res.status).toBe(415);
    const error = await errorOf(res);
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain(detected);
    expect(error.message).toContain('image/png, image/jpeg, image/webp, image/gif');
    expect(error.message).toContain('video/mp4, video/webm');
    expect(uploads.blobCount).toBe(0);
  });

  it('refuses an image over the image limit with 413, though a video may be that large', async () => {
    const { app, uploads } = setup();
    const res = await post(app, 'room-a', padTo(pngBytes(), limits.maxImageBytes + 1));
    expect(res.status).toBe(413);
    const error = await errorOf(res);
    expect(error).toEqual({
      code: 'upload_too_large',
      message: expect.stringContaining('4096'),
      limitBytes: 4096,
      kind: 'image',
    });
    expect(error.message).toContain('images');
    expect(uploads.blobCount).toBe(0);

    const video = await upload(app, 'room-a', padTo(webmBytes(), limits.maxImageBytes + 1));
    expect(video.contentType).toBe('video/webm');
  });

  it('accepts an image of exactly the limit', async () => {
    const { app } = setup();
    const created = await upload(app, 'room-a', padTo(pngBytes(), limits.maxImageBytes));
    expect(created.size).toBe(limits.maxImageBytes);
  });

  it('refuses a video over the video limit with 413', async () => {
    const { app } = setup();
    const res = await post(app, 'room-a', padTo(isoMediaBytes(), limits.maxVideoBytes + 1));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toContain('videos');
  });

  it('stops reading an endless body as soon as it passes the limit', async () => {
    const { app, uploads } = setup();
    const { stream, state } = countingStream(webmBytes(), 1024, 10_000);
    const res = await post(app, 'room-a', stream);
    expect(res.status).toBe(413);
    // 16 chunks fit the 16 KiB video limit; the 17th passes it. A little read-ahead is fine.
    expect(state.pulled).toBeGreaterThanOrEqual(17);
    expect(state.pulled).toBeLessThan(25);
    expect(state.cancelled).toBe(true);
    expect(uploads.blobCount).toBe(0);
  });

  it('applies the image limit as soon as the head says PNG, before the body ends', async () => {
    const { app } = setup({ uploadLimits: { maxImageBytes: 70 * 1024, maxVideoBytes: 1 << 20 } });
    const { stream, state } = countingStream(pngBytes(), 1024, 1000);
    const res = await post(app, 'room-a', stream);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toContain('images');
    expect(state.pulled).toBeLessThan(80);
  });

  it('refuses a disallowed type once the head is in, without reading the rest', async () => {
    const { app } = setup({ uploadLimits: { maxImageBytes: 1 << 20, maxVideoBytes: 1 << 20 } });
    const { stream, state } = countingStream(htmlBytes(), 1024, 1000);
    const res = await post(app, 'room-a', stream);
    expect(res.status).toBe(415);
    expect(state.pulled).toBeLessThan(70);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { app } = setup();
    const { stream, state } = countingStream(webmBytes(), 1024, 100);
    const res = await post(app, 'room-a', stream, { 'Content-Length': '1000000' });
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it('answers 400 for an empty body', async () => {
    const { app } = setup();
    const res = await post(app, 'room-a', new Uint8Array(0));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('empty_upload');
    const none = await app.request('/api/rooms/room-a/uploads', { method: 'POST' });
    expect(none.status).toBe(400);
    expect((await errorOf(none)).code).toBe('empty_upload');
  });

  it('answers 400 when the body breaks off', async () => {
    const { app, uploads } = setup();
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) {
          controller.error(new Error('connection reset'));
          return;
        }
        sent = true;
        controller.enqueue(pngBytes());
      },
    });
    const res = await post(app, 'room-a', stream);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('upload_interrupted');
    expect(uploads.blobCount).toBe(0);
  });

  it.each(['no!', 'ab', 'a.b.c', 'x'.repeat(65)])(
    'refuses room id %j with 400 JSON',
    async (roomId) => {
      const { app, uploads } = setup();
      const res = await post(app, encodeURIComponent(roomId), pngBytes());
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_room_id');
      expect(uploads.blobCount).toBe(0);
    },
  );

  it('keeps one copy of a file uploaded twice but gives each upload its own id', async () => {
    const { app, uploads } = setup();
    const first = await upload(app, 'room-a', pngBytes());
    const second = await upload(app, 'room-b', pngBytes());
    expect(first.id).not.toBe(second.id);
    expect(uploads.blobCount).toBe(1);
    const [a, b] = await Promise.all([app.request(first.url), app.request(second.url)]);
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
  });
});

describe('GET /api/rooms/:roomId/uploads/:id', () => {
  it('serves the bytes with the stored type and protective headers', async () => {
    const { app } = setup();
    const png = pngBytes(4, 4);
    const created = await upload(app, 'room-a', png, { 'X-File-Name': 'kuva%20%C3%A4.png' });
    const res = await app.request(created.url);
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(png);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.byteLength),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=31536000, immutable',
      'accept-ranges': 'bytes',
      etag: `"${sha256(png)}"`,
      'content-disposition': `inline; filename="kuva _.png"; filename*=UTF-8''kuva%20%C3%A4.png`,
    });
  });

  it('sends plain inline disposition when no name was given, and sanitises a hostile one', async () => {
    const { app } = setup();
    const plain = await upload(app, 'room-a', pngBytes());
    expect((await app.request(plain.url)).headers.get('content-disposition')).toBe('inline');
    const named = await upload(app, 'room-a', pngBytes(), {
      'X-File-Name': '..%2F..%2Fevil.html',
    });
    expect((await app.request(named.url)).headers.get('content-disposition')).toContain(
      'filename="evil.png"',
    );
  });

  it('answers 404 JSON for an id of another room', async () => {
    const { app } = setup();
    const created = await upload(app, 'room-a', pngBytes());
    const res = await app.request(`/api/rooms/room-b/uploads/${created.id}`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({
      code: 'upload_not_found',
      message: 'no such upload in this room',
    });
    expect((await app.request(created.url)).status).toBe(200);
  });

  it('answers 404 JSON for an unknown id', async () => {
    const { app } = setup();
    const res = await app.request('/api/rooms/room-a/uploads/AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('upload_not_found');
  });

  it.each(['..%2F..%2Fkohtaamo.db', '..', 'short', `${'A'.repeat(22)}.json`, `%2e%2e`])(
    'answers 404 for malformed id %j without asking the store',
    async (id) => {
      const asked: string[] = [];
      const store = new MemoryUploadStore();
      const spy: UploadStore = {
        begin: () => store.begin(),
        get: (roomId, uploadId) => {
          asked.push(uploadId);
          return store.get(roomId, uploadId);
        },
        read: (info, range) => store.read(info, range),
        deleteRoom: (roomId) => store.deleteRoom(roomId),
        close: () => store.close(),
      };
      const { app } = setup({ uploads: spy });
      const res = await app.request(`/api/rooms/room-a/uploads/${id}`);
      expect(res.status).toBe(404);
      expect(asked).toEqual([]);
    },
  );

  it('answers 400 JSON for a bad room id', async () => {
    const { app } = setup();
    const res = await app.request('/api/rooms/no!/uploads/AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_room_id');
  });

  it('answers 304 without a body when If-None-Match has the ETag', async () => {
    const { app } = setup();
    const created = await upload(app, 'room-a', gifBytes());
    const etag = (await app.request(created.url)).headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    for (const header of [etag, `W/${etag}`, `"something-else", ${etag}`]) {
      const res = await app.request(created.url, { headers: { 'If-None-Match': header } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(await res.text()).toBe('');
    }
    const stale = await app.request(created.url, { headers: { 'If-None-Match': '"other"' } });
    expect(stale.status).toBe(200);
  });

  describe('ranges', () => {
    const video = (() => {
      const bytes = padTo(isoMediaBytes(), 10_000);
      for (let i = 24; i < bytes.byteLength; i += 1) bytes[i] = i % 251;
      return bytes;
    })();

    async function uploaded() {
      const { app } = setup();
      const created = await upload(app, 'room-a', video);
      return { app, url: created.url };
    }

    it('serves a byte range as 206 with Content-Range', async () => {
      const { app, url } = await uploaded();
      const res = await app.request(url, { headers: { Range: 'bytes=100-199' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe('bytes 100-199/10000');
      expect(res.headers.get('content-length')).toBe('100');
      expect(res.headers.get('content-type')).toBe('video/mp4');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await bytesOf(res)).toEqual(video.subarray(100, 200));
    });

    it('serves open-ended and suffix ranges the way a video element asks', async () => {
      const { app, url } = await uploaded();
      const open = await app.request(url, { headers: { Range: 'bytes=9000-' } });
      expect(open.status).toBe(206);
      expect(open.headers.get('content-range')).toBe('bytes 9000-9999/10000');
      expect(await bytesOf(open)).toEqual(video.subarray(9000));
      const suffix = await app.request(url, { headers: { Range: 'bytes=-5' } });
      expect(suffix.headers.get('content-range')).toBe('bytes 9995-9999/10000');
      expect(await bytesOf(suffix)).toEqual(video.subarray(9995));
    });

    it('answers 416 with the size for a range past the end', async () => {
      const { app, url } = await uploaded();
      const res = await app.request(url, { headers: { Range: 'bytes=10000-' } });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe('bytes */10000');
      expect((await errorOf(res)).code).toBe('range_not_satisfiable');
    });

    it('serves everything when If-Range names other content', async () => {
      const { app, url } = await uploaded();
      const res = await app.request(url, {
        headers: { Range: 'bytes=0-9', 'If-Range': '"not-this-file"' },
      });
      expect(res.status).toBe(200);
      expect((await bytesOf(res)).byteLength).toBe(10_000);
    });

    it('serves everything for several ranges at once', async () => {
      const { app, url } = await uploaded();
      const res = await app.request(url, { headers: { Range: 'bytes=0-1,5-6' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe('10000');
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const { app } = setup();
    const created = await upload(app, 'room-a', pngBytes());
    const res = await app.request(created.url, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(created.size));
    expect(await res.text()).toBe('');
  });
});

describe('authorizeRoom seam', () => {
  it('is asked about the room and action, and a refusal is 403 before anything is stored', async () => {
    const asked: string[] = [];
    const authorizeRoom: AuthorizeRoom = (roomId, action) => {
      asked.push(`${action}:${roomId}`);
      return roomId !== 'room-closed';
    };
    const { app, uploads } = setup({ authorizeRoom });
    const refused = await post(app, 'room-closed', pngBytes());
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('forbidden');
    expect(uploads.blobCount).toBe(0);

    const created = await upload(app, 'room-open', pngBytes());
    const read = await app.request(created.url);
    expect(read.status).toBe(200);
    const closedRead = await app.request(`/api/rooms/room-closed/uploads/${created.id}`);
    expect(closedRead.status).toBe(403);
    expect(asked).toEqual([
      'upload:room-closed',
      'upload:room-open',
      'read-upload:room-open',
      'read-upload:room-closed',
    ]);
  });
});
