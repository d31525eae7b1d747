import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConnectionCaps, defaultLimits, defaultRateLimits } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from './config.js';

const repoRootDir = fileURLToPath(new URL('../../', import.meta.url));

describe('loadConfig', () => {
  it('applies defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATA_DIR).toBe('./data');
    expect(config.ROOM_IDLE_MS).toBeLessThanOrEqual(60_000);
    expect(config.MAX_BUFFERED_BYTES).toBe(16 * 1024 * 1024);
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '0', HOST: '', MAX_MESSAGE_BYTES: '4096' });
    expect(config.PORT).toBe(0);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.MAX_MESSAGE_BYTES).toBe(4096);
  });

  it('names the offending variable and value in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(
      /PORT="70000".*LOG_LEVEL="loud"/,
    );
  });

  it('defaults upload limits to 10 MiB for images and 50 MiB for videos', () => {
    const config = loadConfig({});
    expect(config.MAX_IMAGE_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
    expect(config.MAX_VIDEO_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
  });

  it('reads upload limits and refuses ones out of range', () => {
    const config = loadConfig({
      MAX_IMAGE_UPLOAD_BYTES: '2048',
      MAX_VIDEO_UPLOAD_BYTES: '1048576',
    });
    expect(config.MAX_IMAGE_UPLOAD_BYTES).toBe(2048);
    expect(config.MAX_VIDEO_UPLOAD_BYTES).toBe(1_048_576);
    expect(() => loadConfig({ MAX_IMAGE_UPLOAD_BYTES: '100' })).toThrow(/MAX_IMAGE_UPLOAD_BYTES/);
    expect(() => loadConfig({ MAX_IMAGE_UPLOAD_BYTES: String(257 * 1024 * 1024) })).toThrow(
      /MAX_IMAGE_UPLOAD_BYTES/,
    );
    expect(() => loadConfig({ MAX_VIDEO_UPLOAD_BYTES: '1.5e9x' })).toThrow(
      /MAX_VIDEO_UPLOAD_BYTES/,
    );
    expect(() => loadConfig({ MAX_VIDEO_UPLOAD_BYTES: String(3 * 1024 * 1024 * 1024) })).toThrow(
      /MAX_VIDEO_UPLOAD_BYTES/,
    );
  });

  it('refuses an idle timeout above the 60 s unload promise', () => {
    expect(() => loadConfig({ ROOM_IDLE_MS: '61000' })).toThrow(/ROOM_IDLE_MS/);
  });

  it('defaults to same-host origins, no framing and no HSTS', () => {
    const config = loadConfig({});
    expect(config.ALLOWED_ORIGINS).toEqual({ kind: 'sameHost' });
    expect(config.FRAME_ANCESTORS).toEqual(["'none'"]);
    expect(config.HSTS_MAX_AGE).toBe(0);
  });

  it('reads ALLOWED_ORIGINS, FRAME_ANCESTORS and HSTS_MAX_AGE', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: 'https://board.example.org, http://localhost:5173',
      FRAME_ANCESTORS: "'self' https://intranet.example.org",
      HSTS_MAX_AGE: '31536000',
    });
    expect(config.ALLOWED_ORIGINS).toEqual({
      kind: 'list',
      origins: new Set(['https://board.example.org', 'http://localhost:5173']),
    });
    expect(config.FRAME_ANCESTORS).toEqual(["'self'", 'https://intranet.example.org']);
    expect(config.HSTS_MAX_AGE).toBe(31_536_000);
    expect(loadConfig({ ALLOWED_ORIGINS: '*' }).ALLOWED_ORIGINS).toEqual({ kind: 'any' });
  });

  it('names a bad ALLOWED_ORIGINS, FRAME_ANCESTORS or HSTS_MAX_AGE in one line', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('loadConfig accepted a bad value');
    };
    expect(message({ ALLOWED_ORIGINS: 'board.example.org' })).toMatch(
      /^invalid configuration: ALLOWED_ORIGINS="board.example.org": "board.example.org" is not an origin[^\n]*$/,
    );
    expect(message({ FRAME_ANCESTORS: "'self'; script-src *" })).toMatch(
      /^invalid configuration: FRAME_ANCESTORS=.*is not a frame-ancestors source[^\n]*$/,
    );
    expect(message({ HSTS_MAX_AGE: '-1' })).toMatch(/HSTS_MAX_AGE="-1"/);
    expect(message({ HSTS_MAX_AGE: '1y' })).toMatch(/HSTS_MAX_AGE="1y"/);
  });
});

describe('loadConfig: rate limits and connection caps', () => {
  it('defaults to the shared limits, with no proxy trusted', () => {
    const config = loadConfig({});
    expect(config.RATE_LIMIT_UPDATES_PER_SECOND).toBe(defaultRateLimits.updatesPerSecond);
    expect(config.RATE_LIMIT_UPDATES_BURST).toBe(defaultRateLimits.updatesBurst);
    expect(config.RATE_LIMIT_AWARENESS_PER_SECOND).toBe(defaultRateLimits.awarenessPerSecond);
    expect(config.RATE_LIMIT_AWARENESS_BURST).toBe(defaultRateLimits.awarenessBurst);
    expect(config.RATE_LIMIT_BYTES_PER_SECOND).toBe(defaultRateLimits.bytesPerSecond);
    expect(config.RATE_LIMIT_BYTES_BURST).toBe(defaultRateLimits.bytesBurst);
    expect(config.MAX_CONNECTIONS_PER_IP).toBe(defaultConnectionCaps.maxPerAddress);
    expect(config.MAX_CONNECTIONS_PER_ROOM).toBe(defaultConnectionCaps.maxPerRoom);
    expect(config.TRUST_PROXY).toBe(0);
  });

  it('keeps the defaults above what the client sends and the byte burst above one maximum message', () => {
    // The client coalesces document changes every 50 ms and throttles presence to 30 fps.
    expect(defaultRateLimits.updatesPerSecond).toBeGreaterThanOrEqual(2 * 20);
    expect(defaultRateLimits.awarenessPerSecond).toBeGreaterThanOrEqual(2 * 30);
    expect(defaultRateLimits.bytesBurst).toBeGreaterThanOrEqual(4 * defaultLimits.maxMessageBytes);
  });

  it('reads every limit and TRUST_PROXY as false, true or a proxy count', () => {
    const config = loadConfig({
      RATE_LIMIT_UPDATES_PER_SECOND: '5',
      RATE_LIMIT_UPDATES_BURST: '10',
      RATE_LIMIT_AWARENESS_PER_SECOND: '6',
      RATE_LIMIT_AWARENESS_BURST: '12',
      RATE_LIMIT_BYTES_PER_SECOND: '2048',
      RATE_LIMIT_BYTES_BURST: '4096',
      MAX_CONNECTIONS_PER_IP: '7',
      MAX_CONNECTIONS_PER_ROOM: '8',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      RATE_LIMIT_UPDATES_PER_SECOND: 5,
      RATE_LIMIT_UPDATES_BURST: 10,
      RATE_LIMIT_AWARENESS_PER_SECOND: 6,
      RATE_LIMIT_AWARENESS_BURST: 12,
      RATE_LIMIT_BYTES_PER_SECOND: 2048,
      RATE_LIMIT_BYTES_BURST: 4096,
      MAX_CONNECTIONS_PER_IP: 7,
      MAX_CONNECTIONS_PER_ROOM: 8,
      TRUST_PROXY: 1,
    });
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it('refuses limits that would admit nothing and names a bad TRUST_PROXY', () => {
    expect(() => loadConfig({ RATE_LIMIT_UPDATES_PER_SECOND: '0' })).toThrow(
      /RATE_LIMIT_UPDATES_PER_SECOND="0"/,
    );
    expect(() => loadConfig({ RATE_LIMIT_AWARENESS_BURST: '1.5' })).toThrow(
      /RATE_LIMIT_AWARENESS_BURST/,
    );
    expect(() => loadConfig({ RATE_LIMIT_BYTES_BURST: '100' })).toThrow(/RATE_LIMIT_BYTES_BURST/);
    expect(() => loadConfig({ MAX_CONNECTIONS_PER_IP: '0' })).toThrow(/MAX_CONNECTIONS_PER_IP/);
    expect(() => loadConfig({ MAX_CONNECTIONS_PER_ROOM: 'many' })).toThrow(
      /MAX_CONNECTIONS_PER_ROOM/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(
      /TRUST_PROXY="yes": expected false, true or a number/,
    );
  });

  it('reads TOKEN_SECRET and REQUIRE_ROOM_TOKENS, refusing a short secret', () => {
    const defaults = loadConfig({});
    expect(defaults.TOKEN_SECRET).toBe('');
    expect(defaults.REQUIRE_ROOM_TOKENS).toBe(true);
    const set = loadConfig({ TOKEN_SECRET: 'x'.repeat(32), REQUIRE_ROOM_TOKENS: 'false' });
    expect(set.TOKEN_SECRET).toBe('x'.repeat(32));
    expect(set.REQUIRE_ROOM_TOKENS).toBe(false);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET.*32 bytes/);
    expect(() => loadConfig({ REQUIRE_ROOM_TOKENS: 'yes' })).toThrow(/REQUIRE_ROOM_TOKENS/);
  });
});

describe('ROOM_CREATION_PER_HOUR', () => {
  it('defaults to 30, takes 0 for unlimited and refuses negatives and fractions', () => {
    expect(loadConfig({}).ROOM_CREATION_PER_HOUR).toBe(30);
    expect(loadConfig({ ROOM_CREATION_PER_HOUR: '0' }).ROOM_CREATION_PER_HOUR).toBe(0);
    expect(loadConfig({ ROOM_CREATION_PER_HOUR: '5' }).ROOM_CREATION_PER_HOUR).toBe(5);
    expect(() => loadConfig({ ROOM_CREATION_PER_HOUR: '-1' })).toThrow(/ROOM_CREATION_PER_HOUR/);
    expect(() => loadConfig({ ROOM_CREATION_PER_HOUR: '2.5' })).toThrow(/ROOM_CREATION_PER_HOUR/);
  });
});

describe('the README configuration table', () => {
  it('documents every variable loadConfig reads, and no other', () => {
    const readme = readFileSync(join(repoRootDir, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});

describe('STORAGE', () => {
  it('defaults to SQLite and needs DATABASE_URL for PostgreSQL', () => {
    expect(loadConfig({}).STORAGE).toBe('sqlite');
    expect(() => loadConfig({ STORAGE: 'postgres' })).toThrow(/DATABASE_URL.*needs DATABASE_URL/);
    expect(
      loadConfig({ STORAGE: 'postgres', DATABASE_URL: 'postgres://db/kohtaamo' }).DATABASE_URL,
    ).toBe('postgres://db/kohtaamo');
    expect(() => loadConfig({ STORAGE: 'mysql' })).toThrow(/STORAGE/);
  });
});

describe('BENCHMARK_SKIP_APPEND', () => {
  it('is off unless set to true, and refuses anything else', () => {
    expect(loadConfig({}).BENCHMARK_SKIP_APPEND).toBe(false);
    expect(loadConfig({ BENCHMARK_SKIP_APPEND: 'true' }).BENCHMARK_SKIP_APPEND).toBe(true);
    expect(() => loadConfig({ BENCHMARK_SKIP_APPEND: 'yes' })).toThrow(/BENCHMARK_SKIP_APPEND/);
  });
});
