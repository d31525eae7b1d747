import { CloseCode, type RoomId, type RoomRole } from '@kohtaamo/shared';
import type { RoomDirectory } from './RoomDirectory.js';
import type { RoomGrant, RoomTokens } from './RoomTokens.js';

/**
 * Who may enter a room, decided once per WebSocket upgrade or REST request:
 * - `open`: a legacy room (not in the directory) while tokens are not
 *   required; anyone with the id has full access, exactly as before rooms
 *   had roles.
 * - `granted`: a valid, current token for this room.
 * - `refused`: 401 / close 4401 (no, bad, expired or revoked token, or an
 *   unknown room when tokens are required), 403 / close 4403 (a token for
 *   another room).
 */
export type RoomAccessDecision =
  | { readonly kind: 'open' }
  | { readonly kind: 'granted'; readonly grant: RoomGrant }
  | {
      readonly kind: 'refused';
      readonly status: 401 | 403;
      readonly closeCode: number;
      readonly reason: string;
    };

/** A refused {@link RoomAccessDecision}. */
export type RoomAccessRefusal = Extract<RoomAccessDecision, { kind: 'refused' }>;

/** Dependencies of {@link RoomAccess}. */
export interface RoomAccessOptions {
  readonly directory: Pick<RoomDirectory, 'get'>;
  readonly tokens: Pick<RoomTokens, 'verify'>;
  /**
   * `REQUIRE_ROOM_TOKENS`. Transition switch: while `false`, room ids that
   * are not in the directory (boards the client made up before rooms had
   * links) stay open to anyone with the id. Once the client creates rooms
   * through `POST /api/rooms`, set it to refuse them.
   */
  readonly requireTokens: boolean;
}

const unauthorized = (reason: string): RoomAccessDecision => ({
  kind: 'refused',
  status: 401,
  closeCode: CloseCode.unauthorized,
  reason,
});

/**
 * Checks capability tokens against the room directory. Protected rooms (in
 * the directory) always need a token whose link id is the role's current
 * one, so rotating a link revokes the old tokens at once.
 */
export class RoomAccess {
  readonly #options: RoomAccessOptions;

  constructor(options: RoomAccessOptions) {
    this.#options = options;
  }

  /** Decides for `token` (from `?t=` or `?token=`; `undefined` when absent) in `roomId`. */
  async check(roomId: RoomId, token: string | undefined): Promise<RoomAccessDecision> {
    const { directory, tokens, requireTokens } = this.#options;
    if (token === undefined || token === '') {
      if (requireTokens || (await directory.get(roomId)) !== undefined) {
        return unauthorized('this board needs an invitation link');
      }
      return { kind: 'open' };
    }
    const check = await tokens.verify(token);
    if (!check.ok) {
      return unauthorized(
        check.refusal === 'expired' ? 'the invitation link has expired' : 'invalid invitation link',
      );
    }
    const { grant } = check;
    if (grant.roomId !== roomId) {
      return {
        kind: 'refused',
        status: 403,
        closeCode: CloseCode.forbidden,
        reason: 'the invitation link is for another board',
      };
    }
    const room = await directory.get(roomId);
    if (room === undefined) return unauthorized('this board no longer exists');
    if (room.linkIds[grant.role] !== grant.linkId) {
      return unauthorized('the invitation link was revoked');
    }
    return { kind: 'granted', grant };
  }
}

const uploaders: ReadonlySet<RoomRole> = new Set(['facilitator', 'participant', 'guest']);

/**
 * Whether `role` may do `action` over REST; `undefined` is a legacy open
 * room's anonymous holder, who may do everything but manage (an open room
 * has no links to manage). Viewers may read and export, guests and up may
 * upload, only facilitators manage.
 */
export function roleAllows(
  role: RoomRole | undefined,
  action: 'upload' | 'read-upload' | 'export' | 'manage',
): boolean {
  switch (action) {
    case 'read-upload':
    case 'export':
      return true;
    case 'upload':
      return role === undefined || uploaders.has(role);
    case 'manage':
      return role === 'facilitator';
  }
}

/** The token of a request: `?t=` (board links) or `?token=`. */
export function requestToken(url: URL): string | undefined {
  return url.searchParams.get('t') ?? url.searchParams.get('token') ?? undefined;
}
