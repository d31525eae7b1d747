import { type RoomId, roomIdSchema } from '@kohtaamo/shared';
import { ApiError } from './ApiError.js';

/** Validates a `:roomId` path parameter; a bad one is a 400 `invalid_room_id`. */
export function parseRoomIdParam(value: string | undefined): RoomId {
  const parsed = roomIdSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'invalid room id';
  throw new ApiError(400, 'invalid_room_id', message);
}
