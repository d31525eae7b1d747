import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the client's address on a socket one instance forwards to another. */
export const forwardedForHeader = 'x-kohtaamo-forwarded-for';
/** Header proving the forward comes from an instance of the cluster (HMAC of path and address). */
export const forwardSignatureHeader = 'x-kohtaamo-forward';

/**
 * Signs and checks the headers of a forwarded socket with a secret every
 * instance shares (derived from `TOKEN_SECRET`, which a cluster must share
 * anyway). Only a signed forward may say whose address it carries: the
 * owner counts and logs the socket by the client's address, not by the
 * forwarding instance's.
 */
export class ForwardAuth {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    this.#key = createHmac('sha256', secret).update('kohtaamo cluster forward').digest();
  }

  /** The signature of a forward of `path` (with its query) for a client at `address`. */
  sign(path: string, address: string): string {
    return createHmac('sha256', this.#key).update(`${path}\n${address}`).digest('base64url');
  }

  /** Whether `signature` signs `path` and `address`. */
  verify(path: string, address: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(path, address));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
