import '../../canvas/testSetup';
import type { RoomRole, VoteScope } from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { isVoteItem, mayVote, voteItemIds, voteItemLabel } from './voteItems';
import { createVotingTestBoard, type VotingTestBoard } from './votingTestBoard';

let board: VotingTestBoard;

afterEach(() => board.editor.dispose());

const label = (key: string) => key;

function eligible(scope: VoteScope): string[] {
  const { editor } = board;
  return [...board.inTemplate, ...board.loose, board.template, board.elsewhere].filter((id) => {
    const shape = editor.getShape(id);
    return shape !== undefined && isVoteItem(editor, scope, shape);
  });
}

describe('vote eligibility mirrors the server’s scope rule', () => {
  it('takes exactly the listed shapes in a selection', () => {
    board = createVotingTestBoard();
    const scope: VoteScope = { kind: 'selection', itemIds: [board.loose[1], board.inTemplate[0]] };
    expect(eligible(scope).sort()).toEqual([board.inTemplate[0], board.loose[1]].sort());
    expect(voteItemIds(board.editor, scope)).toEqual([board.loose[1], board.inTemplate[0]]);
  });

  it('leaves out a listed shape that has since been deleted', () => {
    board = createVotingTestBoard();
    board.editor.deleteShape(board.loose[0]);
    const scope: VoteScope = { kind: 'selection', itemIds: [board.loose[0], board.loose[1]] };
    expect(voteItemIds(board.editor, scope)).toEqual([board.loose[1]]);
  });

  it('takes the template’s children, not the template or loose notes', () => {
    board = createVotingTestBoard();
    const scope: VoteScope = { kind: 'template', templateId: board.template };
    expect(eligible(scope).sort()).toEqual([...board.inTemplate].sort());
    expect(voteItemIds(board.editor, scope).sort()).toEqual([...board.inTemplate].sort());
  });

  it('takes every shape on the page but templates, notes in templates included', () => {
    board = createVotingTestBoard();
    const scope: VoteScope = { kind: 'page', pageId: board.editor.getCurrentPageId() };
    const expected = [...board.inTemplate, ...board.loose].sort();
    expect(eligible(scope).sort()).toEqual(expected);
    expect(voteItemIds(board.editor, scope).sort()).toEqual(expected);
    expect(voteItemIds(board.editor, { kind: 'page', pageId: 'page:gone' })).toEqual([]);
  });

  it('names items by their text, and says so for text-less or deleted ones', () => {
    board = createVotingTestBoard();
    expect(voteItemLabel(board.editor, board.loose[0], label)).toBe('Faster onboarding');
    expect(voteItemLabel(board.editor, board.template, label)).not.toBe('vote.item.deleted');
    expect(voteItemLabel(board.editor, 'shape:gone', label)).toBe('vote.item.deleted');
  });

  it('lets everyone vote but a viewer', () => {
    board = createVotingTestBoard();
    const roles: (RoomRole | null)[] = [null, 'facilitator', 'participant', 'guest', 'viewer'];
    expect(roles.map(mayVote)).toEqual([true, true, true, true, false]);
  });
});
