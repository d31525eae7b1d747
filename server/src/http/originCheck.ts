import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { ApiError } from './ApiError.js';

/**
 * Which browser origins may open a board's WebSocket or send a
 * state-changing request (`ALLOWED_ORIGINS`): the page's own host, any
 * origin, or exactly the listed ones.
 */
export type OriginPolicy =
  | { readonly kind: 'sameHost' }
  | { readonly kind: 'any' }
  | { readonly kind: 'list'; readonly origins: ReadonlySet<string> };

/** The default: only pages served from the host the request was sent to. */
export const sameHostOrigins: OriginPolicy = { kind: 'sameHost' };

/**
 * Parses `ALLOWED_ORIGINS`: empty for {@link sameHostOrigins}, `*` for any
 * origin, or comma-separated origins (`scheme://host[:port]`, nothing after
 * it). Throws an `Error` naming the first value that is not an origin.
 */
export function parseAllowedOrigins(value: string): OriginPolicy {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return sameHostOrigins;
  if (entries.includes('*')) {
    if (entries.length > 1) throw new Error('`*` allows every origin and cannot be combined');
    return { kind: 'any' };
  }
  return { kind: 'list', origins: new Set(entries.map(toOrigin)) };
}

function toOrigin(entry: string): string {
  const problem = `"${entry}" is not an origin (scheme://host[:port], e.g. https://board.example.org)`;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(problem);
  }
  // Only a bare origin prints as `origin/`: a path, query, fragment or user name is a mistake.
  const bare = `${url.origin}/` === url.href;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) throw new Error(problem);
  return url.origin;
}

/** The origins a page served from `host` can have (Host carries no scheme, so both). */
function sameHostCandidates(host: string): string[] {
  const candidates: string[] = [];
  for (const scheme of ['http', 'https']) {
    try {
      candidates.push(new URL(`${scheme}://${host}`).origin);
    } catch {
      // A malformed Host matches nothing.
    }
  }
  return candidates;
}

function normalizeOrigin(origin: string): string | undefined {
  if (origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request carrying `Origin: origin`, sent to `host` (its Host
 * header), may proceed under `policy`. An opaque origin (`null`, from
 * sandboxed frames and local files) is allowed only by `*`.
 */
export function isOriginAllowed(
  policy: OriginPolicy,
  origin: string,
  host: string | undefined,
): boolean {
  if (policy.kind === 'any') return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  if (policy.kind === 'list') return policy.origins.has(normalized);
  return host !== undefined && sameHostCandidates(host).includes(normalized);
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What {@link originCheck} needs. */
export interface OriginCheckOptions {
  readonly policy: OriginPolicy;
  readonly logger: Logger;
}

/**
 * Refuses, with 403 `origin_not_allowed`, a WebSocket upgrade or a
 * state-changing request (any method but GET, HEAD, OPTIONS) whose `Origin`
 * the policy does not allow, before any route sees it. This is what stops a
 * page on another site from opening a board in a visitor's browser and
 * writing to it (cross-site WebSocket hijacking, cross-site uploads):
 * browsers always send `Origin` on upgrades and POSTs, and a page cannot
 * forge it.
 *
 * A request without `Origin` is let through: it does not come from a web
 * page (the stock y-websocket provider in Node, the bench, curl), and such a
 * client could send any `Origin` it liked, so checking it would protect
 * nothing and only break them.
 */
export function originCheck(options: OriginCheckOptions): MiddlewareHandler {
  const { policy, logger } = options;
  return async (c, next) => {
    const isUpgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
    if (!isUpgrade && safeMethods.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    // Host, not the request URL: behind the upgrade adapter the URL's host is a placeholder.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (isOriginAllowed(policy, origin, host)) return next();
    logger.info(
      { origin, host, method: c.req.method, path: c.req.path },
      'refused a request from a disallowed origin',
    );
    throw new ApiError(
      403,
      'origin_not_allowed',
      `requests from origin ${origin} are not allowed (see ALLOWED_ORIGINS)`,
    );
  };
}
