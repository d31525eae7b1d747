import { describe, expect, it } from 'vitest';
import { createAdmissionCheck } from './admissionApi';

function answering(response: () => Response | Promise<Response>) {
  const urls: string[] = [];
  const check = createAdmissionCheck({
    fetch: (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return response();
    }) as typeof fetch,
  });
  return { check, urls };
}

const refusal = (code: string, limit: number, retryAfter?: string) =>
  Response.json(
    { error: { code, message: 'full', limit } },
    { status: 429, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } },
  );

describe('createAdmissionCheck', () => {
  it('asks the admission route with the token and reads ok as open', async () => {
    const { check, urls } = answering(() => Response.json({ ok: true }));
    expect(await check('room-1', 'a/b')).toEqual({ kind: 'open' });
    expect(urls).toEqual(['/api/rooms/room-1/admission?t=a%2Fb']);
    await check('room-1', null);
    expect(urls[1]).toBe('/api/rooms/room-1/admission');
  });

  it('reads room_full and too_many_connections with the cap and Retry-After', async () => {
    expect(await answering(() => refusal('room_full', 30, '10')).check('r', 't')).toEqual({
      kind: 'full',
      cap: 'room',
      limit: 30,
      retryAfterSeconds: 10,
    });
    expect(
      await answering(() => refusal('too_many_connections', 100, '20')).check('r', 't'),
    ).toMatchObject({ cap: 'address', limit: 100, retryAfterSeconds: 20 });
  });

  it('falls back to 10 s for a missing or odd Retry-After and caps a huge one', async () => {
    const wait = async (header?: string) => {
      const admission = await answering(() => refusal('room_full', 2, header)).check('r', 't');
      return admission.kind === 'full' ? admission.retryAfterSeconds : -1;
    };
    expect(await wait()).toBe(10);
    expect(await wait('soon')).toBe(10);
    expect(await wait('0')).toBe(10);
    expect(await wait('86400')).toBe(300);
  });

  it('knows nothing from other refusals, garbled bodies or no answer', async () => {
    expect(await answering(() => new Response(null, { status: 401 })).check('r', 't')).toEqual({
      kind: 'unknown',
    });
    expect(
      await answering(() =>
        Response.json({ error: { code: 'rate_limited' } }, { status: 429 }),
      ).check('r', 't'),
    ).toEqual({ kind: 'unknown' });
    const offline = createAdmissionCheck({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await offline('r', 't')).toEqual({ kind: 'unknown' });
  });
});
