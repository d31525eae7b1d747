import type { AdmissionRefusal } from '@kohtaamo/shared';
import { Hono } from 'hono';
import { type RoomAccess, requestToken } from '../auth/RoomAccess.js';
import {
  type ForwardAuth,
  forwardedForHeader,
  forwardSignatureHeader,
} from '../cluster/forwardAuth.js';
import type { ConnectionCaps, ConnectionCounts } from '../limits/ConnectionLimiter.js';
import type { Logger } from '../logger.js';
import { ApiError } from './ApiError.js';
import { isOriginAllowed, type OriginPolicy } from './originCheck.js';
import { requestAddress } from './requestAddress.js';
import { refusalError } from './roomAccessError.js';
import { parseRoomIdParam } from './roomIdParam.js';

/** What the admission check reads; the same caps, policy and counts the gateway uses. */
export interface AdmissionRouteDeps {
  /** The token check; absent when the server has no rooms directory (every room open). */
  readonly access?: Pick<RoomAccess, 'check'> | undefined;
  /** `MAX_CONNECTIONS_PER_IP` and `MAX_CONNECTIONS_PER_ROOM`, as given to the gateway. */
  readonly caps: ConnectionCaps;
  /** The gateway's live counts (`SyncGateway.connections`). */
  readonly connections: () => Pick<ConnectionCounts, 'countForAddress' | 'countForRoom'>;
  /** `ALLOWED_ORIGINS`. */
  readonly allowedOrigins: OriginPolicy;
  /** `TRUST_PROXY`, so the address is the one the gateway counts. */
  readonly trustedProxies: number;
  /** `Retry-After` of a 429, as the gateway sends it (`connectionRetryAfterSeconds`). */
  readonly retryAfterSeconds: number;
  readonly logger: Logger;
  /**
   * A cluster: the address cap counts every instance, and the room's
   * count is its owner's, so the check is asked of the owner (signed with
   * the client's address, as a forwarded socket is).
   */
  readonly cluster?: AdmissionCluster | undefined;
}

/** What the admission check needs of a cluster. */
export interface AdmissionCluster {
  ownerElsewhere(roomId: string): Promise<{ readonly address: string } | undefined>;
  addressTotal(address: string, localCount: number): Promise<number | undefined>;
  readonly forwardAuth: Pick<ForwardAuth, 'sign' | 'verify'>;
}

type Refusal = AdmissionRefusal['error'];

/** How long the check waits for the room's owner before answering from what it knows itself. */
const ownerTimeoutMs = 3000;

/**
 * `GET /api/rooms/:roomId/admission?t=<token>`: would a WebSocket upgrade to
 * this room be admitted right now? A browser cannot read the HTTP answer to
 * a refused upgrade (it sees close 1006), so after a failed connection the
 * client asks here why. Runs the upgrade's checks in its order, without
 * taking a slot: origin (403 `origin_not_allowed`), token (401/403, so a
 * stranger learns nothing about a room's occupancy), then the caps: 429
 * `too_many_connections` (this address) or `room_full`, with `Retry-After`
 * and the cap as `limit`. 200 `{ ok: true }` otherwise. A yes is a snapshot:
 * the upgrade itself still decides.
 */
export function admissionRoutes(deps: AdmissionRouteDeps): Hono {
  const app = new Hono();

  app.get('/api/rooms/:roomId/admission', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    // The global origin check lets GETs through; the upgrade this stands for is checked.
    const origin = c.req.header('origin');
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (origin !== undefined && !isOriginAllowed(deps.allowedOrigins, origin, host)) {
      throw new ApiError(
        403,
        'origin_not_allowed',
        `requests from origin ${origin} are not allowed (see ALLOWED_ORIGINS)`,
      );
    }
    if (deps.access !== undefined) {
      const decision = await deps.access.check(roomId, requestToken(new URL(c.req.url)));
      if (decision.kind === 'refused') {
        throw refusalError(decision);
      }
    }
    c.header('Cache-Control', 'no-store');
    const url = new URL(c.req.url);
    const path = `${url.pathname}${url.search}`;
    const { cluster } = deps;
    const forwardedFor = c.req.header(forwardedForHeader);
    const signature = c.req.header(forwardSignatureHeader);
    const forwarded =
      cluster !== undefined &&
      forwardedFor !== undefined &&
      signature !== undefined &&
      cluster.forwardAuth.verify(path, forwardedFor, signature)
        ? forwardedFor
        : undefined;
    const address = forwarded ?? requestAddress(c, deps.trustedProxies);
    const owner = forwarded === undefined ? await cluster?.ownerElsewhere(roomId) : undefined;
    if (cluster !== undefined && owner !== undefined) {
      const answer = await fetch(`${owner.address}${path}`, {
        headers: {
          [forwardedForHeader]: address,
          [forwardSignatureHeader]: cluster.forwardAuth.sign(path, address),
        },
        signal: AbortSignal.timeout(ownerTimeoutMs),
      }).catch((error: unknown) => {
        deps.logger.warn(
          { err: error, roomId },
          "admission check: the room's owner did not answer",
        );
        return undefined;
      });
      if (answer !== undefined) {
        const retryAfter = answer.headers.get('retry-after');
        return new Response(answer.body, {
          status: answer.status,
          headers: {
            'Content-Type': answer.headers.get('content-type') ?? 'application/json',
            'Cache-Control': 'no-store',
            ...(retryAfter === null ? {} : { 'Retry-After': retryAfter }),
          },
        });
      }
    }
    const counts = deps.connections();
    const localFromAddress = counts.countForAddress(address);
    const fromAddress =
      (await cluster?.addressTotal(address, localFromAddress)) ?? localFromAddress;
    const refusal: Refusal | undefined =
      fromAddress >= deps.caps.maxPerAddress
        ? {
            code: 'too_many_connections',
            message: 'too many open connections from this address',
            limit: deps.caps.maxPerAddress,
          }
        : counts.countForRoom(roomId) >= deps.caps.maxPerRoom
          ? {
              code: 'room_full',
              message: 'this board has as many connections as it allows',
              limit: deps.caps.maxPerRoom,
            }
          : undefined;
    if (refusal === undefined) return c.json({ ok: true });
    deps.logger.info({ roomId, address, code: refusal.code }, 'admission check: full');
    throw new ApiError(
      429,
      refusal.code,
      refusal.message,
      { 'Retry-After': String(deps.retryAfterSeconds) },
      { limit: refusal.limit },
    );
  });

  return app;
}
