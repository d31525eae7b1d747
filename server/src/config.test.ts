import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
});
