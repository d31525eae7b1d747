import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultUploadLimits } from '@kohtaamo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps, createApp } from './app.js';
import { createTestLogger } from './testing/testLogger.js';
import { MemoryUploadStore } from './uploads/MemoryUploadStore.js';

function deps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    store: { ping: async () => {} },
    rooms: { healthy: true, roomCount: 2, connectionCount: 5 },
    documents: { readDocument: async () => [] },
    uploads: new MemoryUploadStore(),
    uploadLimits: defaultUploadLimits,
    logger: createTestLogger(),
    ...overrides,
  };
}

async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { error: { code: string } };
  return body.error.code;
}

const upgradeHeaders = { upgrade: 'websocket', connection: 'Upgrade' };

describe('probes', () => {
  it('GET /health answers ok', async () => {
    const res = await createApp(deps()).request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 with counts when storage and rooms are fine', async () => {
    const res = await createApp(deps()).request('/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', rooms: 2, connections: 5 });
  });

  it('GET /ready answers 503 JSON when the storage ping fails', async () => {
    const app = createApp(
      deps({
        store: {
          ping: async () => {
            throw new Error('database is locked');
          },
        },
      }),
    );
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'storage_unavailable', message: expect.any(String) },
    });
  });

  it('GET /ready answers 503 while a room has unsaved changes', async () => {
    const app = createApp(deps({ rooms: { healthy: false, roomCount: 1, connectionCount: 1 } }));
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe('unsaved_changes');
  });
});

describe('/sync/:roomId upgrade decision', () => {
  it('refuses a bad room id with 400 JSON before any upgrade', async () => {
    let accepted: string | undefined;
    const res = await createApp(deps()).request(
      '/sync/no!',
      { headers: upgradeHeaders },
      {
        syncUpgrade: {
          accept: (id) => {
            accepted = id;
          },
        },
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await errorCode(res)).toBe('invalid_room_id');
    expect(accepted).toBeUndefined();
  });

  it('accepts a valid room id when the upgrade adapter asks', async () => {
    let accepted: string | undefined;
    const res = await createApp(deps()).request(
      '/sync/board_1-a',
      { headers: upgradeHeaders },
      {
        syncUpgrade: {
          accept: (id) => {
            accepted = id;
          },
        },
      },
    );
    expect(res.status).toBe(204);
    expect(accepted).toBe('board_1-a');
  });

  it('answers a plain GET with 426 upgrade_required', async () => {
    const res = await createApp(deps()).request('/sync/board-1');
    expect(res.status).toBe(426);
    expect(await errorCode(res)).toBe('upgrade_required');
  });
});

describe('errors', () => {
  it('answers unknown API paths with 404 JSON', async () => {
    const res = await createApp(deps()).request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/api/nothing-here') },
    });
  });

  it('turns an unexpected exception into a 500 JSON body without leaking it', async () => {
    const logger = createTestLogger();
    const app = createApp(
      deps({
        logger,
        store: {
          ping: async () => {},
        },
        rooms: {
          get healthy(): boolean {
            throw new Error('secret internals');
          },
          roomCount: 0,
          connectionCount: 0,
        },
      }),
    );
    const res = await app.request('/ready');
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(logger.entries.some((e) => e.level === 'error')).toBe(true);
  });
});

describe('client serving', () => {
  let clientDir: string;
  beforeAll(() => {
    clientDir = mkdtempSync(join(tmpdir(), 'kohtaamo-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Kohtaamo</title>');
    writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(clientDir, 'favicon.svg'), '<svg/>');
  });
  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

  it('serves index.html at / without long caching', async () => {
    const res = await createApp(deps({ clientDir })).request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('Kohtaamo');
  });

  it('serves hashed assets as immutable with the right content type', async () => {
    const res = await createApp(deps({ clientDir })).request('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves other files with revalidation', async () => {
    const res = await createApp(deps({ clientDir })).request('/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for client routes such as /b/<roomId>', async () => {
    const res = await createApp(deps({ clientDir })).request('/b/abc-123');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Kohtaamo');
  });

  it('answers a missing file with 404, not the app', async () => {
    const res = await createApp(deps({ clientDir })).request('/assets/missing-123.js');
    expect(res.status).toBe(404);
  });

  it('never answers API paths with the app', async () => {
    const res = await createApp(deps({ clientDir })).request('/api/rooms');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
  });

  it('does not serve files outside the client directory', async () => {
    const res = await createApp(deps({ clientDir })).request('/..%2f..%2fetc%2fpasswd');
    expect(res.status).not.toBe(200);
  });
});
