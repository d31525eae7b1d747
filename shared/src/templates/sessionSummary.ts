import { z } from 'zod';
import type { StoredRecord } from '../protocol/docLayout.js';
import { type Locale, localeSchema } from '../schema/localizedText.js';
import { reactionKinds } from '../schema/reactions.js';
import { roomIdSchema } from '../schema/roomId.js';
import { conceptCanvas } from './conceptCanvas.js';
import { type FacilitationInput, outcomeReactionsSchema } from './outcomeFacilitation.js';
import {
  agendaMarkdown,
  escapeMarkdownInline,
  formatDecimal,
  formatMoneyCents,
  formatTime,
  markdownDocument,
  markdownTable,
  templatesMarkdown,
  voteSessionsMarkdown,
} from './outcomeFormats.js';
import {
  type BoardOutcomes,
  boardOutcomesSchema,
  type CanvasTemplateOutcome,
  extractBoardOutcomes,
  maxOutcomeShapeIdLength,
  maxOutcomeTextLength,
  type OutcomeItem,
  type TemplateOutcome,
} from './outcomes.js';
import { summaryLabels } from './summaryLabels.js';

/**
 * The session summary: one document that tells what a workshop did — its
 * agenda and time per phase, every template's content, the vote results,
 * the concept canvases side by side and the notes people reacted to most —
 * in the session's language. Built from the same outcome extraction as the
 * exports and rendered with the same template Markdown, so the two never
 * disagree.
 */

/** The format name in {@link SessionSummary.format}. */
export const sessionSummaryFormat = 'kohtaamo-session-summary';

/** The current summary format version. */
export const sessionSummaryVersion = 1;

/** How many of the most-reacted items a summary lists. */
export const summaryTopReactionCount = 10;

/** Longest board title kept (room titles are shorter). */
export const maxSummaryTitleLength = 200;

/** An item people reacted to, with its reaction counts. */
export const summaryReactionItemSchema = z.strictObject({
  shapeId: z.string().min(1).max(maxOutcomeShapeIdLength),
  type: z.string().min(1).max(maxOutcomeShapeIdLength),
  text: z.string().max(maxOutcomeTextLength),
  /** The shape id of the template it sits on. */
  templateShapeId: z.string().min(1).max(maxOutcomeShapeIdLength),
  /** Reactions of every kind together. */
  total: z.number().int().min(1),
  reactions: outcomeReactionsSchema,
});

/** A validated reacted item. */
export type SummaryReactionItem = z.infer<typeof summaryReactionItemSchema>;

/** A session summary as data: the board's outcomes with facilitation, and the most-reacted items. */
export const sessionSummarySchema = z.strictObject({
  format: z.literal(sessionSummaryFormat),
  version: z.literal(sessionSummaryVersion),
  locale: localeSchema,
  roomId: roomIdSchema.optional(),
  /** The board's (room's) title. */
  title: z.string().trim().min(1).max(maxSummaryTitleLength).optional(),
  exportedAt: z.iso.datetime({ offset: true }),
  /** The full export, with its `facilitation` part. */
  outcomes: boardOutcomesSchema,
  /** Items with reactions, most first (ties in board order), at most {@link summaryTopReactionCount}. */
  topReactions: z.array(summaryReactionItemSchema).max(summaryTopReactionCount),
});

/** A validated session summary. */
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** Options of {@link buildSessionSummary}. */
export interface SessionSummaryOptions {
  /** The session's language. */
  readonly locale: Locale;
  readonly roomId?: string | undefined;
  /** The room's title; the summary falls back to a generic heading without it. */
  readonly title?: string | undefined;
  /** Defaults to now. */
  readonly exportedAt?: Date | undefined;
}

/**
 * The summary of a board: its outcomes (read with the facilitation map's
 * entries or state) and its most-reacted items. Never throws on stored data.
 */
export function buildSessionSummary(
  records: Iterable<StoredRecord>,
  facilitation: FacilitationInput,
  options: SessionSummaryOptions,
): SessionSummary {
  const exportedAt = options.exportedAt ?? new Date();
  const outcomes = extractBoardOutcomes(records, {
    locale: options.locale,
    roomId: options.roomId,
    exportedAt,
    facilitation,
  });
  const title = options.title?.trim().slice(0, maxSummaryTitleLength);
  return {
    format: sessionSummaryFormat,
    version: sessionSummaryVersion,
    locale: options.locale,
    ...(outcomes.roomId === undefined ? {} : { roomId: outcomes.roomId }),
    ...(title ? { title } : {}),
    exportedAt: outcomes.exportedAt,
    outcomes,
    topReactions: topReactions(outcomes),
  };
}

function templateItems(template: TemplateOutcome): OutcomeItem[] {
  const cells: readonly { items: readonly OutcomeItem[] }[] = template.cells;
  return [...cells.flatMap((cell) => cell.items), ...template.unplaced];
}

function topReactions(board: BoardOutcomes): SummaryReactionItem[] {
  const reacted: SummaryReactionItem[] = [];
  for (const template of board.templates) {
    for (const item of templateItems(template)) {
      const { reactions } = item;
      if (!reactions) continue;
      const total = reactionKinds.reduce((sum, { kind }) => sum + (reactions[kind] ?? 0), 0);
      reacted.push({
        shapeId: item.shapeId,
        type: item.type,
        text: item.text,
        templateShapeId: template.shapeId,
        total,
        reactions,
      });
    }
  }
  // Array.sort is stable, so equal totals keep board order.
  return reacted.sort((a, b) => b.total - a.total).slice(0, summaryTopReactionCount);
}

/**
 * The summary as one Markdown document in its locale: the title (H1) and
 * date; "Agenda" (phase, template, timebox, time spent); "Templates" with
 * every template as the outcomes report renders it; "Vote results" per
 * session (not-revealed sessions without counts, anonymous ones without
 * voters); "Concepts" comparing the concept canvases' costs, margin and
 * fit; and "Most reactions" with counts per kind. User text is escaped.
 * @throws {z.ZodError} if `summary` is not a valid summary.
 */
export function sessionSummaryToMarkdown(summary: SessionSummary): string {
  const data = sessionSummarySchema.parse(summary);
  const { locale, outcomes } = data;
  const labels = summaryLabels[locale];
  const out: string[] = [
    `# ${data.title === undefined ? labels.summaryHeading : escapeMarkdownInline(data.title)}`,
    '',
    `${labels.date}: ${formatTime(data.exportedAt)}`,
    '',
  ];
  const facilitation = outcomes.facilitation ?? { agenda: [], voteSessions: [] };
  out.push(`## ${labels.agenda}`, '', ...agendaMarkdown(facilitation, locale));
  out.push(`## ${labels.templates}`, '');
  // Templates are H2 sections in the report; under "Templates" they go one level down.
  out.push(...templatesMarkdown(outcomes).map(demoteHeading));
  out.push(`## ${labels.voteResults}`, '', ...voteSessionsMarkdown(facilitation, locale, 3));
  out.push(`## ${labels.concepts}`, '', ...conceptsMarkdown(outcomes));
  out.push(`## ${labels.mostReactions}`, '', ...reactionsMarkdown(data));
  return markdownDocument(out);
}

/** One level deeper, for headings only: escaped user text never starts with `#`. */
function demoteHeading(line: string): string {
  return line.startsWith('#') ? `#${line}` : line;
}

function conceptsMarkdown(board: BoardOutcomes): string[] {
  const labels = summaryLabels[board.locale];
  const canvases = board.templates.filter(
    (template): template is CanvasTemplateOutcome =>
      template.kind === 'canvas' && template.templateId === conceptCanvas.id,
  );
  if (canvases.length === 0) return [`*${labels.noConcepts}*`, ''];
  const money = (cents: number | undefined) =>
    cents === undefined ? '–' : formatMoneyCents(cents, board.locale);
  const rows = canvases.map((canvas, index) => {
    const { costs, fit } = canvas;
    const margin =
      costs?.marginPercent === undefined
        ? money(costs?.marginCents)
        : `${money(costs.marginCents)} (${formatDecimal(costs.marginPercent, board.locale)} %)`;
    return [
      conceptName(canvas, index, board.locale),
      money(costs?.totalCostCents),
      money(costs?.totalRevenueCents),
      margin,
      fit?.rating
        ? `${formatDecimal(fit.rating.mean, board.locale)} / 5 (n = ${fit.rating.n})`
        : '–',
    ];
  });
  return [
    ...markdownTable(
      [labels.concept, labels.totalCosts, labels.totalRevenues, labels.margin, labels.fitRating],
      rows,
      [1, 2, 3],
    ),
    '',
  ];
}

/** The first line of the canvas's Name field, else "Concept 2". */
function conceptName(canvas: CanvasTemplateOutcome, index: number, locale: Locale): string {
  const nameField = canvas.cells.find((cell) => cell.fieldId === 'name');
  const first = nameField?.items
    .map((item) => item.text.split('\n')[0]?.trim() ?? '')
    .find((text) => text !== '');
  return first ? escapeMarkdownInline(first) : `${summaryLabels[locale].concept} ${index + 1}`;
}

function reactionsMarkdown(summary: SessionSummary): string[] {
  const labels = summaryLabels[summary.locale];
  if (summary.topReactions.length === 0) return [`*${labels.noReactions}*`, ''];
  const titles = new Map(summary.outcomes.templates.map((t) => [t.shapeId, t.title]));
  const header = [
    labels.item,
    labels.template,
    labels.total,
    ...reactionKinds.map(({ emoji }) => emoji),
  ];
  const rows = summary.topReactions.map((item) => [
    item.text.trim() === ''
      ? `*${escapeMarkdownInline(item.type)}*`
      : escapeMarkdownInline(item.text),
    escapeMarkdownInline(titles.get(item.templateShapeId) ?? ''),
    String(item.total),
    ...reactionKinds.map(({ kind }) => String(item.reactions[kind] ?? 0)),
  ]);
  return [...markdownTable(header, rows, [2, 3, 4, 5, 6, 7]), ''];
}
