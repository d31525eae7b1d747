import type { RoomId } from '@kohtaamo/shared';
import { ApiError } from './ApiError.js';

/**
 * What a request wants to do in a room: `upload` a file, `read-upload` (an
 * uploaded file's bytes), `export` the board, or `manage` it (rotate links,
 * delete the room; facilitators only).
 */
export type RoomAction = 'upload' | 'read-upload' | 'export' | 'manage';

/**
 * Extension point for access control: decides whether `request` may perform
 * `action` in room `roomId`. A `false` is answered with 403; an
 * implementation may instead throw an {@link ApiError} (401 for a missing or
 * bad token). The server wires `roomAuthorizer` (capability tokens); apps
 * built without it use {@link allowEveryRoom}.
 */
export type AuthorizeRoom = (
  roomId: RoomId,
  action: RoomAction,
  request: Request,
) => boolean | Promise<boolean>;

/** The default {@link AuthorizeRoom}: a room's link is the only key. */
export const allowEveryRoom: AuthorizeRoom = () => true;

/**
 * Resolves when `authorizeRoom` allows `action`; otherwise rejects with a 403
 * `forbidden` {@link ApiError} naming the action.
 */
export async function requireRoomAction(
  authorizeRoom: AuthorizeRoom,
  roomId: RoomId,
  action: RoomAction,
  request: Request,
): Promise<void> {
  if (await authorizeRoom(roomId, action, request)) return;
  throw new ApiError(403, 'forbidden', `${action} is not allowed in this room`);
}
