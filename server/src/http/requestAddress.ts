import type { Context } from 'hono';
import { clientAddress } from '../limits/clientAddress.js';

/**
 * What `@hono/node-server` passes as `c.env`: the Node request, whose socket
 * knows the peer address. Typed structurally so the app stays free of
 * `node:http` types; absent in `app.request()` tests and behind the upgrade
 * adapter.
 */
interface NodeBindings {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string | undefined } };
}

/**
 * The client address key of a request (see `clientAddress`): the peer
 * address, or with `trustedProxies` the right `X-Forwarded-For` entry. The
 * same key the WebSocket gateway counts connections under, so HTTP limits
 * and connection caps agree on who a client is.
 */
export function requestAddress(c: Context, trustedProxies: number): string {
  const bindings = c.env as NodeBindings | undefined;
  return clientAddress(
    bindings?.incoming?.socket?.remoteAddress,
    c.req.header('x-forwarded-for'),
    trustedProxies,
  );
}
