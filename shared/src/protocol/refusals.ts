/**
 * The part of a refusal that travels to the client: a stable code and the
 * values its message names. A close reason carries only this.
 */
export interface RefusalData<Code extends string = string> {
  /** Stable, machine-readable code; the client's message key is `refusal.<code>`. */
  readonly code: Code;
  /** Values the message names (limits, counts, ids); JSON-safe scalars only. */
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * A refusal is data: a stable code the client translates (fi/en), optional
 * parameters for its message, and an English reason that stays in the logs.
 * The server never sends the English reason as the thing a person reads.
 *
 * Codes are dotted strings grouped by area (`guest.notAuthor`,
 * `vote.limit`); each area lists its own codes next to the rules that use
 * them, and the client has one message per code (`refusal.<code>`).
 */
export interface Refusal<Code extends string = string> extends RefusalData<Code> {
  /** English sentence for logs and tests; never shown to a person as is. */
  readonly reason: string;
}

/** Makes a {@link Refusal}; `params` is left out when empty. */
export function refusal<Code extends string>(
  code: Code,
  reason: string,
  params?: Readonly<Record<string, string | number>>,
): Refusal<Code> {
  return params === undefined || Object.keys(params).length === 0
    ? { code, reason }
    : { code, reason, params };
}

/** RFC 6455 allows a close frame's reason at most this many UTF-8 bytes. */
export const maxCloseReasonBytes = 123;

/**
 * A dotted code: two or more segments of letters and digits, each starting
 * with a letter. An English sentence never matches (it has spaces), which is
 * how an old server's close reason is told apart.
 */
const refusalCodePattern = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/;

const utf8 = new TextEncoder();

/**
 * A refusal as a WebSocket close reason: the code, then a space and its
 * params as JSON if there are any (`document.tooLarge {"limitBytes":67108864}`).
 * The English reason is left out: it is for the server's log. When the
 * params would push the reason past {@link maxCloseReasonBytes} they are
 * dropped, never the code, so the client can still name the rule.
 * @throws RangeError if the code is not a dotted code or does not fit on its own (programmer error).
 */
export function encodeRefusalCloseReason(refused: RefusalData): string {
  const { code, params } = refused;
  if (!refusalCodePattern.test(code) || utf8.encode(code).byteLength > maxCloseReasonBytes) {
    throw new RangeError(`not a refusal code that fits a close reason: ${code}`);
  }
  if (params === undefined || Object.keys(params).length === 0) return code;
  const withParams = `${code} ${JSON.stringify(params)}`;
  return utf8.encode(withParams).byteLength <= maxCloseReasonBytes ? withParams : code;
}

/**
 * The code and params in a close reason made by {@link encodeRefusalCloseReason},
 * or `undefined` for anything else: an English sentence from an older
 * server, an empty reason, or params that are not a JSON object of strings
 * and numbers.
 */
export function decodeRefusalCloseReason(reason: string): RefusalData | undefined {
  const space = reason.indexOf(' ');
  const code = space === -1 ? reason : reason.slice(0, space);
  if (!refusalCodePattern.test(code)) return undefined;
  if (space === -1) return { code };
  let params: unknown;
  try {
    params = JSON.parse(reason.slice(space + 1));
  } catch {
    return undefined;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const entries = Object.entries(params);
  const scalar = (value: unknown) =>
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (!entries.every(([, value]) => scalar(value))) return undefined;
  // fromEntries defines own properties, so a `__proto__` param stays a param.
  return entries.length === 0
    ? { code }
    : { code, params: Object.fromEntries(entries) as Record<string, string | number> };
}
