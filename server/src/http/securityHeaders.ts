import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** What {@link securityHeaders} is configured with. */
export interface SecurityHeaderOptions {
  /** CSP `frame-ancestors` sources (`FRAME_ANCESTORS`, parsed by {@link parseFrameAncestors}). */
  readonly frameAncestors: readonly string[];
  /** `Strict-Transport-Security` max-age in seconds (`HSTS_MAX_AGE`); 0 sends no HSTS header. */
  readonly hstsMaxAgeSeconds: number;
}

/** No framing anywhere, no HSTS (the server may well be reached over plain HTTP on a LAN). */
export const defaultSecurityHeaderOptions: SecurityHeaderOptions = {
  frameAncestors: ["'none'"],
  hstsMaxAgeSeconds: 0,
};

const keywords = new Set(['none', 'self']);
const schemeSource = /^[a-z][a-z0-9+.-]*:$/i;
const hostSource =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?$/i;

/**
 * Parses `FRAME_ANCESTORS`: CSP sources separated by spaces or commas, such
 * as `'none'`, `'self'`, `https://intranet.example.org` or `https:`; the
 * keywords may be written without quotes. Throws an `Error` naming the first
 * entry that is not a source (nothing that could end the directive passes).
 */
export function parseFrameAncestors(value: string): string[] {
  const sources = value
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const keyword = entry.replace(/^'(.*)'$/, '$1').toLowerCase();
      if (keywords.has(keyword)) return `'${keyword}'`;
      if (entry === '*' || schemeSource.test(entry) || hostSource.test(entry)) return entry;
      throw new Error(
        `"${entry}" is not a frame-ancestors source ('none', 'self', https://host[:port], https:)`,
      );
    });
  if (sources.length === 0) throw new Error("no sources; use 'none' to forbid framing");
  if (sources.includes("'none'") && sources.length > 1) {
    throw new Error("'none' cannot be combined with other sources");
  }
  return sources;
}

/**
 * `X-Frame-Options` for browsers that predate `frame-ancestors`: it can only
 * say DENY or SAMEORIGIN, so an allow-list of other sites sends none (every
 * current browser obeys `frame-ancestors` and ignores it then anyway).
 */
function frameOptionsFor(frameAncestors: readonly string[]): string | false {
  if (frameAncestors.length !== 1) return false;
  if (frameAncestors[0] === "'none'") return 'DENY';
  if (frameAncestors[0] === "'self'") return 'SAMEORIGIN';
  return false;
}

/**
 * The Content-Security-Policy the board works under, as directive → sources.
 * Checked in Chromium by tests/e2e/contentSecurityPolicy.test.ts.
 */
export function contentSecurityPolicy(frameAncestors: readonly string[]) {
  return {
    defaultSrc: ["'self'"],
    // Vite emits module scripts only; no inline script, no eval.
    scriptSrc: ["'self'"],
    // tldraw positions and styles shapes with inline `style` attributes.
    styleSrc: ["'self'", "'unsafe-inline'"],
    // Pasted images start as data:/blob: URLs; bookmark cards show pictures from other sites.
    imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
    mediaSrc: ["'self'", 'data:', 'blob:', 'https:'],
    fontSrc: ["'self'", 'data:'],
    // 'self' covers ws:/wss: to this host (CSP 3; Chromium ≥ 71, Firefox, Safari ≥ 16).
    // tldraw's export reads data:/blob: URLs with fetch; those never leave the browser.
    connectSrc: ["'self'", 'data:', 'blob:'],
    // tldraw's embed shapes frame players and documents from many sites (YouTube,
    // Vimeo, Google Maps on any google.* domain, Figma, …), some unlistable; the
    // frames are cross-origin and sandboxed by tldraw.
    frameSrc: ['https:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: [...frameAncestors],
  };
}

/**
 * Sets security headers on every response: the CSP above, `nosniff`,
 * `Referrer-Policy: strict-origin-when-cross-origin` (YouTube's embedded
 * player refuses to play without a referrer, so not `no-referrer`),
 * `X-Frame-Options` matching `frame-ancestors`, COOP/CORP `same-origin`,
 * and HSTS when configured. A header a route set itself is kept: uploads
 * answer with their own stricter sandbox CSP.
 */
export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(options.frameAncestors),
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: frameOptionsFor(options.frameAncestors),
    strictTransportSecurity:
      options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}` : false,
    overwrite: false,
  });
}
