import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client's connections are counted under.
 *
 * `trustedProxies` is the number of reverse proxies in front of the server.
 * With 0 the socket's peer address is the client. With n, the client is the
 * n-th `X-Forwarded-For` entry from the right, the one the outermost trusted
 * proxy appended (every proxy appends the address it saw); entries further
 * left come from the client and could say anything. With fewer entries than
 * proxies the leftmost is used (as Express does). If the chosen entry is not
 * an address, the peer address is used: the cap then applies to the proxy as
 * a whole, which is safe but strict.
 *
 * IPv4-mapped IPv6 addresses count as IPv4. Other IPv6 addresses count per
 * /64, the block one household or host usually gets, so a client cannot
 * dodge the cap by rotating through its own addresses.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  const peer = remoteAddress ?? 'unknown';
  if (trustedProxies === 0 || forwardedFor === undefined) return addressKey(peer) ?? peer;
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  chain.push(peer);
  const chosen = chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
  return addressKey(stripPort(chosen)) ?? addressKey(peer) ?? peer;
}

/** `1.2.3.4:5678` → `1.2.3.4`, `[::1]:80` → `::1`; anything else unchanged. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort?.[1] ?? entry;
}

/** The counting key of an IP address, or `undefined` if `address` is none. */
function addressKey(address: string): string | undefined {
  if (isIPv4(address)) return address;
  const withoutZone = address.split('%')[0] ?? address;
  if (!isIPv6(withoutZone)) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(withoutZone);
  if (mapped?.[1] !== undefined) return mapped[1];
  return `${expandIPv6(withoutZone).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4Tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4Tail !== null) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  return [...headGroups, ...(tail === undefined ? [] : zeros), ...tailGroups].map((group) =>
    Number.parseInt(group, 16).toString(16),
  );
}

/**
 * Reads `TRUST_PROXY`: `false` (no proxy, the default), `true` (one proxy) or
 * the number of reverse proxies in front of the server, at most 10.
 *
 * @throws Error naming the accepted values.
 */
export function parseTrustedProxies(value: string): number {
  const text = value.trim().toLowerCase();
  if (text === 'false') return 0;
  if (text === 'true') return 1;
  if (/^\d{1,2}$/.test(text) && Number(text) <= 10) return Number(text);
  throw new Error('expected false, true or a number of proxies from 0 to 10');
}
