import {
  type CreateRoomRequest,
  type CreateRoomResponse,
  createRoomResponseSchema,
  type RenameRoomRequest,
  type RoomInfoResponse,
  type RoomRole,
  type RotateLinkResponse,
  roomInfoResponseSchema,
  roomTokenParam,
  rotateLinkResponseSchema,
} from '@kohtaamo/shared';

/** Why a room request failed, for a localized message. */
export type RoomApiFailure =
  /** No answer: offline or the server is down. */
  | 'network'
  /** 401: the link was revoked, expired, or the board deleted. */
  | 'unauthorized'
  /** 403: not the facilitator of this board. */
  | 'forbidden'
  /** 429: too many boards created from here. */
  | 'rateLimited'
  /** 400: the server refused what was sent (an empty or too long title). */
  | 'invalid'
  /** Anything else (5xx, unreadable answer). */
  | 'failed';

/** A failed room request; `reason` picks the message. */
export class RoomApiError extends Error {
  constructor(
    readonly reason: RoomApiFailure,
    options?: { cause?: unknown },
  ) {
    super(`room request failed: ${reason}`, options);
    this.name = 'RoomApiError';
  }
}

/** The board-management calls of the server (`/api/rooms`). */
export interface RoomApi {
  createRoom(request: CreateRoomRequest): Promise<CreateRoomResponse>;
  /** The title, language and role any link of a room (its `token`) may know. */
  getRoom(roomId: string, token: string): Promise<RoomInfoResponse>;
  /** Replaces `role`'s link; the old one stops working at once. */
  rotateLink(roomId: string, role: RoomRole, facilitatorToken: string): Promise<RotateLinkResponse>;
  /**
   * Turns `role`'s link off without a replacement: it stops working at once
   * until {@link RoomApi.rotateLink} makes a new one. Not for the facilitator.
   */
  turnOffLink(roomId: string, role: RoomRole, facilitatorToken: string): Promise<void>;
  /** Erases the board and everything on it. */
  deleteRoom(roomId: string, facilitatorToken: string): Promise<void>;
  /**
   * Gives the board a new title (facilitator only); the server also writes
   * it into the board's document, so open boards show it at once.
   */
  renameRoom(roomId: string, title: string, facilitatorToken: string): Promise<RoomInfoResponse>;
}

function failureOf(status: number): RoomApiFailure {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rateLimited';
  if (status === 400) return 'invalid';
  return 'failed';
}

/** {@link RoomApi} over HTTP on `baseUrl` (the page's own origin when empty). */
export function createRoomApi(options: { fetch?: typeof fetch; baseUrl?: string } = {}): RoomApi {
  // Unbound, the browser's fetch throws "Illegal invocation" when called as a method.
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl ?? '';
  const roomUrl = (roomId: string, rest: string, token: string) =>
    `${baseUrl}/api/rooms/${encodeURIComponent(roomId)}${rest}?${roomTokenParam}=${encodeURIComponent(token)}`;

  async function send(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (error) {
      throw new RoomApiError('network', { cause: error });
    }
    if (!response.ok) throw new RoomApiError(failureOf(response.status));
    return response;
  }

  async function parsed<T>(
    response: Response,
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  ): Promise<T> {
    const result = schema.safeParse(await response.json().catch(() => undefined));
    if (!result.success) throw new RoomApiError('failed');
    return result.data;
  }

  return {
    async createRoom(request) {
      const response = await send(`${baseUrl}/api/rooms`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      return parsed(response, createRoomResponseSchema);
    },
    async getRoom(roomId, token) {
      return parsed(await send(roomUrl(roomId, '', token), {}), roomInfoResponseSchema);
    },
    async rotateLink(roomId, role, facilitatorToken) {
      const url = roomUrl(roomId, `/links/${role}/rotate`, facilitatorToken);
      return parsed(await send(url, { method: 'POST' }), rotateLinkResponseSchema);
    },
    async turnOffLink(roomId, role, facilitatorToken) {
      await send(roomUrl(roomId, `/links/${role}`, facilitatorToken), { method: 'DELETE' });
    },
    async deleteRoom(roomId, facilitatorToken) {
      await send(roomUrl(roomId, '', facilitatorToken), { method: 'DELETE' });
    },
    async renameRoom(roomId, title, facilitatorToken) {
      const body: RenameRoomRequest = { title };
      const response = await send(roomUrl(roomId, '', facilitatorToken), {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return parsed(response, roomInfoResponseSchema);
    },
  };
}
