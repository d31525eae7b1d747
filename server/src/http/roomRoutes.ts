import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  type CreateRoomResponse,
  createRoomId,
  createRoomRequestSchema,
  defaultRoomTitle,
  type RoomId,
  type RoomInfoResponse,
  type RoomLinks,
  type RoomRole,
  type RotateLinkResponse,
  renameRoomRequestSchema,
  roomLanguageSchema,
  roomLink,
  roomRoleSchema,
  roomRoles,
} from '@kohtaamo/shared';
import { Hono, type MiddlewareHandler } from 'hono';
import { type LanguageVariables, languageDetector } from 'hono/language';
import type { LinkSessions } from '../auth/LinkSessions.js';
import { type RoomAccess, requestToken } from '../auth/RoomAccess.js';
import { noLinkId, type RoomDirectory } from '../auth/RoomDirectory.js';
import type { RoomGrant, RoomTokens } from '../auth/RoomTokens.js';
import type { AddressRateLimiter } from '../limits/AddressRateLimiter.js';
import type { Logger } from '../logger.js';
import { ApiError } from './ApiError.js';
import { jsonBody, limitBody } from './jsonBody.js';
import { requestAddress } from './requestAddress.js';
import { refusalError } from './roomAccessError.js';
import { parseRoomIdParam } from './roomIdParam.js';

/** What the room routes need. */
export interface RoomRouteDeps {
  readonly directory: RoomDirectory;
  readonly tokens: Pick<RoomTokens, 'sign'>;
  readonly access: RoomAccess;
  /** Open connections by link, to close a revoked link's holders at once. */
  readonly sessions: LinkSessions;
  /** Drops a deleted room from memory after closing its sockets (`RoomRegistry.evict`). */
  readonly evictRoom: (roomId: RoomId, code: number, reason: string) => Promise<void>;
  /**
   * Writes a renamed board's title into its document (`writeBoardTitle`), so
   * open boards show it at once. Absent: only the directory changes.
   */
  readonly renameDocument?: ((roomId: RoomId, title: string) => Promise<void>) | undefined;
  /** Erases a deleted room's document (`DocumentStore.delete`). */
  readonly deleteDocument: (roomId: RoomId) => Promise<void>;
  /** Erases a deleted room's uploads (`UploadStore.deleteRoom`). */
  readonly deleteUploads: (roomId: RoomId) => Promise<void>;
  /**
   * Rooms one client address may create (`ROOM_CREATION_PER_HOUR`); more
   * are answered 429 `rate_limited`. Absent: unlimited.
   */
  readonly creationLimiter?: AddressRateLimiter | undefined;
  /** Reverse proxies in front of the server (`TRUST_PROXY`), for the client address; 0 by default. */
  readonly trustedProxies?: number | undefined;
  /** Monotonic clock (ms) for the creation limit; `performance.now()` unless a test drives time. */
  readonly now?: (() => number) | undefined;
  readonly logger: Logger;
}

/** Largest `POST /api/rooms` or `PATCH /api/rooms/:roomId` body; a title and a language fit many times over. */
const maxBodyBytes = 4096;

/** 96 random bits, base64url: a link id nobody can guess or collide with. */
function newLinkId(): string {
  return randomBytes(12).toString('base64url');
}

/** Languages a board is created in when the request names none: by `Accept-Language`, else Finnish. */
const detectLanguage = languageDetector({
  order: ['header'],
  supportedLanguages: ['fi', 'en'],
  fallbackLanguage: 'fi',
  caches: false,
});

/**
 * Rooms, roles and invitation links:
 * - `POST /api/rooms` `{ title?, language? }` → 201 `{ roomId, title, language, links }`,
 *   one link per role, each `/b/<roomId>?t=<token>` relative to this server's origin;
 *   without `language` the board gets the first of fi/en in `Accept-Language`, else
 *   fi; without `title`, "Nimetön taulu"/"Untitled board". 429 `rate_limited` with
 *   `Retry-After` once the client address has created its `creationLimiter` allowance.
 * - `GET /api/rooms/:roomId?t=<any token of the room>` → 200 `{ roomId, title, language, role }`;
 *   404 `room_not_found` for a legacy open room (it has no title).
 * - `PATCH /api/rooms/:roomId?t=<facilitator token>` `{ title }` → 200 `{ roomId, title,
 *   language, role }`; the new title is also written into the board's document, so
 *   every open board shows it at once.
 * Bodies are JSON of at most 4 KiB (413 `body_too_large`, 415 `unsupported_media_type`,
 * 400 `invalid_json` / `invalid_body` with the offending `field`).
 * - `POST /api/rooms/:roomId/links/:role/rotate?t=<facilitator token>` → 200
 *   `{ role, link }`; the old link stops working and its open sockets are closed (4401).
 *   Also makes a link again for a role whose link was turned off.
 * - `DELETE /api/rooms/:roomId/links/:role?t=<facilitator token>` → 204; turns the
 *   role's link off without a replacement: its open sockets are closed (4401) and
 *   every token of the role is refused until a rotate makes a new link. The
 *   facilitator link cannot be turned off (400 `facilitator_link_required`): that
 *   would lock the board's owner out.
 * - `DELETE /api/rooms/:roomId?t=<facilitator token>` → 204; closes the room's
 *   sockets and erases its document, uploads and directory entry.
 */
export function roomRoutes(deps: RoomRouteDeps): Hono<{ Variables: LanguageVariables }> {
  const app = new Hono<{ Variables: LanguageVariables }>();
  const now = deps.now ?? (() => performance.now());

  const sign = (roomId: RoomId, role: RoomRole, linkId: string): Promise<string> =>
    deps.tokens.sign({ roomId, role, linkId });

  /** The facilitator grant of the request, or the matching 401/403/404. */
  const requireFacilitator = async (roomId: RoomId, request: Request): Promise<RoomGrant> => {
    const decision = await deps.access.check(roomId, requestToken(new URL(request.url)));
    if (decision.kind === 'refused') {
      throw refusalError(decision);
    }
    if (decision.kind === 'open') {
      // Only directory rooms have links; a legacy open room has nothing to manage.
      throw new ApiError(404, 'not_found', 'no such room');
    }
    if (decision.grant.role !== 'facilitator') {
      throw new ApiError(403, 'forbidden', 'only the facilitator can manage this board');
    }
    return decision.grant;
  };

  const parseRole = (value: string | undefined): RoomRole => {
    const role = roomRoleSchema.safeParse(value);
    if (!role.success) {
      throw new ApiError(400, 'invalid_role', `role must be one of ${roomRoles.join(', ')}`);
    }
    return role.data;
  };

  /** Closes the open sockets of `linkId` (the role's link before a change); how many. */
  const closeHolders = (roomId: RoomId, linkId: string, reason: string): number =>
    linkId === noLinkId
      ? 0
      : deps.sessions.closeLink(roomId, linkId, CloseCode.unauthorized, reason);

  const limitCreation: MiddlewareHandler = async (c, next) => {
    if (deps.creationLimiter !== undefined) {
      const address = requestAddress(c, deps.trustedProxies ?? 0);
      const decision = deps.creationLimiter.take(address, now());
      if (!decision.ok) {
        deps.logger.warn({ address }, 'room creation refused: rate limit');
        throw new ApiError(
          429,
          'rate_limited',
          'too many boards were created from this address; try again later',
          { 'Retry-After': String(decision.retryAfterSeconds) },
        );
      }
    }
    await next();
  };

  app.post(
    '/api/rooms',
    limitCreation,
    limitBody(maxBodyBytes),
    jsonBody(createRoomRequestSchema),
    detectLanguage,
    async (c) => {
      const request = c.req.valid('json');
      const language = request.language ?? roomLanguageSchema.parse(c.get('language'));
      const title = request.title ?? defaultRoomTitle[language];
      const roomId = createRoomId();
      const linkIds = Object.fromEntries(roomRoles.map((role) => [role, newLinkId()])) as Record<
        RoomRole,
        string
      >;
      await deps.directory.create({ roomId, title, language, createdAt: Date.now(), linkIds });
      const entries = await Promise.all(
        roomRoles.map(async (role) => [
          role,
          roomLink(roomId, await sign(roomId, role, linkIds[role])),
        ]),
      );
      const links = Object.fromEntries(entries) as RoomLinks;
      deps.logger.info({ roomId, language }, 'room created');
      const created: CreateRoomResponse = { roomId, title, language, links };
      return c.json(created, 201);
    },
  );

  app.get('/api/rooms/:roomId', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    const decision = await deps.access.check(roomId, requestToken(new URL(c.req.url)));
    if (decision.kind === 'refused') {
      throw refusalError(decision);
    }
    const room = decision.kind === 'granted' ? await deps.directory.get(roomId) : undefined;
    if (decision.kind === 'open' || room === undefined) {
      // A legacy open room was never created here: it has no title, language or roles.
      throw new ApiError(404, 'room_not_found', 'this board has no details to show');
    }
    // The answer depends on the token in the URL; no cache should keep it.
    c.header('Cache-Control', 'no-store');
    const info: RoomInfoResponse = {
      roomId,
      title: room.title,
      language: room.language,
      role: decision.grant.role,
    };
    return c.json(info);
  });

  app.patch(
    '/api/rooms/:roomId',
    limitBody(maxBodyBytes),
    jsonBody(renameRoomRequestSchema),
    async (c) => {
      const roomId = parseRoomIdParam(c.req.param('roomId'));
      await requireFacilitator(roomId, c.req.raw);
      const { title } = c.req.valid('json');
      const room = await deps.directory.get(roomId);
      if (room === undefined || !(await deps.directory.rename(roomId, title))) {
        throw new ApiError(404, 'not_found', 'no such room');
      }
      await deps.renameDocument?.(roomId, title);
      deps.logger.info({ roomId }, 'room renamed');
      c.header('Cache-Control', 'no-store');
      const info: RoomInfoResponse = {
        roomId,
        title,
        language: room.language,
        role: 'facilitator',
      };
      return c.json(info);
    },
  );

  app.post('/api/rooms/:roomId/links/:role/rotate', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    const role = parseRole(c.req.param('role'));
    await requireFacilitator(roomId, c.req.raw);
    const room = await deps.directory.get(roomId);
    if (room === undefined) throw new ApiError(404, 'not_found', 'no such room');
    const linkId = newLinkId();
    if (!(await deps.directory.replaceLink(roomId, role, linkId))) {
      throw new ApiError(404, 'not_found', 'no such room');
    }
    const closed = closeHolders(roomId, room.linkIds[role], 'the invitation link was revoked');
    deps.logger.info({ roomId, role, closed }, 'room link rotated');
    const rotated: RotateLinkResponse = {
      role,
      link: roomLink(roomId, await sign(roomId, role, linkId)),
    };
    return c.json(rotated);
  });

  app.delete('/api/rooms/:roomId/links/:role', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    const role = parseRole(c.req.param('role'));
    await requireFacilitator(roomId, c.req.raw);
    if (role === 'facilitator') {
      throw new ApiError(
        400,
        'facilitator_link_required',
        'the facilitator link cannot be turned off; make a new one instead',
      );
    }
    const room = await deps.directory.get(roomId);
    if (room === undefined || !(await deps.directory.replaceLink(roomId, role, noLinkId))) {
      throw new ApiError(404, 'not_found', 'no such room');
    }
    const closed = closeHolders(roomId, room.linkIds[role], 'the invitation link was turned off');
    deps.logger.info({ roomId, role, closed }, 'room link turned off');
    return c.body(null, 204);
  });

  app.delete('/api/rooms/:roomId', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    await requireFacilitator(roomId, c.req.raw);
    // Out of the directory first: from here on every token of the room is refused.
    await deps.directory.delete(roomId);
    const reason = 'this board was deleted';
    deps.sessions.closeRoom(roomId, CloseCode.unauthorized, reason);
    await deps.evictRoom(roomId, CloseCode.unauthorized, reason);
    await deps.deleteDocument(roomId);
    await deps.deleteUploads(roomId);
    deps.logger.info({ roomId }, 'room deleted');
    return c.body(null, 204);
  });

  return app;
}
