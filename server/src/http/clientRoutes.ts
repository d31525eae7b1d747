import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

/** Vite writes content-hashed files here; they never change under one name. */
const hashedAssetPrefix = '/assets/';
const immutable = 'public, max-age=31536000, immutable';
/** Paths owned by the server, never answered with the client app. */
const serverPaths = ['/api/', '/sync/', '/sync', '/health', '/ready'];

function isServerPath(path: string): boolean {
  return serverPaths.some(
    (prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
  );
}

// serveStatic's onFound runs after the response exists, so headers go on the returned response.
function withHeaders<T>(response: T, cacheControl: string): T {
  if (response instanceof Response) {
    response.headers.set('Cache-Control', cacheControl);
    response.headers.set('X-Content-Type-Options', 'nosniff');
  }
  return response;
}

/** Serves files of the built client from `clientDir` (an absolute path). */
export function clientFiles(clientDir: string): MiddlewareHandler {
  const files = serveStatic({ root: clientDir });
  return async (c, next) => {
    const path = c.req.path;
    if (isServerPath(path)) return next();
    const cacheControl = path.startsWith(hashedAssetPrefix) ? immutable : 'no-cache';
    return withHeaders(await files(c, next), cacheControl);
  };
}

/**
 * Answers client-side routes (such as `/b/<roomId>`) with `index.html` so a
 * reload or shared link opens the app. Paths that look like files (a dot in
 * the last segment) and server paths fall through to the 404 handler.
 */
export function clientFallback(clientDir: string): MiddlewareHandler {
  const index = serveStatic({ root: clientDir, path: 'index.html' });
  return async (c, next) => {
    const path = c.req.path;
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if (isServerPath(path) || lastSegment.includes('.')) return next();
    return withHeaders(await index(c, next), 'no-cache');
  };
}
