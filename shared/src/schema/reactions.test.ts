import { describe, expect, it } from 'vitest';
import {
  hasReacted,
  isReactionKind,
  parseReactionMetaKey,
  reactionCounts,
  reactionKinds,
  reactionMetaKey,
} from './reactions.js';

describe('reactionKinds', () => {
  it('offers 👍 ❤️ 💡 ❓ ⚠️ under stable names', () => {
    expect(reactionKinds.map(({ kind, emoji }) => `${kind} ${emoji}`)).toEqual([
      'thumbsUp 👍',
      'heart ❤️',
      'idea 💡',
      'question ❓',
      'warning ⚠️',
    ]);
    expect(isReactionKind('heart')).toBe(true);
    expect(isReactionKind('thumbsDown')).toBe(false);
    expect(isReactionKind('toString')).toBe(false);
  });
});

describe('reactionMetaKey', () => {
  it('names the kind and the participant, and parses back', () => {
    expect(reactionMetaKey('idea', 'p1')).toBe('reaction:idea:p1');
    expect(parseReactionMetaKey('reaction:idea:p1')).toEqual({ kind: 'idea', participantId: 'p1' });
  });

  it('does not parse keys of unknown kinds, without a participant or without the prefix', () => {
    for (const key of [
      'reaction:thumbsDown:p1',
      'reaction:idea:',
      'reaction:idea',
      'reaction:',
      'fit:p1',
      'idea:p1',
    ]) {
      expect(parseReactionMetaKey(key)).toBeUndefined();
    }
  });
});

describe('reactionCounts and hasReacted', () => {
  const meta = {
    authorId: 'p1',
    [reactionMetaKey('thumbsUp', 'p1')]: true,
    [reactionMetaKey('thumbsUp', 'p2')]: true,
    [reactionMetaKey('heart', 'p2')]: true,
    // Not reactions: a value other than true, an unknown kind, a vote.
    [reactionMetaKey('idea', 'p3')]: false,
    'reaction:thumbsDown:p1': true,
    'fit:p1': 4,
  };

  it('counts each kind once per person, and every kind', () => {
    expect(reactionCounts(meta)).toEqual({
      thumbsUp: 2,
      heart: 1,
      idea: 0,
      question: 0,
      warning: 0,
    });
    expect(reactionCounts({})).toEqual({ thumbsUp: 0, heart: 0, idea: 0, question: 0, warning: 0 });
  });

  it('tells whether a person reacted', () => {
    expect(hasReacted(meta, 'heart', 'p2')).toBe(true);
    expect(hasReacted(meta, 'heart', 'p1')).toBe(false);
    expect(hasReacted(meta, 'idea', 'p3')).toBe(false);
  });
});
