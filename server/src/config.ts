import {
  defaultConnectionCaps,
  defaultLimits,
  defaultRateLimits,
  defaultUploadLimits,
} from '@kohtaamo/shared';
import { z } from 'zod';
import { parseAllowedOrigins } from './http/originCheck.js';
import { parseFrameAncestors } from './http/securityHeaders.js';
import { parseTrustedProxies } from './limits/clientAddress.js';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A string turned into `T` by `parse`, whose thrown message becomes the variable's error. */
const parsedString = <T>(parse: (value: string) => T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message, input: value });
        return z.NEVER;
      }
    });

/**
 * Server configuration, read once from the environment by `loadConfig` and
 * passed down. Names are the environment variable names.
 */
export const configSchema = z
  .object({
    PORT: integer(0, 65_535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    /** Directory of the built client; empty disables static serving. */
    CLIENT_DIR: z.string().default(''),
    MAX_MESSAGE_BYTES: integer(1024, 256 * 1024 * 1024).default(defaultLimits.maxMessageBytes),
    MAX_DOCUMENT_BYTES: integer(1024, 4 * 1024 * 1024 * 1024).default(
      defaultLimits.maxDocumentBytes,
    ),
    /** A socket with more than this many bytes waiting to be sent is closed as too slow. */
    MAX_BUFFERED_BYTES: integer(64 * 1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
    KEEPALIVE_INTERVAL_MS: integer(100, 3_600_000).default(defaultLimits.keepAliveIntervalMs),
    ROOM_IDLE_MS: integer(0, 60_000).default(defaultLimits.roomIdleMs),
    COMPACT_AFTER_UPDATES: integer(1, 1_000_000).default(defaultLimits.compactAfterUpdates),
    COMPACT_AFTER_BYTES: integer(1024, 1024 * 1024 * 1024).default(defaultLimits.compactAfterBytes),
    /** A board stored at this size or more compacts in a worker thread (0: never). */
    COMPACT_OFF_THREAD_FROM_BYTES: integer(0, 4 * 1024 * 1024 * 1024).default(1024 * 1024),
    /** Largest accepted image upload (PNG, JPEG, WebP, GIF). */
    MAX_IMAGE_UPLOAD_BYTES: integer(1024, 256 * 1024 * 1024).default(
      defaultUploadLimits.maxImageBytes,
    ),
    /** Largest accepted video upload (MP4, WebM). */
    MAX_VIDEO_UPLOAD_BYTES: integer(1024, 2 * 1024 * 1024 * 1024).default(
      defaultUploadLimits.maxVideoBytes,
    ),
    // --- HTTP security headers and Origin check ---
    /**
     * Origins (comma-separated `scheme://host[:port]`) whose pages may open a
     * board's WebSocket or upload; empty allows only the host the request was
     * sent to, `*` allows any. Requests without `Origin` (non-browser clients) pass.
     */
    ALLOWED_ORIGINS: parsedString(parseAllowedOrigins, ''),
    /** CSP `frame-ancestors`: who may show the board in a frame (`'none'`, `'self'`, origins). */
    FRAME_ANCESTORS: parsedString(parseFrameAncestors, "'none'"),
    /** `Strict-Transport-Security` max-age in seconds; 0 sends none (set it only behind HTTPS). */
    HSTS_MAX_AGE: integer(0, 2 * 365 * 24 * 60 * 60).default(0),
    // --- rate limits and connection caps ---
    /** Document messages (sync step 1/2, updates) one connection may send per second, sustained. */
    RATE_LIMIT_UPDATES_PER_SECOND: integer(1, 1_000_000).default(
      defaultRateLimits.updatesPerSecond,
    ),
    /** Document messages one connection may send back to back. */
    RATE_LIMIT_UPDATES_BURST: integer(1, 1_000_000).default(defaultRateLimits.updatesBurst),
    /**
     * Presence changes one connection may make per second, sustained. Echoes of
     * other people's presence (the stock provider sends them) are free, and an
     * awareness frame counts 1/n against the frame budget in a room of n.
     */
    RATE_LIMIT_AWARENESS_PER_SECOND: integer(1, 1_000_000).default(
      defaultRateLimits.awarenessPerSecond,
    ),
    /** Presence changes one connection may make back to back. */
    RATE_LIMIT_AWARENESS_BURST: integer(1, 1_000_000).default(defaultRateLimits.awarenessBurst),
    /** Bytes one connection may send per second, sustained (awareness frames: 1/n of their size). */
    RATE_LIMIT_BYTES_PER_SECOND: integer(1024, 1024 * 1024 * 1024).default(
      defaultRateLimits.bytesPerSecond,
    ),
    /** Bytes one connection may send back to back; one larger message needs a full bucket. */
    RATE_LIMIT_BYTES_BURST: integer(1024, 4 * 1024 * 1024 * 1024).default(
      defaultRateLimits.bytesBurst,
    ),
    /** Open WebSockets per client address (IPv6: per /64); more are refused with 429. */
    MAX_CONNECTIONS_PER_IP: integer(1, 1_000_000).default(defaultConnectionCaps.maxPerAddress),
    /** Open WebSockets per room; more are refused with 429. */
    MAX_CONNECTIONS_PER_ROOM: integer(1, 1_000_000).default(defaultConnectionCaps.maxPerRoom),
    /**
     * Reverse proxies in front of the server (`false`, `true` = 1, or a count):
     * the client address is then read from X-Forwarded-For. Only set it when
     * every request comes through them, or clients can pick their own address.
     */
    TRUST_PROXY: parsedString(parseTrustedProxies, 'false'),
    // --- rooms, roles and invitations ---
    /**
     * Secret (at least 32 bytes) that signs room links (HS256). Empty: one is
     * generated once and kept in `DATA_DIR/token-secret` (mode 0600). Changing
     * it, or deleting that file, revokes every link.
     */
    TOKEN_SECRET: z
      .string()
      .default('')
      .refine((value) => value === '' || new TextEncoder().encode(value).byteLength >= 32, {
        message: 'must be at least 32 bytes',
      }),
    /**
     * `true` (the default) refuses boards that were not created through
     * `POST /api/rooms` (close 4401 / HTTP 401). `false` keeps such room ids
     * open to anyone who has them, with full rights, as before rooms had
     * links: for boards made by earlier versions, and for protocol tests.
     */
    REQUIRE_ROOM_TOKENS: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true'),
    // --- roominfo start
    /**
     * Boards one client address (see `TRUST_PROXY`) may create per hour with
     * `POST /api/rooms`, all at once if it likes; more are answered 429. 0 = unlimited.
     */
    ROOM_CREATION_PER_HOUR: integer(0, 1_000_000).default(30),
    // --- roominfo end
    // --- storage ---
    /**
     * Where boards, links and uploads are kept: `sqlite` (the default: one file
     * under `DATA_DIR`, one instance) or `postgres` (`DATABASE_URL`; shared by
     * every instance of a cluster).
     */
    STORAGE: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** `postgres://user:password@host:port/database`, for `STORAGE=postgres`. */
    DATABASE_URL: z.string().default(''),
    // --- cluster ---
    /** `redis://host:port`: run as one instance of a cluster (one owner per room). Empty: alone. */
    REDIS_URL: z.string().default(''),
    /**
     * Where the other instances reach this one (`http://host:port`); empty:
     * `http://HOST:<port it listens on>`. Set it when HOST is `0.0.0.0`.
     */
    CLUSTER_ADDRESS: z.string().default(''),
    /** How long a room's lease lasts without renewal: a dead owner is replaced within about this. */
    LEASE_TTL_MS: integer(1000, 60_000).default(6000),
    /**
     * Prefix of every Redis key and channel the cluster uses, so that two
     * clusters (say staging and production) can share one Redis.
     */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, {
        message: 'must be 1–64 letters, digits or : _ . -',
      })
      .default('kohtaamo:'),
    // --- benchmarking only ---
    /**
     * For `pnpm bench` only, never in production: `true` acknowledges and
     * broadcasts updates without appending them to storage (and so never
     * compacts an open room), so the bench can show what the durable write
     * costs on its own. A crash then loses every change since the room loaded.
     */
    BENCHMARK_SKIP_APPEND: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
  })
  .superRefine((config, ctx) => {
    if (config.REDIS_URL !== '' && config.STORAGE !== 'postgres') {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'a cluster (REDIS_URL) needs shared storage: STORAGE=postgres',
      });
    }
    if (config.REDIS_URL !== '' && config.TOKEN_SECRET === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_SECRET'],
        message: 'a cluster (REDIS_URL) needs the same TOKEN_SECRET on every instance',
      });
    }
    if (config.STORAGE === 'postgres' && config.DATABASE_URL === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'STORAGE=postgres needs DATABASE_URL',
      });
    }
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
