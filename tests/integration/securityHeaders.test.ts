import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../helpers/server.js';
import { connectSynced, uniqueRoomId, withTimeout } from '../helpers/yjsClients.js';

/** A 1×1 PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const foreignOrigin = 'https://evil.example';

/** How an upgrade attempt ended: open (then closed by us) or refused with an HTTP response. */
type UpgradeOutcome =
  | { readonly kind: 'open' }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly headers: Record<string, string | string[] | undefined>;
      readonly body: string;
    };

/** Attempts a WebSocket upgrade the way a browser page on `origin` would (no Origin: a non-browser client). */
function tryUpgrade(url: string, origin?: string): Promise<UpgradeOutcome> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  ws.on('error', () => {});
  return withTimeout(
    new Promise<UpgradeOutcome>((resolve, reject) => {
      ws.once('open', () => {
        ws.terminate();
        resolve({ kind: 'open' });
      });
      ws.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            kind: 'refused',
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          ws.terminate();
        });
      });
      ws.once('close', () => reject(new Error(`socket to ${url} closed without an answer`)));
    }),
    10_000,
    `no answer to the upgrade of ${url}`,
  );
}

/** Directive name → sources of a CSP header. */
function directives(csp: string | null): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name, sources);
  }
  return parsed;
}

function expectBoardHeaders(response: Response): void {
  const csp = directives(response.headers.get('content-security-policy'));
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

async function upload(server: RunningServer, roomId: string, origin?: string): Promise<Response> {
  return fetch(`${server.url}/api/rooms/${roomId}/uploads`, {
    method: 'POST',
    body: png,
    headers: origin === undefined ? {} : { origin },
  });
}

describe('security headers and the Origin check, with default configuration', () => {
  let server: RunningServer;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'kohtaamo-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>board</title>');
    server = await startServer({ env: { CLIENT_DIR: clientDir } });
  });
  afterAll(async () => {
    await server?.stop();
    if (clientDir) await rm(clientDir, { recursive: true, force: true });
  });

  it('sends the headers with the client page, a client route, /health and a JSON API error', async () => {
    for (const path of ['/', '/b/some-room', '/health', '/api/rooms/no!/export']) {
      const response = await fetch(`${server.url}${path}`);
      expectBoardHeaders(response);
    }
    const apiError = await fetch(`${server.url}/api/rooms/no!/export`);
    expect(apiError.status).toBe(400);
    expect(((await apiError.json()) as { error: { code: string } }).error.code).toBeTypeOf(
      'string',
    );
  });

  it('keeps the sandbox CSP on an uploaded file', async () => {
    const roomId = uniqueRoomId('headers');
    const created = await upload(server, roomId);
    expect(created.status).toBe(201);
    expectBoardHeaders(created);
    const { url } = (await created.json()) as { url: string };
    const served = await fetch(`${server.url}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses an upgrade from a foreign page with 403 JSON, before any upgrade', async () => {
    const outcome = await tryUpgrade(`${server.wsUrl}/${uniqueRoomId('foreign')}`, foreignOrigin);
    if (outcome.kind !== 'refused') throw new Error('the upgrade from a foreign origin succeeded');
    expect(outcome.status).toBe(403);
    expect(String(outcome.headers['content-type'])).toMatch(/application\/json/);
    const body = JSON.parse(outcome.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('origin_not_allowed');
    expect(body.error.message).toContain(foreignOrigin);
  });

  it('upgrades a page served from the same host', async () => {
    const outcome = await tryUpgrade(
      `${server.wsUrl}/${uniqueRoomId('same')}`,
      `http://127.0.0.1:${server.port}`,
    );
    expect(outcome).toEqual({ kind: 'open' });
  });

  it('syncs the stock y-websocket provider, which sends no Origin', async () => {
    const client = await connectSynced(server.wsUrl, uniqueRoomId('provider'));
    try {
      expect(client.provider.synced).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('refuses an upload posted by a foreign page and stores one from the same host', async () => {
    const roomId = uniqueRoomId('post');
    const refused = await upload(server, roomId, foreignOrigin);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'origin_not_allowed',
    );
    const stored = await upload(server, roomId, `http://127.0.0.1:${server.port}`);
    expect(stored.status).toBe(201);
  });
});

describe('security headers and the Origin check, configured', () => {
  const allowed = 'https://board.example.org';
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      env: { ALLOWED_ORIGINS: allowed, FRAME_ANCESTORS: "'self'", HSTS_MAX_AGE: '600' },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('upgrades only pages from ALLOWED_ORIGINS, not even its own host', async () => {
    const url = `${server.wsUrl}/${uniqueRoomId('listed')}`;
    expect(await tryUpgrade(url, allowed)).toEqual({ kind: 'open' });
    const ownHost = await tryUpgrade(url, `http://127.0.0.1:${server.port}`);
    expect(ownHost.kind === 'refused' && ownHost.status).toBe(403);
    expect(await tryUpgrade(url)).toEqual({ kind: 'open' });
  });

  it('sends frame-ancestors, X-Frame-Options and HSTS as configured', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(
      directives(response.headers.get('content-security-policy')).get('frame-ancestors'),
    ).toEqual(["'self'"]);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=600');
  });

  it('refuses a bad ALLOWED_ORIGINS at start-up, naming it', async () => {
    await expect(startServer({ env: { ALLOWED_ORIGINS: 'board.example.org' } })).rejects.toThrow(
      /exited before listening[\s\S]*ALLOWED_ORIGINS="board.example.org"/,
    );
  });
});
