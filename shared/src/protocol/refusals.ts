/**
 * A refusal is data: a stable code the client translates (fi/en), optional
 * parameters for its message, and an English reason that stays in the logs.
 * The server never sends the English reason as the thing a person reads.
 *
 * Codes are dotted strings grouped by area (`guest.notAuthor`,
 * `vote.limit`); each area lists its own codes next to the rules that use
 * them, and the client has one message per code (`refusal.<code>`).
 */
export interface Refusal<Code extends string = string> {
  /** Stable, machine-readable code; the client's message key is `refusal.<code>`. */
  readonly code: Code;
  /** Values the message names (limits, counts, ids); JSON-safe scalars only. */
  readonly params?: Readonly<Record<string, string | number>>;
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
