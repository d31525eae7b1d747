import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createTestLogger } from '../testing/testLogger.js';
import { ApiError } from './ApiError.js';
import {
  isOriginAllowed,
  type OriginPolicy,
  originCheck,
  parseAllowedOrigins,
  sameHostOrigins,
} from './originCheck.js';

describe('parseAllowedOrigins', () => {
  it('reads empty as same host only and * as any origin', () => {
    expect(parseAllowedOrigins('')).toEqual(sameHostOrigins);
    expect(parseAllowedOrigins(' , ')).toEqual(sameHostOrigins);
    expect(parseAllowedOrigins('*')).toEqual({ kind: 'any' });
  });

  it('normalizes a comma-separated list of origins', () => {
    const policy = parseAllowedOrigins(
      'https://Board.Example.org, http://localhost:5173/,https://x.example:443',
    );
    expect(policy).toEqual({
      kind: 'list',
      origins: new Set(['https://board.example.org', 'http://localhost:5173', 'https://x.example']),
    });
  });

  it.each([
    ['a bare host', 'board.example.org'],
    ['a path', 'https://board.example.org/app'],
    ['a query', 'https://board.example.org?x=1'],
    ['a user name', 'https://me@board.example.org'],
    ['another scheme', 'ftp://board.example.org'],
    ['* mixed with origins', '*,https://board.example.org'],
  ])('refuses %s, naming it', (_, value) => {
    expect(() => parseAllowedOrigins(value)).toThrow(
      value.startsWith('*')
        ? /cannot be combined/
        : new RegExp(`"${value.replace(/[?*]/g, '\\$&')}"`),
    );
  });
});

describe('isOriginAllowed', () => {
  const list = parseAllowedOrigins('https://board.example.org');

  it('allows the request’s own host over http or https by default', () => {
    expect(isOriginAllowed(sameHostOrigins, 'http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isOriginAllowed(sameHostOrigins, 'https://board.example.org', 'board.example.org')).toBe(
      true,
    );
    // Host may spell out the default port; the Origin never does.
    expect(
      isOriginAllowed(sameHostOrigins, 'https://board.example.org', 'board.example.org:443'),
    ).toBe(true);
    expect(isOriginAllowed(sameHostOrigins, 'http://[::1]:8080', '[::1]:8080')).toBe(true);
  });

  it('refuses another host, another port, an opaque origin or a missing Host by default', () => {
    expect(isOriginAllowed(sameHostOrigins, 'https://evil.example', 'board.example.org')).toBe(
      false,
    );
    expect(isOriginAllowed(sameHostOrigins, 'http://127.0.0.1:9999', '127.0.0.1:8080')).toBe(false);
    expect(isOriginAllowed(sameHostOrigins, 'null', 'board.example.org')).toBe(false);
    expect(isOriginAllowed(sameHostOrigins, 'not a url', 'board.example.org')).toBe(false);
    expect(isOriginAllowed(sameHostOrigins, 'https://board.example.org', undefined)).toBe(false);
  });

  it('allows exactly the listed origins, whatever the Host says', () => {
    expect(isOriginAllowed(list, 'https://board.example.org', 'internal:8080')).toBe(true);
    expect(isOriginAllowed(list, 'https://BOARD.example.org', 'internal:8080')).toBe(true);
    expect(isOriginAllowed(list, 'http://board.example.org', 'internal:8080')).toBe(false);
    expect(isOriginAllowed(list, 'http://internal:8080', 'internal:8080')).toBe(false);
  });

  it('allows anything, opaque origins included, under *', () => {
    const any: OriginPolicy = { kind: 'any' };
    expect(isOriginAllowed(any, 'https://evil.example', 'board.example.org')).toBe(true);
    expect(isOriginAllowed(any, 'null', 'board.example.org')).toBe(true);
  });
});

describe('originCheck middleware', () => {
  function app(policy: OriginPolicy = sameHostOrigins) {
    const logger = createTestLogger();
    const hono = new Hono();
    hono.use(originCheck({ policy, logger }));
    hono.get('/sync/:room', (c) => c.text('upgrade decided'));
    hono.get('/page', (c) => c.text('page'));
    hono.post('/upload', (c) => c.text('stored', 201));
    hono.onError((error, c) =>
      error instanceof ApiError
        ? c.json({ error: { code: error.code, message: error.message } }, error.status)
        : c.text('unexpected', 500),
    );
    return { hono, logger };
  }
  const upgrade = { upgrade: 'websocket', connection: 'Upgrade' };
  const host = 'board.example.org';

  it('refuses an upgrade from a foreign origin with 403 JSON before the route runs', async () => {
    const { hono, logger } = app();
    const res = await hono.request('/sync/room-1', {
      headers: { ...upgrade, host, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('origin_not_allowed');
    expect(body.error.message).toContain('https://evil.example');
    expect(logger.entries.map((entry) => entry.fields.origin)).toEqual(['https://evil.example']);
  });

  it('lets an upgrade from the same host through', async () => {
    const res = await app().hono.request('/sync/room-1', {
      headers: { ...upgrade, host, origin: `https://${host}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('upgrade decided');
  });

  it('lets an upgrade without Origin through (non-browser clients such as y-websocket in Node)', async () => {
    const res = await app().hono.request('/sync/room-1', { headers: { ...upgrade, host } });
    expect(res.status).toBe(200);
  });

  it('refuses a POST from a foreign origin and allows one from the same host or without Origin', async () => {
    const { hono } = app();
    const post = (headers: Record<string, string>) =>
      hono.request('/upload', { method: 'POST', body: 'x', headers: { host, ...headers } });
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: `https://${host}` })).status).toBe(201);
    expect((await post({})).status).toBe(201);
  });

  it('leaves plain GETs alone whatever their Origin (reading is not what it guards)', async () => {
    const res = await app().hono.request('/page', {
      headers: { host, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
  });

  it('honours an ALLOWED_ORIGINS list instead of the Host', async () => {
    const { hono } = app(parseAllowedOrigins('https://board.example.org'));
    const request = (origin: string) =>
      hono.request('/sync/room-1', { headers: { ...upgrade, host: 'internal:8080', origin } });
    expect((await request('https://board.example.org')).status).toBe(200);
    expect((await request('http://internal:8080')).status).toBe(403);
  });
});
