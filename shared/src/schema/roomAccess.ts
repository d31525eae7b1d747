import { z } from 'zod';
import { roomIdSchema } from './roomId.js';

/**
 * What a link lets its holder do in a room, most powerful first. The
 * server decides from the role in the link's token; the UI mirrors it.
 */
export const roomRoles = ['facilitator', 'participant', 'guest', 'viewer'] as const;

/** One of {@link roomRoles}. */
export const roomRoleSchema = z.enum(roomRoles);

/** A room role: facilitator, participant, guest (invited customer) or viewer. */
export type RoomRole = z.infer<typeof roomRoleSchema>;

/** Query parameter that carries a capability token on board URLs, the WebSocket and REST routes. */
export const roomTokenParam = 't';

/** Longest room title. */
export const roomTitleMaxLength = 120;

/** Languages a room can be created in. */
export const roomLanguageSchema = z.enum(['fi', 'en']);

/** A room language. */
export type RoomLanguage = z.infer<typeof roomLanguageSchema>;

/** A board's title: trimmed, 1–{@link roomTitleMaxLength} characters. */
export const roomTitleSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(roomTitleMaxLength, `title must be at most ${roomTitleMaxLength} characters`);

/**
 * Body of `POST /api/rooms`. Both fields may be left out: the language
 * then follows the request's `Accept-Language` (else Finnish), the title
 * is {@link defaultRoomTitle} in that language.
 */
export const createRoomRequestSchema = z.strictObject({
  title: roomTitleSchema.optional(),
  language: roomLanguageSchema.optional(),
});

/** The title of a board created without one, in the board's language. */
export const defaultRoomTitle: Readonly<Record<RoomLanguage, string>> = Object.freeze({
  fi: 'Nimetön taulu',
  en: 'Untitled board',
});

/** Body of `PATCH /api/rooms/:roomId` (facilitator only): the board's new title. */
export const renameRoomRequestSchema = z.strictObject({ title: roomTitleSchema });

/** A validated rename. */
export type RenameRoomRequest = z.infer<typeof renameRoomRequestSchema>;

/** A validated `POST /api/rooms` body. */
export type CreateRoomRequest = z.infer<typeof createRoomRequestSchema>;

/**
 * One board link per role: a path relative to the server's origin,
 * `/b/<roomId>?t=<token>`.
 */
export const roomLinksSchema = z.object({
  facilitator: z.string(),
  participant: z.string(),
  guest: z.string(),
  viewer: z.string(),
});

/** The links of a room, by role. */
export type RoomLinks = z.infer<typeof roomLinksSchema>;

/** Answer of `POST /api/rooms` (201). */
export const createRoomResponseSchema = z.object({
  roomId: roomIdSchema,
  title: z.string(),
  language: roomLanguageSchema,
  links: roomLinksSchema,
});

/** A created room and its links. */
export type CreateRoomResponse = z.infer<typeof createRoomResponseSchema>;

/** Answer of `POST /api/rooms/:roomId/links/:role/rotate` (200): the role's new link. */
export const rotateLinkResponseSchema = z.object({
  role: roomRoleSchema,
  link: z.string(),
});

/** A rotated link. */
export type RotateLinkResponse = z.infer<typeof rotateLinkResponseSchema>;

/**
 * The board link of `role`'s token: `/b/<roomId>?t=<token>`, relative to
 * the server's origin.
 */
export function roomLink(roomId: string, token: string): string {
  return `/b/${encodeURIComponent(roomId)}?${roomTokenParam}=${encodeURIComponent(token)}`;
}

/**
 * Answer of `GET /api/rooms/:roomId?t=<token>` (200): what any link of the
 * room may know about it, and the role of the link asked with.
 */
export const roomInfoResponseSchema = z.object({
  roomId: roomIdSchema,
  title: z.string(),
  language: roomLanguageSchema,
  role: roomRoleSchema,
});

/** A room as its link holders see it. */
export type RoomInfoResponse = z.infer<typeof roomInfoResponseSchema>;

/**
 * Why `GET /api/rooms/:roomId/admission` (and the WebSocket upgrade) refuses
 * with 429: the room has as many connections as it allows, or the client's
 * address has.
 */
export const admissionRefusalCodes = ['room_full', 'too_many_connections'] as const;

/** The 429 body of `GET /api/rooms/:roomId/admission`; `limit` is the cap that was reached. */
export const admissionRefusalSchema = z.object({
  error: z.object({
    code: z.enum(admissionRefusalCodes),
    message: z.string(),
    limit: z.number().int().positive(),
  }),
});

/** A 429 answer of the admission check. */
export type AdmissionRefusal = z.infer<typeof admissionRefusalSchema>;
