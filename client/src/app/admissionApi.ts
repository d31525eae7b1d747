import { admissionRefusalSchema, roomTokenParam } from '@kohtaamo/shared';

/**
 * Answer of the admission check: `open` (a connection would be let in now),
 * `full` (the room, or this device's network, is at its connection cap), or
 * `unknown` (any other answer, or none: nothing to tell the user).
 */
export type Admission =
  | { readonly kind: 'open' }
  | {
      readonly kind: 'full';
      /** `room`: the board is full; `address`: too many connections from this network. */
      readonly cap: 'room' | 'address';
      /** The cap that was reached (connections). */
      readonly limit: number;
      /** When the server suggests trying again (`Retry-After`), in seconds. */
      readonly retryAfterSeconds: number;
    }
  | { readonly kind: 'unknown' };

/** Used when a 429 carries no usable `Retry-After`: the server's own default. */
export const defaultAdmissionRetrySeconds = 10;

/** Longest wait taken from `Retry-After`, so a wrong header cannot park the board for hours. */
const maxRetrySeconds = 300;

function retryAfterOf(header: string | null): number {
  const seconds = Number(header);
  if (header === null || !Number.isFinite(seconds) || seconds < 1) {
    return defaultAdmissionRetrySeconds;
  }
  return Math.min(Math.ceil(seconds), maxRetrySeconds);
}

/** Asks the server for a room's admission; one call of `checkAdmission` is one request. */
export type CheckAdmission = (roomId: string, token: string | null) => Promise<Admission>;

/**
 * {@link CheckAdmission} over HTTP: `GET /api/rooms/:roomId/admission`, the
 * upgrade's checks without taking a slot. The browser cannot read why a
 * WebSocket upgrade was refused (it only sees close 1006); this can. Never
 * rejects.
 */
export function createAdmissionCheck(
  options: { fetch?: typeof fetch; baseUrl?: string } = {},
): CheckAdmission {
  // Unbound, the browser's fetch throws "Illegal invocation" when called as a method.
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl ?? '';
  return async (roomId, token) => {
    const query = token ? `?${roomTokenParam}=${encodeURIComponent(token)}` : '';
    let response: Response;
    try {
      response = await doFetch(
        `${baseUrl}/api/rooms/${encodeURIComponent(roomId)}/admission${query}`,
        { cache: 'no-store' },
      );
    } catch {
      return { kind: 'unknown' };
    }
    if (response.ok) return { kind: 'open' };
    if (response.status !== 429) return { kind: 'unknown' };
    const body = admissionRefusalSchema.safeParse(await response.json().catch(() => undefined));
    if (!body.success) return { kind: 'unknown' };
    return {
      kind: 'full',
      cap: body.data.error.code === 'room_full' ? 'room' : 'address',
      limit: body.data.error.limit,
      retryAfterSeconds: retryAfterOf(response.headers.get('retry-after')),
    };
  };
}
