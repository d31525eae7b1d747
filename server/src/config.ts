import { defaultLimits, defaultUploadLimits } from '@kohtaamo/shared';
import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Server configuration, read once from the environment by `loadConfig` and
 * passed down. Names are the environment variable names.
 */
export const configSchema = z.object({
  PORT: integer(0, 65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Directory of the built client; empty disables static serving. */
  CLIENT_DIR: z.string().default(''),
  MAX_MESSAGE_BYTES: integer(1024, 256 * 1024 * 1024).default(defaultLimits.maxMessageBytes),
  MAX_DOCUMENT_BYTES: integer(1024, 4 * 1024 * 1024 * 1024).default(defaultLimits.maxDocumentBytes),
  /** A socket with more than this many bytes waiting to be sent is closed as too slow. */
  MAX_BUFFERED_BYTES: integer(64 * 1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  KEEPALIVE_INTERVAL_MS: integer(100, 3_600_000).default(defaultLimits.keepAliveIntervalMs),
  ROOM_IDLE_MS: integer(0, 60_000).default(defaultLimits.roomIdleMs),
  COMPACT_AFTER_UPDATES: integer(1, 1_000_000).default(defaultLimits.compactAfterUpdates),
  COMPACT_AFTER_BYTES: integer(1024, 1024 * 1024 * 1024).default(defaultLimits.compactAfterBytes),
  /** Largest accepted image upload (PNG, JPEG, WebP, GIF). */
  MAX_IMAGE_UPLOAD_BYTES: integer(1024, 256 * 1024 * 1024).default(
    defaultUploadLimits.maxImageBytes,
  ),
  /** Largest accepted video upload (MP4, WebM). */
  MAX_VIDEO_UPLOAD_BYTES: integer(1024, 2 * 1024 * 1024 * 1024).default(
    defaultUploadLimits.maxVideoBytes,
  ),
});

/** Validated server configuration. */
export type Config = z.infer<typeof configSchema>;

/** Thrown by {@link loadConfig}; its message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses configuration from an environment-like record. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(known);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'config');
    return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
