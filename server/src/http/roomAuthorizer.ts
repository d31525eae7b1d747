import { type RoomAccess, requestToken, roleAllows } from '../auth/RoomAccess.js';
import type { AuthorizeRoom } from './authorizeRoom.js';
import { refusalError } from './roomAccessError.js';

/**
 * The {@link AuthorizeRoom} of capability tokens: a refused token answers
 * 401 `unauthorized` (or 403 `forbidden` for another room's token); a role
 * without the right answers 403 through `requireRoomAction`.
 */
export function roomAuthorizer(access: RoomAccess): AuthorizeRoom {
  return async (roomId, action, request) => {
    const decision = await access.check(roomId, requestToken(new URL(request.url)));
    switch (decision.kind) {
      case 'refused':
        throw refusalError(decision);
      case 'open':
        return roleAllows(undefined, action);
      case 'granted':
        return roleAllows(decision.grant.role, action);
    }
  };
}
