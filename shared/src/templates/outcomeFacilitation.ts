import { z } from 'zod';
import {
  agendaMaxPhases,
  agendaPhaseTitleMaxLength,
  agendaTimeboxSchema,
  phaseTitle,
  timeSpentPerPhase,
} from '../facilitation/agenda.js';
import { facilitationIdSchema } from '../facilitation/facilitationRefusals.js';
import {
  type FacilitationState,
  readFacilitationState,
} from '../facilitation/facilitationState.js';
import {
  type VoteSession,
  voteMaxResultItems,
  voteMaxVotesPerPerson,
  voteTitleMaxLength,
  voteVoterNameMaxLength,
} from '../facilitation/voting.js';
import type { JsonObject } from '../protocol/docLayout.js';
import type { Locale } from '../schema/localizedText.js';
import { type ReactionKind, reactionCounts, reactionKinds } from '../schema/reactions.js';
import { templateItemIdSchema } from '../schema/templateDefinition.js';

/**
 * The facilitation part of an outcomes export (`outcomes.ts`): the agenda
 * with the time spent per phase, the vote sessions, and the reaction counts
 * of items. Read from the public facilitation state (`facilitationState.ts`)
 * only, so it holds nothing the board's readers could not already see:
 * a session that is not revealed is listed without any count, and an
 * anonymous one without any voter.
 */

const count = z.number().int().min(0);
const isoTime = z.iso.datetime({ offset: true });

/** Reaction counts of one item: only kinds somebody gave, each at least 1. */
export const outcomeReactionsSchema = z.strictObject(
  Object.fromEntries(
    reactionKinds.map(({ kind }) => [kind, z.number().int().min(1).optional()]),
  ) as Record<ReactionKind, z.ZodOptional<z.ZodNumber>>,
);

/** Validated reaction counts. */
export type OutcomeReactions = z.infer<typeof outcomeReactionsSchema>;

/** The reactions in a shape's meta as {@link OutcomeReactions}, or `undefined` when it has none. */
export function readOutcomeReactions(meta: JsonObject): OutcomeReactions | undefined {
  const counts = reactionCounts(meta);
  const reactions: OutcomeReactions = {};
  for (const { kind } of reactionKinds) if (counts[kind] > 0) reactions[kind] = counts[kind];
  return Object.keys(reactions).length > 0 ? reactions : undefined;
}

/** One agenda phase as exported: its title resolved in the export's locale. */
export const outcomePhaseSchema = z.strictObject({
  id: facilitationIdSchema,
  title: z.string().min(1).max(agendaPhaseTitleMaxLength),
  /** The template the phase suggests, by registry id. */
  templateId: templateItemIdSchema.optional(),
  timeboxMs: agendaTimeboxSchema.optional(),
  /** Time the phase was on up to the export (`timeSpentPerPhase`). */
  spentMs: count,
  /** Whether the phase was on when the board was exported. */
  current: z.boolean(),
});

/** A validated exported phase. */
export type OutcomePhase = z.infer<typeof outcomePhaseSchema>;

/** One item of revealed results, with the text of the voted shape. */
export const outcomeVoteItemSchema = z.strictObject({
  itemId: facilitationIdSchema,
  rank: z.number().int().min(1),
  total: count,
  team: count,
  customers: count,
  /** The voted shape's type; absent when the shape is no longer on the board. */
  type: z.string().min(1).max(200).optional(),
  /** The voted shape's plain text, or `''`. */
  text: z.string().max(100_000),
  /** Only in named sessions. */
  voters: z.array(z.string().max(voteVoterNameMaxLength)).optional(),
});

/** A validated exported vote item. */
export type OutcomeVoteItem = z.infer<typeof outcomeVoteItemSchema>;

const sessionHeaderShape = {
  id: facilitationIdSchema,
  title: z.string().min(1).max(voteTitleMaxLength).optional(),
  scope: z.enum(['selection', 'template', 'page']),
  anonymous: z.boolean(),
  startedAt: isoTime,
};

/** A session whose results were revealed. */
export const revealedVoteOutcomeSchema = z
  .strictObject({
    status: z.literal('revealed'),
    ...sessionHeaderShape,
    votesPerPerson: z.number().int().min(1).max(voteMaxVotesPerPerson),
    endedAt: isoTime,
    voterCounts: z.strictObject({ team: count, customers: count }),
    /** Ranked, most votes first. */
    items: z.array(outcomeVoteItemSchema).max(voteMaxResultItems),
  })
  .superRefine((session, ctx) => {
    if (session.anonymous && session.items.some((item) => item.voters !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'anonymous results must name no voters' });
    }
  });

/** A session that is running or ended without a reveal: no counts at all. */
export const unrevealedVoteOutcomeSchema = z.strictObject({
  status: z.literal('notRevealed'),
  ...sessionHeaderShape,
});

/** An exported vote session. */
export const voteSessionOutcomeSchema = z.discriminatedUnion('status', [
  revealedVoteOutcomeSchema,
  unrevealedVoteOutcomeSchema,
]);

/** A validated exported vote session. */
export type VoteSessionOutcome = z.infer<typeof voteSessionOutcomeSchema>;

/** A validated revealed session. */
export type RevealedVoteOutcome = z.infer<typeof revealedVoteOutcomeSchema>;

/** The facilitation part of an export. */
export const facilitationOutcomeSchema = z.strictObject({
  /** Phases in agenda order. */
  agenda: z.array(outcomePhaseSchema).max(agendaMaxPhases),
  /** Oldest first. */
  voteSessions: z.array(voteSessionOutcomeSchema),
});

/** A validated facilitation part. */
export type FacilitationOutcome = z.infer<typeof facilitationOutcomeSchema>;

/**
 * What an exporter passes as the facilitation input: the facilitation
 * map's entries (`doc.getMap('facilitation').entries()`) or state already
 * read with `readFacilitationState`.
 */
export type FacilitationInput = Iterable<readonly [string, unknown]> | FacilitationState;

/** The type and plain text of a board shape, for naming voted items. */
export type DescribeShape = (
  shapeId: string,
) => { readonly type: string; readonly text: string } | undefined;

function toState(input: FacilitationInput): FacilitationState {
  return Symbol.iterator in input
    ? readFacilitationState(input as Iterable<readonly [string, unknown]>)
    : (input as FacilitationState);
}

/**
 * The facilitation part of an export at `exportedAt`: every phase with its
 * title in `locale` and the time spent, every revealed session with its
 * ranked results (items named by `describe`, voters only when named), and
 * every other session as not revealed.
 */
export function extractFacilitationOutcome(
  input: FacilitationInput,
  describe: DescribeShape,
  locale: Locale,
  exportedAt: Date,
): FacilitationOutcome {
  const state = toState(input);
  const spent = timeSpentPerPhase(state.agenda, exportedAt.getTime());
  return {
    agenda: state.agenda.phases.map((phase) => ({
      id: phase.id,
      title: phaseTitle(phase, locale),
      ...(phase.templateId === undefined ? {} : { templateId: phase.templateId }),
      ...(phase.timeboxMs === undefined ? {} : { timeboxMs: phase.timeboxMs }),
      spentMs: Math.max(0, spent[phase.id] ?? 0),
      current: state.agenda.currentPhaseId === phase.id,
    })),
    voteSessions: state.voteSessions.map((session) => sessionOutcome(session, describe)),
  };
}

function sessionOutcome(session: VoteSession, describe: DescribeShape): VoteSessionOutcome {
  const { config } = session;
  const header = {
    id: session.id,
    ...(config.title === undefined ? {} : { title: config.title }),
    scope: config.scope.kind,
    anonymous: config.anonymous,
    startedAt: new Date(session.startedAt).toISOString(),
  };
  const { results, endedAt } = session;
  if (session.status !== 'revealed' || results === undefined || endedAt === null) {
    return { status: 'notRevealed', ...header };
  }
  return {
    status: 'revealed',
    ...header,
    votesPerPerson: config.votesPerPerson,
    endedAt: new Date(endedAt).toISOString(),
    voterCounts: { ...results.voterCounts },
    items: results.items.map((item) => {
      const shape = describe(item.itemId);
      return {
        itemId: item.itemId,
        rank: item.rank,
        total: item.total,
        team: item.team,
        customers: item.customers,
        ...(shape ? { type: shape.type } : {}),
        text: shape?.text ?? '',
        // The stored schema already refuses voters on anonymous sessions; this keeps it so.
        ...(!config.anonymous && item.voters ? { voters: [...item.voters] } : {}),
      };
    }),
  };
}

/** The last revealed session of a facilitation part, whose votes the CSV shows per item. */
export function latestRevealedSession(
  facilitation: FacilitationOutcome | undefined,
): RevealedVoteOutcome | undefined {
  const revealed = (facilitation?.voteSessions ?? []).filter(
    (session): session is RevealedVoteOutcome => session.status === 'revealed',
  );
  return revealed[revealed.length - 1];
}
