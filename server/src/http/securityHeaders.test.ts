import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  defaultSecurityHeaderOptions,
  parseFrameAncestors,
  type SecurityHeaderOptions,
  securityHeaders,
} from './securityHeaders.js';

describe('parseFrameAncestors', () => {
  it('quotes keywords and keeps origins and schemes', () => {
    expect(parseFrameAncestors("'none'")).toEqual(["'none'"]);
    expect(parseFrameAncestors('none')).toEqual(["'none'"]);
    expect(
      parseFrameAncestors('self, https://intranet.example.org  https://*.example.com:8443'),
    ).toEqual(["'self'", 'https://intranet.example.org', 'https://*.example.com:8443']);
    expect(parseFrameAncestors('https:')).toEqual(['https:']);
  });

  it.each([
    ['a source that would end the directive', "'self'; script-src *"],
    ['a quoted source that is no keyword', "'unsafe-inline'"],
    ['a path', 'https://intranet.example.org/app'],
  ])('refuses %s', (_, value) => {
    expect(() => parseFrameAncestors(value)).toThrow(/is not a frame-ancestors source/);
  });

  it("refuses 'none' with other sources and an empty list", () => {
    expect(() => parseFrameAncestors("'none' 'self'")).toThrow(/cannot be combined/);
    expect(() => parseFrameAncestors(' ')).toThrow(/no sources/);
  });
});

/** Directive name → sources of a CSP header. */
function directives(csp: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name, sources);
  }
  return parsed;
}

function app(options: SecurityHeaderOptions = defaultSecurityHeaderOptions) {
  const hono = new Hono();
  hono.use(securityHeaders(options));
  hono.get('/', (c) => c.html('<!doctype html><title>board</title>'));
  hono.get('/file', (c) =>
    c.body('bytes', 200, { 'Content-Security-Policy': "default-src 'none'; sandbox" }),
  );
  hono.get('/broken', () => {
    throw new Error('boom');
  });
  hono.onError((_, c) => c.json({ error: { code: 'internal_error', message: 'x' } }, 500));
  return hono;
}

describe('securityHeaders', () => {
  it('sends a CSP the board works under, and the fixed headers', async () => {
    const res = await app().request('/');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')?.[0]).toBe("'self'");
    expect(csp.get('frame-src')).toEqual(['https:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('puts the headers on error responses too', async () => {
    const res = await app().request('/broken');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps a CSP the route set itself (uploads’ sandbox)', async () => {
    const res = await app().request('/file');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('matches X-Frame-Options to frame-ancestors, and sends none for an allow-list', async () => {
    const frameOptions = async (value: string) => {
      const res = await app({
        frameAncestors: parseFrameAncestors(value),
        hstsMaxAgeSeconds: 0,
      }).request('/');
      return {
        ancestors: directives(res.headers.get('content-security-policy')).get('frame-ancestors'),
        xfo: res.headers.get('x-frame-options'),
      };
    };
    expect(await frameOptions('self')).toEqual({ ancestors: ["'self'"], xfo: 'SAMEORIGIN' });
    expect(await frameOptions("'self' https://intranet.example.org")).toEqual({
      ancestors: ["'self'", 'https://intranet.example.org'],
      xfo: null,
    });
  });

  it('sends HSTS only when a max-age is configured', async () => {
    const res = await app({ frameAncestors: ["'none'"], hstsMaxAgeSeconds: 31_536_000 }).request(
      '/',
    );
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
