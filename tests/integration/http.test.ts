import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roomIdMaxLength } from '@kohtaamo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server.js';
import { connectRaw, expectUpgradeRefused, withTimeout } from '../helpers/yjsClients.js';

const indexMarker = 'kohtaamo-test-index-marker';

describe('HTTP routes', () => {
  let server: RunningServer;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'kohtaamo-client-'));
    await writeFile(
      join(clientDir, 'index.html'),
      `<!doctype html><html><head><title>${indexMarker}</title></head><body></body></html>`,
    );
    await mkdir(join(clientDir, 'assets'));
    await writeFile(join(clientDir, 'assets', 'app.js'), 'export const loaded = true;\n');
    server = await startServer({ env: { CLIENT_DIR: clientDir } });
  });
  afterAll(async () => {
    await server?.stop();
    if (clientDir) await rm(clientDir, { recursive: true, force: true });
  });

  it('GET /health answers 200', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
  });

  it('GET /ready answers 200 once storage is reachable', async () => {
    const response = await fetch(`${server.url}/ready`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type') ?? '').toMatch(/application\/json/);
  });

  it('serves index.html at /', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type') ?? '').toMatch(/text\/html/);
    expect(await response.text()).toContain(indexMarker);
  });

  it('falls back to index.html for client routes (/b/<room>)', async () => {
    const response = await fetch(`${server.url}/b/whatever-room`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type') ?? '').toMatch(/text\/html/);
    expect(await response.text()).toContain(indexMarker);
  });

  it('serves static files from CLIENT_DIR', async () => {
    const response = await fetch(`${server.url}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('export const loaded = true;');
  });

  it.each([
    ['a space (percent-encoded)', '/sync/has%20space'],
    ['an id that is too long', `/sync/${'a'.repeat(roomIdMaxLength + 1)}`],
    ['an id that is too short', '/sync/ab'],
    ['a dot', '/sync/a.b.c'],
  ])('refuses an upgrade for a room id with %s with HTTP 400 and a JSON body', async (_, path) => {
    const refusal = await expectUpgradeRefused(`ws://127.0.0.1:${server.port}${path}`);
    expect(refusal.status).toBe(400);
    expect(refusal.contentType).toMatch(/application\/json/);
    expect(() => JSON.parse(refusal.body)).not.toThrow();
  });

  it('accepts the longest valid room id', async () => {
    const client = connectRaw(`${server.wsUrl}/${'a'.repeat(roomIdMaxLength)}`);
    try {
      await withTimeout(client.opened, 10_000, 'upgrade did not succeed');
      await withTimeout(client.synced, 10_000, 'no sync step 2');
      expect(client.isOpen()).toBe(true);
    } finally {
      client.terminate();
    }
  });

  it('refuses an upgrade on an unknown path with HTTP 404', async () => {
    const refusal = await expectUpgradeRefused(`ws://127.0.0.1:${server.port}/not-sync/room-1`);
    expect(refusal.status).toBe(404);
  });

  it('answers a plain GET on the sync path without upgrading', async () => {
    const response = await fetch(`${server.url}/sync/some-room`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
