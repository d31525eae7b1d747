import { createTLStore, type TLAsset, type TLAssetContext } from 'tldraw';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../i18n/messages';
import { RoomAssetStore } from './RoomAssetStore';
import { UploadError } from './UploadError';

interface FetchCall {
  readonly url: string;
  readonly init: RequestInit | undefined;
}

/** A fetch that records its calls and answers with `answer`. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return answer();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function apiError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

function store(fetch: typeof globalThis.fetch, locale: Locale = 'en') {
  return new RoomAssetStore({ roomId: 'room-1', getLocale: () => locale, fetch });
}

const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'kuva ä.png', {
  type: 'image/png',
});
const mp4 = new File([new Uint8Array([0, 0, 0, 0x18])], 'clip.mp4', { type: 'video/mp4' });
const asset = { id: 'asset:1', type: 'image', props: { src: '' } } as unknown as TLAsset;

async function refusalOf(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

describe('RoomAssetStore', () => {
  it("posts the file to the room's uploads and returns the url it is served from", async () => {
    const url = '/api/rooms/room-1/uploads/abc123';
    const { fetch, calls } = fakeFetch(() =>
      json(201, { id: 'abc123', url, contentType: 'image/png', size: 4 }),
    );
    const result = await store(fetch).upload(asset, png);

    expect(result).toEqual({ src: url });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('/api/rooms/room-1/uploads');
    expect(call?.init?.method).toBe('POST');
    expect(call?.init?.body).toBe(png);
    expect(new Headers(call?.init?.headers).get('X-File-Name')).toBe('kuva%20%C3%A4.png');
  });

  it('still uploads when called detached, as createTLStore does (regression: "this.refused is not a function")', async () => {
    const url = '/api/rooms/room-1/uploads/abc123';
    const { fetch, calls } = fakeFetch(() =>
      json(201, { id: 'abc123', url, contentType: 'image/png', size: 4 }),
    );
    const tlStore = createTLStore({ assets: store(fetch) });
    await expect(tlStore.props.assets.upload(asset, png)).resolves.toEqual({ src: url });
    expect(calls).toHaveLength(1);
    expect(tlStore.props.assets.resolve(asset, {} as TLAssetContext)).toBe('');
    tlStore.dispose();
  });

  it('posts to another origin when given a base url, and leaves out an empty file name', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, { id: 'x', url: '/api/rooms/room-1/uploads/x', contentType: 'image/png', size: 1 }),
    );
    const assets = new RoomAssetStore({
      roomId: 'room-1',
      getLocale: () => 'en',
      fetch,
      baseUrl: 'http://kohtaamo.test',
    });
    await assets.upload(asset, new File([new Uint8Array([1])], '', { type: 'image/png' }));
    expect(calls[0]?.url).toBe('http://kohtaamo.test/api/rooms/room-1/uploads');
    expect(new Headers(calls[0]?.init?.headers).has('X-File-Name')).toBe(false);
  });

  it("names the server's image limit when an image is too large (413)", async () => {
    const { fetch } = fakeFetch(() =>
      json(413, {
        error: {
          code: 'upload_too_large',
          message: 'the upload exceeds the limit of 5242880 bytes for images',
          limitBytes: 5242880,
          kind: 'image',
        },
      }),
    );
    const error = await refusalOf(store(fetch).upload(asset, png));
    expect(error.refusal).toEqual({ reason: 'too-large', kind: 'image', limitBytes: 5242880 });
    expect(error.message).toBe('The image is too large. An image can be at most 5 MB.');
  });

  it('falls back to the default limit of the kind when the refusal names none, in Finnish', async () => {
    const { fetch } = fakeFetch(() => new Response('Payload Too Large', { status: 413 }));
    const error = await refusalOf(store(fetch, 'fi').upload(asset, mp4));
    expect(error.message).toBe('Video on liian suuri. Videon enimmäiskoko on 50 Mt.');
  });

  it('lists the allowed types when the type is refused (415)', async () => {
    const { fetch } = fakeFetch(() =>
      apiError(
        415,
        'unsupported_media_type',
        'uploads must be one of …; this file is image/svg+xml',
      ),
    );
    const svg = new File(['<svg/>'], 'a.svg', { type: 'image/svg+xml' });
    const en = await refusalOf(store(fetch).upload(asset, svg));
    expect(en.message).toBe(
      'This file type can’t be added to the board. Allowed types: PNG, JPEG, WebP, GIF, MP4, and WebM.',
    );
    const fi = await refusalOf(store(fetch, 'fi').upload(asset, svg));
    expect(fi.message).toBe(
      'Tätä tiedostotyyppiä ei voi lisätä tauluun. Sallitut tyypit: PNG, JPEG, WebP, GIF, MP4 ja WebM.',
    );
  });

  it('says the server cannot be reached when the request fails', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await refusalOf(store(fetch).upload(asset, png));
    expect(error.refusal).toEqual({ reason: 'network' });
    expect(error.message).toContain('the server can’t be reached');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('explains a refusal by permission (403) and any other failure (500)', async () => {
    const forbidden = fakeFetch(() => apiError(403, 'forbidden', 'upload is not allowed'));
    expect((await refusalOf(store(forbidden.fetch).upload(asset, png))).refusal).toEqual({
      reason: 'forbidden',
    });
    const broken = fakeFetch(() => new Response('<html>oops</html>', { status: 502 }));
    const error = await refusalOf(store(broken.fetch).upload(asset, png));
    expect(error.message).toBe('The server could not save the file. Try again in a moment.');
  });

  it('refuses an answer without a served url instead of putting it on the board', async () => {
    const { fetch } = fakeFetch(() => json(201, { url: 'javascript:alert(1)' }));
    expect((await refusalOf(store(fetch).upload(asset, png))).refusal).toEqual({
      reason: 'failed',
    });
  });

  it('passes the abort signal on, and an abort through unchanged', async () => {
    const controller = new AbortController();
    const calls: FetchCall[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('The operation was aborted.', 'AbortError')),
        );
      });
    }) as typeof globalThis.fetch;

    const pending = store(fetch).upload(asset, png, controller.signal);
    controller.abort();
    const error = await pending.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(calls[0]?.init?.signal).toBe(controller.signal);
    expect(error).not.toBeInstanceOf(UploadError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('resolves uploaded urls and the data: urls of older boards unchanged', () => {
    const assets = store(fakeFetch(() => json(500, {})).fetch);
    const context = {} as TLAssetContext;
    const at = (src: string | null) => ({ ...asset, props: { src } }) as unknown as TLAsset;
    expect(assets.resolve(at('/api/rooms/room-1/uploads/abc'), context)).toBe(
      '/api/rooms/room-1/uploads/abc',
    );
    expect(assets.resolve(at('data:image/png;base64,iVBORw0KGgo='), context)).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    );
    expect(assets.resolve(at(null), context)).toBeNull();
  });
  describe('with a link token', () => {
    const token = 'aaa.bbb+/.ccc';
    const context = {} as TLAssetContext;
    const at = (src: string | null) => ({ ...asset, props: { src } }) as unknown as TLAsset;

    it('posts with the token and keeps only the bare url for the document', async () => {
      const { fetch, calls } = fakeFetch(() =>
        json(201, {
          id: 'abc',
          url: '/api/rooms/room-1/uploads/abc?t=leaked',
          contentType: 'image/png',
          size: 4,
        }),
      );
      const assets = new RoomAssetStore({ roomId: 'room-1', getLocale: () => 'en', fetch, token });

      const result = await assets.upload(asset, png);

      expect(calls[0]?.url).toBe(`/api/rooms/room-1/uploads?t=${encodeURIComponent(token)}`);
      expect(result).toEqual({ src: '/api/rooms/room-1/uploads/abc' });
    });

    it('adds the token to uploaded urls when they are shown, not to data: urls', () => {
      const assets = new RoomAssetStore({
        roomId: 'room-1',
        getLocale: () => 'en',
        fetch: fakeFetch(() => json(500, {})).fetch,
        token,
      });

      expect(assets.resolve(at('/api/rooms/room-1/uploads/abc'), context)).toBe(
        `/api/rooms/room-1/uploads/abc?t=${encodeURIComponent(token)}`,
      );
      expect(assets.resolve(at('data:image/png;base64,iVBORw0KGgo='), context)).toBe(
        'data:image/png;base64,iVBORw0KGgo=',
      );
    });
  });
});
