/** Path prefix of the WebSocket endpoint; a room lives at `${syncPath}/${roomId}`. */
export const syncPath = '/sync';

/** Path prefix of a board in the client; a board lives at `${boardPathPrefix}/${roomId}`. */
export const boardPathPrefix = '/b';

/** The client URL path of a board. */
export function boardPath(roomId: string): string {
  return `${boardPathPrefix}/${encodeURIComponent(roomId)}`;
}
