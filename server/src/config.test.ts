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

  it('refuses an idle timeout above the 60 s unload promise', () => {
    expect(() => loadConfig({ ROOM_IDLE_MS: '61000' })).toThrow(/ROOM_IDLE_MS/);
  });
});
