import type { JsonObject } from '../protocol/docLayout.js';

/**
 * The reactions a person can give a note or other shape, in the order a
 * picker shows them. `kind` is what is stored; `emoji` is what is shown.
 */
export const reactionKinds = [
  { kind: 'thumbsUp', emoji: '👍' },
  { kind: 'heart', emoji: '❤️' },
  { kind: 'idea', emoji: '💡' },
  { kind: 'question', emoji: '❓' },
  { kind: 'warning', emoji: '⚠️' },
] as const;

/** One of the {@link reactionKinds}' `kind`. */
export type ReactionKind = (typeof reactionKinds)[number]['kind'];

const knownKinds: ReadonlySet<string> = new Set(reactionKinds.map(({ kind }) => kind));

/** Whether `kind` is one of the {@link reactionKinds}. */
export function isReactionKind(kind: string): kind is ReactionKind {
  return knownKinds.has(kind);
}

/**
 * Prefix of the shape meta keys that hold reactions. Like votes, each
 * person's reaction is a key of its own (`reaction:<kind>:<participant id>`,
 * value `true`), so two people reacting at once never overwrite each other
 * and the role rules can tell whose it is from the key alone.
 */
export const reactionMetaKeyPrefix = 'reaction:';

/** The shape meta key of `participantId`'s reaction of `kind`. */
export function reactionMetaKey(kind: ReactionKind, participantId: string): string {
  return `${reactionMetaKeyPrefix}${kind}:${participantId}`;
}

/**
 * The kind and participant a reaction meta key names, or `undefined` if it
 * is not a well-formed key (unknown kind, no participant id). Keys without
 * the {@link reactionMetaKeyPrefix} are not reactions at all.
 */
export function parseReactionMetaKey(
  key: string,
): { readonly kind: ReactionKind; readonly participantId: string } | undefined {
  if (!key.startsWith(reactionMetaKeyPrefix)) return undefined;
  const rest = key.slice(reactionMetaKeyPrefix.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return undefined;
  const kind = rest.slice(0, colon);
  const participantId = rest.slice(colon + 1);
  if (!isReactionKind(kind) || participantId === '') return undefined;
  return { kind, participantId };
}

/** How many people gave each kind of reaction, from a shape's meta; every kind is present. */
export function reactionCounts(meta: JsonObject): Record<ReactionKind, number> {
  const counts = Object.fromEntries(reactionKinds.map(({ kind }) => [kind, 0])) as Record<
    ReactionKind,
    number
  >;
  for (const [key, value] of Object.entries(meta)) {
    // Only `true` is a reaction; the rules refuse anything else, but an old board may differ.
    if (value !== true) continue;
    const parsed = parseReactionMetaKey(key);
    if (parsed !== undefined) counts[parsed.kind] += 1;
  }
  return counts;
}

/** Whether `participantId` gave a reaction of `kind`, from a shape's meta. */
export function hasReacted(meta: JsonObject, kind: ReactionKind, participantId: string): boolean {
  return meta[reactionMetaKey(kind, participantId)] === true;
}
