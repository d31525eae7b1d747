import type { RoomId } from '@kohtaamo/shared';
import { ApiError } from './ApiError.js';

/** What a request wants to do in a room. */
export type RoomAction = 'upload' | 'read-upload' | 'export';

/**
 * Extension point for access control: decides whether `request` may perform
 * `action` in room `roomId`. A refusal is answered with 403. Roles arrive
 * with issue #4; until then {@link allowEveryRoom} is used, because anyone
 * holding a room link may edit that room.
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
