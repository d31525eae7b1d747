import { type RoomId, type RoomRole, roomIdSchema, roomRoleSchema } from '@kohtaamo/shared';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** Shortest accepted token secret: HS256 wants at least as many bytes as its output. */
export const minTokenSecretBytes = 32;

/** What a capability token grants. */
export interface RoomGrant {
  readonly roomId: RoomId;
  readonly role: RoomRole;
  /** The link the token belongs to; rotating the role's link revokes it. */
  readonly linkId: string;
  /** Expiry in seconds since the epoch; `undefined` never expires. */
  readonly expiresAt?: number | undefined;
}

/** Why {@link RoomTokens.verify} refused a token. */
export type TokenRefusal = 'expired' | 'invalid';

/** Result of {@link RoomTokens.verify}. */
export type TokenCheck =
  | { readonly ok: true; readonly grant: RoomGrant }
  | { readonly ok: false; readonly refusal: TokenRefusal };

const claimsSchema = z.object({
  room: roomIdSchema,
  role: roomRoleSchema,
  lid: z.string().min(1).max(64),
  exp: z.number().int().optional(),
});

const algorithm = 'HS256';

/**
 * Signs and verifies room capability tokens: compact JWS (HS256) whose
 * claims are `room`, `role`, `lid` (link id) and optionally `exp`. Whether a
 * link id is still current is the room directory's to say, not the token's.
 */
export class RoomTokens {
  readonly #secret: Uint8Array;

  /** @throws Error when `secret` is shorter than {@link minTokenSecretBytes}. */
  constructor(secret: Uint8Array) {
    if (secret.byteLength < minTokenSecretBytes) {
      throw new Error(`token secret must be at least ${minTokenSecretBytes} bytes`);
    }
    this.#secret = secret;
  }

  /** A token for `grant`. */
  async sign(grant: RoomGrant): Promise<string> {
    const jwt = new SignJWT({ room: grant.roomId, role: grant.role, lid: grant.linkId })
      .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
      .setIssuedAt();
    if (grant.expiresAt !== undefined) jwt.setExpirationTime(grant.expiresAt);
    return jwt.sign(this.#secret);
  }

  /** Checks the signature, the algorithm, the expiry and the claims' shape. Never throws. */
  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, { algorithms: [algorithm] });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, refusal: 'invalid' };
      const { room, role, lid, exp } = claims.data;
      return { ok: true, grant: { roomId: room, role, linkId: lid, expiresAt: exp } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, refusal: 'expired' };
      return { ok: false, refusal: 'invalid' };
    }
  }
}
