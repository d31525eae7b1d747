import '../../canvas/testSetup';
import { voteSessionConfigSchema } from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildVoteConfig,
  defaultVoteStartForm,
  type VoteScopeTargets,
  voteScopeTargets,
} from './voteStartConfig';
import { createVotingTestBoard, type VotingTestBoard } from './votingTestBoard';

const now = 5_000_000;
const targets: VoteScopeTargets = {
  selectedIds: ['shape:a', 'shape:b'],
  templateId: 'shape:map',
  pageId: 'page:page',
};

describe('buildVoteConfig', () => {
  it('builds each scope from the board’s targets, with the defaults', () => {
    const configs = (['selection', 'template', 'page'] as const).map((scope) =>
      buildVoteConfig({ ...defaultVoteStartForm, scope }, targets, now),
    );
    expect(configs).toEqual([
      {
        ok: true,
        config: {
          votesPerPerson: 3,
          allowMultiplePerItem: false,
          anonymous: true,
          endsAt: null,
          scope: { kind: 'selection', itemIds: ['shape:a', 'shape:b'] },
        },
      },
      expect.objectContaining({
        config: expect.objectContaining({
          scope: { kind: 'template', templateId: 'shape:map' },
        }),
      }),
      expect.objectContaining({
        config: expect.objectContaining({ scope: { kind: 'page', pageId: 'page:page' } }),
      }),
    ]);
    for (const built of configs) {
      if (!built.ok) throw new Error('refused');
      expect(voteSessionConfigSchema.safeParse(built.config).success).toBe(true);
    }
  });

  // Regression: shared's template scope took a template definition id (no colon), so the
  // template's shape id was refused before it left the client.
  it('sends a template scope with the template’s shape id', () => {
    const built = buildVoteConfig({ ...defaultVoteStartForm, scope: 'template' }, targets, now);
    expect(built.ok && built.config.scope).toEqual({ kind: 'template', templateId: 'shape:map' });
    expect(built.ok && voteSessionConfigSchema.safeParse(built.config).success).toBe(true);
  });

  it('puts the time limit on the server clock and keeps the options and title', () => {
    const built = buildVoteConfig(
      {
        scope: 'page',
        votesPerPerson: '5',
        allowMultiplePerItem: true,
        anonymous: false,
        minutes: '2,5',
        title: '  Which pains first?  ',
      },
      targets,
      now,
    );
    expect(built).toEqual({
      ok: true,
      config: {
        votesPerPerson: 5,
        allowMultiplePerItem: true,
        anonymous: false,
        endsAt: now + 150_000,
        scope: { kind: 'page', pageId: 'page:page' },
        title: 'Which pains first?',
      },
    });
  });

  it('says what to fix instead of sending a config the server would refuse', () => {
    const none: VoteScopeTargets = {
      selectedIds: [],
      templateId: null,
      pageId: 'page:page',
    };
    const error = (patch: Partial<typeof defaultVoteStartForm>, on = targets) => {
      const built = buildVoteConfig({ ...defaultVoteStartForm, ...patch }, on, now);
      return built.ok ? null : built.error;
    };
    expect(error({ scope: 'selection' }, none)).toBe('vote.start.error.noSelection');
    expect(error({ scope: 'template' }, none)).toBe('vote.start.error.noTemplate');
    expect(error({ votesPerPerson: '0' })).toBe('vote.start.error.votes');
    expect(error({ votesPerPerson: '100' })).toBe('vote.start.error.votes');
    expect(error({ votesPerPerson: '2.5' })).toBe('vote.start.error.votes');
    expect(error({ votesPerPerson: '' })).toBe('vote.start.error.votes');
    expect(error({ minutes: '0' })).toBe('vote.start.error.minutes');
    expect(error({ minutes: 'soon' })).toBe('vote.start.error.minutes');
    expect(error({ votesPerPerson: '99', minutes: ' ' })).toBeNull();
  });
});

describe('voteScopeTargets', () => {
  let board: VotingTestBoard;
  afterEach(() => board.editor.dispose());

  it('offers the selection, the selected template or the template of a selected note, and the page', () => {
    board = createVotingTestBoard();
    const { editor } = board;
    const pageId = editor.getCurrentPageId();
    expect(voteScopeTargets(editor)).toEqual({
      selectedIds: [],
      templateId: null,
      pageId,
    });
    editor.select(board.loose[0], board.loose[1]);
    expect(voteScopeTargets(editor)).toEqual({
      selectedIds: [board.loose[0], board.loose[1]],
      templateId: null,
      pageId,
    });
    editor.select(board.template);
    expect(voteScopeTargets(editor).templateId).toBe(board.template);
    editor.select(board.inTemplate[1]);
    expect(voteScopeTargets(editor)).toEqual({
      selectedIds: [board.inTemplate[1]],
      templateId: board.template,
      pageId,
    });
  });
});
