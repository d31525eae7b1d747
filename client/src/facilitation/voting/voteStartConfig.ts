import {
  templateShapeType,
  type VoteScope,
  type VoteSessionConfig,
  voteMaxSelectionItems,
  voteMaxVotesPerPerson,
  voteTitleMaxLength,
} from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';

/** What a vote may be about, as the start form offers it. */
export type VoteScopeChoice = VoteScope['kind'];

/** The start form's fields, as typed. */
export interface VoteStartForm {
  readonly scope: VoteScopeChoice;
  readonly votesPerPerson: string;
  readonly allowMultiplePerItem: boolean;
  readonly anonymous: boolean;
  /** Time limit in minutes; empty for none. */
  readonly minutes: string;
  readonly title: string;
}

/** The form a facilitator starts from: three votes, one per item, anonymous, no limit. */
export const defaultVoteStartForm: VoteStartForm = {
  scope: 'page',
  votesPerPerson: '3',
  allowMultiplePerItem: false,
  anonymous: true,
  minutes: '',
  title: '',
};

/** What each scope would take on the board now. */
export interface VoteScopeTargets {
  /** The selected shapes' ids (the selection scope). */
  readonly selectedIds: readonly string[];
  /** The selected template, or the template of the selected shape; `null` if none. */
  readonly templateId: string | null;
  readonly pageId: string;
}

/** The board's {@link VoteScopeTargets} now. */
export function voteScopeTargets(editor: Editor): VoteScopeTargets {
  const selected = editor.getSelectedShapes();
  const first = selected[0];
  const template =
    first === undefined
      ? undefined
      : first.type === templateShapeType
        ? first
        : editor.findShapeAncestor(first, (shape) => shape.type === templateShapeType);
  return {
    selectedIds: selected.map((shape) => shape.id),
    templateId: template?.id ?? null,
    pageId: editor.getCurrentPageId(),
  };
}

/** A config to send, or the message saying what to fix. */
export type VoteConfigResult =
  | { readonly ok: true; readonly config: VoteSessionConfig }
  | { readonly ok: false; readonly error: MessageKey };

function scopeOf(choice: VoteScopeChoice, targets: VoteScopeTargets): VoteScope | MessageKey {
  switch (choice) {
    case 'selection':
      if (targets.selectedIds.length === 0) return 'vote.start.error.noSelection';
      if (targets.selectedIds.length > voteMaxSelectionItems) return 'vote.start.error.tooMany';
      return { kind: 'selection', itemIds: [...targets.selectedIds] };
    case 'template':
      if (targets.templateId === null) return 'vote.start.error.noTemplate';
      return { kind: 'template', templateId: targets.templateId };
    case 'page':
      return { kind: 'page', pageId: targets.pageId };
  }
}

/** A decimal as people type it, with a comma or a point. */
function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.'));
}

/**
 * The `vote.start` config for `form` on the board's `targets`. The time
 * limit is on the server clock (`serverNow`), as the server checks it.
 */
export function buildVoteConfig(
  form: VoteStartForm,
  targets: VoteScopeTargets,
  serverNow: number,
): VoteConfigResult {
  const scope = scopeOf(form.scope, targets);
  if (typeof scope === 'string') return { ok: false, error: scope };
  const votes = parseNumber(form.votesPerPerson);
  if (!Number.isInteger(votes) || votes < 1 || votes > voteMaxVotesPerPerson) {
    return { ok: false, error: 'vote.start.error.votes' };
  }
  let endsAt: number | null = null;
  if (form.minutes.trim() !== '') {
    const minutes = parseNumber(form.minutes);
    if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
      return { ok: false, error: 'vote.start.error.minutes' };
    }
    endsAt = Math.round(serverNow + minutes * 60_000);
  }
  const title = form.title.trim().slice(0, voteTitleMaxLength);
  return {
    ok: true,
    config: {
      votesPerPerson: votes,
      allowMultiplePerItem: form.allowMultiplePerItem,
      anonymous: form.anonymous,
      endsAt,
      scope,
      ...(title === '' ? {} : { title }),
    },
  };
}
