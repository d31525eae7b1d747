import type { ReactionKind } from '@kohtaamo/shared';
import type { MessageKey } from '../i18n/messages';

/** The message key of a reaction kind's name ("Thumbs up", "Peukku ylös"). */
export function reactionNameKey(kind: ReactionKind): MessageKey {
  return `reactions.kind.${kind}`;
}
