import {
  CloseCode,
  controlCapabilityParam,
  documentScopeParam,
  participantIdFromKey,
  participantKeyParam,
  participantKeySchema,
  privateDocumentScope,
  syncPath,
  type UploadLimits,
} from '@kohtaamo/shared';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestToken } from './auth/RoomAccess.js';
import { ApiError } from './http/ApiError.js';
import { type AdmissionRouteDeps, admissionRoutes } from './http/admissionRoutes.js';
import { type AuthorizeRoom, allowEveryRoom } from './http/authorizeRoom.js';
import { clientFallback, clientFiles } from './http/clientRoutes.js';
import {
  exportRoutes,
  type LookupExportRoom,
  type RoomDocumentReader,
} from './http/exportRoutes.js';
import { type OriginPolicy, originCheck, sameHostOrigins } from './http/originCheck.js';
import { parseRoomIdParam } from './http/roomIdParam.js';
import { type RoomRouteDeps, roomRoutes } from './http/roomRoutes.js';
import {
  defaultSecurityHeaderOptions,
  type SecurityHeaderOptions,
  securityHeaders,
} from './http/securityHeaders.js';
import type { AppEnv } from './http/syncUpgrade.js';
import { uploadRoutes } from './http/uploadRoutes.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/Metrics.js';
import type { DocumentStore } from './persistence/DocumentStore.js';
import type { DocumentScope } from './room/SocketLike.js';
import type { UploadStore } from './uploads/UploadStore.js';

export type { AppBindings, AppEnv, SocketAccess, SyncUpgrade } from './http/syncUpgrade.js';

/** What the routes read; small interfaces so tests pass fakes. */
export interface AppDeps {
  /** Storage probe for `GET /ready`. */
  readonly store: Pick<DocumentStore, 'ping'>;
  /** Room state for `GET /ready`. */
  readonly rooms: {
    readonly healthy: boolean;
    readonly roomCount: number;
    readonly connectionCount: number;
  };
  /** A cluster's coordination (Redis) for `GET /ready`; absent for a lone instance. */
  readonly cluster?: { readonly healthy: boolean } | undefined;
  /** `GET /metrics` (Prometheus text); absent: no such route. */
  readonly metrics?: Pick<Metrics, 'render'> | undefined;
  /** Room documents for `GET /api/rooms/:roomId/export`. */
  readonly documents: RoomDocumentReader;
  /**
   * Room titles and languages for exports (summary title, default locale);
   * defaults to the room directory of {@link AppDeps.roomControl}.
   */
  readonly lookupRoom?: LookupExportRoom | undefined;
  /** Images and videos uploaded to rooms. */
  readonly uploads: UploadStore;
  /** Largest accepted upload per kind (`MAX_IMAGE_UPLOAD_BYTES`, `MAX_VIDEO_UPLOAD_BYTES`). */
  readonly uploadLimits: UploadLimits;
  /** Access control for room routes; defaults to {@link allowEveryRoom}. */
  readonly authorizeRoom?: AuthorizeRoom | undefined;
  /**
   * Rooms, roles and links (`POST /api/rooms`, rotate, delete) and the
   * token check of `/sync/:roomId`; without it neither exists and every
   * room is open.
   */
  readonly roomControl?: Omit<RoomRouteDeps, 'logger'> | undefined;
  /**
   * The connection caps and live counts behind `GET /api/rooms/:roomId/admission`
   * (why an upgrade would be refused); without it the route does not exist.
   */
  readonly admission?: Omit<AdmissionRouteDeps, 'access' | 'allowedOrigins' | 'logger'> | undefined;
  readonly logger: Logger;
  /** Absolute path of the built client; `undefined` serves no client. */
  readonly clientDir?: string | undefined;
  /** Whose pages may upgrade or send state-changing requests (`ALLOWED_ORIGINS`); same host by default. */
  readonly allowedOrigins?: OriginPolicy | undefined;
  /** CSP frame-ancestors and HSTS; {@link defaultSecurityHeaderOptions} by default. */
  readonly securityHeaders?: SecurityHeaderOptions | undefined;
}

/** The document a sync socket asks for (`documentScopeParam`); anything unknown is a 400. */
function parseDocumentScope(value: string | undefined): DocumentScope {
  if (value === undefined) return 'board';
  if (value === privateDocumentScope) return 'private';
  throw new ApiError(400, 'invalid_scope', `unknown document scope ${JSON.stringify(value)}`);
}

/**
 * The HTTP application: health and readiness probes, the WebSocket upgrade
 * decision for `/sync/:roomId`, room uploads under
 * `/api/rooms/:roomId/uploads`, template exports at
 * `/api/rooms/:roomId/export`, and the built client with an SPA fallback.
 * Every response carries the security headers (CSP and friends); upgrades
 * and state-changing requests from disallowed origins are refused first.
 * Every error leaves as `{ error: { code, message } }`. It neither listens
 * nor reads the environment.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Outermost, so error and not-found answers get the headers too.
  app.use(securityHeaders(deps.securityHeaders ?? defaultSecurityHeaderOptions));
  app.use(originCheck({ policy: deps.allowedOrigins ?? sameHostOrigins, logger: deps.logger }));

  app.get('/health', (c) => c.json({ status: 'ok' }));

  const { metrics } = deps;
  if (metrics !== undefined) {
    app.get('/metrics', async (c) => {
      const { contentType, body } = await metrics.render();
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    });
  }

  app.get('/ready', async (c) => {
    try {
      await deps.store.ping();
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness: storage ping failed');
      throw new ApiError(503, 'storage_unavailable', 'storage is not reachable');
    }
    if (deps.cluster !== undefined && !deps.cluster.healthy) {
      throw new ApiError(
        503,
        'coordination_unavailable',
        'Redis is not reachable: boards owned here keep working, no others can be opened here',
      );
    }
    if (!deps.rooms.healthy) {
      throw new ApiError(
        503,
        'unsaved_changes',
        'some boards have changes storage has not accepted',
      );
    }
    return c.json({
      status: 'ready',
      rooms: deps.rooms.roomCount,
      connections: deps.rooms.connectionCount,
    });
  });

  app.get(`${syncPath}/:roomId`, async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    const upgrade = c.env?.syncUpgrade;
    if (upgrade === undefined || c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'upgrade_required', 'connect to this path with a WebSocket');
    }
    const scope = parseDocumentScope(c.req.query(documentScopeParam));
    // A private socket speaks the stock protocol only: no control frames.
    const readsControl = scope === 'board' && c.req.query(controlCapabilityParam) === '1';
    const refuse = (closeCode: number, reason: string) =>
      upgrade.accept(roomId, { kind: 'refused', closeCode, reason });
    const control = deps.roomControl;
    const decision =
      control === undefined
        ? undefined
        : await control.access.check(roomId, requestToken(new URL(c.req.url)));
    if (decision?.kind === 'refused') {
      refuse(decision.closeCode, decision.reason);
      return c.body(null, 204);
    }
    // Without room control (tests, the bench) only a private socket needs the key.
    const key =
      control !== undefined || scope === 'private' ? c.req.query(participantKeyParam) : undefined;
    const grant = decision?.kind === 'granted' ? decision.grant : undefined;
    if (key !== undefined && !participantKeySchema.safeParse(key).success) {
      refuse(CloseCode.unauthorized, 'malformed participant key');
    } else if (scope === 'private' && key === undefined) {
      refuse(CloseCode.unauthorized, 'a private document needs a participant key');
    } else if (scope === 'private' && grant?.role === 'viewer') {
      refuse(CloseCode.forbidden, 'a viewer has no private document');
    } else {
      upgrade.accept(roomId, {
        kind: 'allowed',
        ...(grant === undefined ? {} : { role: grant.role, linkId: grant.linkId }),
        ...(key === undefined ? {} : { participantId: participantIdFromKey(key) }),
        readsControl,
        ...(scope === 'private' ? { scope } : {}),
      });
    }
    return c.body(null, 204);
  });

  if (deps.admission !== undefined) {
    app.route(
      '/',
      admissionRoutes({
        ...deps.admission,
        access: deps.roomControl?.access,
        allowedOrigins: deps.allowedOrigins ?? sameHostOrigins,
        logger: deps.logger,
      }),
    );
  }

  if (deps.roomControl !== undefined) {
    app.route('/', roomRoutes({ ...deps.roomControl, logger: deps.logger }));
  }

  app.route(
    '/',
    uploadRoutes({
      uploads: deps.uploads,
      limits: deps.uploadLimits,
      authorizeRoom: deps.authorizeRoom ?? allowEveryRoom,
      logger: deps.logger,
    }),
  );

  app.route(
    '/',
    exportRoutes({
      documents: deps.documents,
      authorizeRoom: deps.authorizeRoom ?? allowEveryRoom,
      lookupRoom: deps.lookupRoom ?? roomControlLookup(deps.roomControl),
    }),
  );

  if (deps.clientDir !== undefined) {
    app.get('*', clientFiles(deps.clientDir), clientFallback(deps.clientDir));
  }

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `no such resource: ${c.req.path}` } }, 404),
  );

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json(
        { error: { ...error.details, code: error.code, message: error.message } },
        error.status,
        error.headers,
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        { error: { code: 'bad_request', message: error.message || 'bad request' } },
        error.status,
      );
    }
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: { code: 'internal_error', message: 'internal server error' } }, 500);
  });

  return app;
}

/** The room directory's title and language of a room, for exports; none without room control. */
function roomControlLookup(
  control: Omit<RoomRouteDeps, 'logger'> | undefined,
): LookupExportRoom | undefined {
  if (control === undefined) return undefined;
  const { directory } = control;
  return async (roomId) => {
    const room = await directory.get(roomId);
    return room === undefined ? undefined : { title: room.title, language: room.language };
  };
}
