import type { RoomAccessRefusal } from '../auth/RoomAccess.js';
import { ApiError } from './ApiError.js';

/** The HTTP error of a refusal: 401 `unauthorized` or 403 `forbidden`, with its reason. */
export function refusalError(refusal: RoomAccessRefusal): ApiError {
  return new ApiError(
    refusal.status,
    refusal.status === 401 ? 'unauthorized' : 'forbidden',
    refusal.reason,
  );
}
