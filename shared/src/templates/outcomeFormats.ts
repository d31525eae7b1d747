import type { Locale } from '../schema/localizedText.js';
import { reactionKinds } from '../schema/reactions.js';
import {
  type FacilitationOutcome,
  latestRevealedSession,
  type OutcomePhase,
  type OutcomeReactions,
  type VoteSessionOutcome,
} from './outcomeFacilitation.js';
import {
  type BoardOutcomes,
  boardOutcomesSchema,
  type CanvasTemplateOutcome,
  type GridTemplateOutcome,
  type OutcomeCosts,
  type OutcomeFeelings,
  type OutcomeFit,
  type OutcomeItem,
  type TemplateOutcome,
} from './outcomes.js';
import { findTemplateDefinition } from './registry.js';
import { summaryLabels } from './summaryLabels.js';

/**
 * Template outcomes as files: JSON (the lossless format, importable again),
 * CSV (for spreadsheets) and Markdown (a report to read or paste into a
 * wiki). Pure string building; the caller decides on file names and MIME
 * types. User text is treated as hostile in every format: CSV cells cannot
 * start a spreadsheet formula and Markdown cannot gain headings or links.
 */

/**
 * The outcomes as pretty-printed JSON (two-space indent, trailing newline),
 * after validating them, so a file written here always imports again.
 * @throws {z.ZodError} if `board` is not valid outcomes data.
 */
export function outcomesToJson(board: BoardOutcomes): string {
  return `${JSON.stringify(boardOutcomesSchema.parse(board), null, 2)}\n`;
}

/** Options of {@link outcomesToCsv}. */
export interface OutcomesCsvOptions {
  /**
   * Start with a UTF-8 byte order mark (U+FEFF), default `true`: without it
   * Excel reads the file as the system code page and garbles ä and ö.
   */
  bom?: boolean;
}

/** The texts of the outcome formats (CSV columns, report headings) in one locale. */
export interface FormatTexts {
  readonly columns: readonly string[];
  readonly boardTitle: string;
  readonly exported: string;
  readonly room: string;
  readonly unplaced: string;
  readonly empty: string;
  readonly feelings: string;
  readonly stage: string;
  readonly mean: string;
  readonly range: string;
  readonly count: string;
  readonly costs: string;
  readonly costLine: string;
  readonly cost: string;
  readonly revenue: string;
  readonly unitAmount: string;
  readonly quantity: string;
  readonly total: string;
  readonly totalCosts: string;
  readonly totalRevenues: string;
  readonly margin: string;
  readonly unnamed: string;
  readonly fit: string;
  readonly valueProposition: string;
  readonly fitRating: string;
}

/**
 * {@link FormatTexts} in Finnish and English; exported so other renderings
 * of the same outcomes (the client's printable summary) name things alike.
 */
export const outcomeFormatTexts: Readonly<Record<Locale, FormatTexts>> = {
  fi: {
    columns: ['Pohja', 'Kaista', 'Vaihe / kenttä', 'Tyyppi', 'Teksti', 'Tekijä', 'Linkki'],
    boardTitle: 'Työpajan tulokset',
    exported: 'Viety',
    room: 'Huone',
    unplaced: 'Solujen ulkopuolella',
    empty: 'Ei sisältöä',
    feelings: 'Tunnekäyrä',
    stage: 'Vaihe',
    mean: 'Keskiarvo',
    range: 'Vaihteluväli',
    count: 'n',
    costs: 'Kustannus- ja tuottolaskelma',
    costLine: 'Rivi',
    cost: 'Kustannus',
    revenue: 'Tuotto',
    unitAmount: 'Yksikköhinta',
    quantity: 'Määrä',
    total: 'Yhteensä',
    totalCosts: 'Kustannukset yhteensä',
    totalRevenues: 'Tuotot yhteensä',
    margin: 'Kate',
    unnamed: 'nimetön',
    fit: 'Sopivuus',
    valueProposition: 'Arvolupaus',
    fitRating: 'Sopivuusarvio',
  },
  en: {
    columns: ['Template', 'Lane', 'Stage / field', 'Type', 'Text', 'Author', 'Link'],
    boardTitle: 'Workshop outcomes',
    exported: 'Exported',
    room: 'Room',
    unplaced: 'Outside the cells',
    empty: 'No content',
    feelings: 'Emotion curve',
    stage: 'Stage',
    mean: 'Mean',
    range: 'Range',
    count: 'n',
    costs: 'Cost and revenue calculation',
    costLine: 'Line',
    cost: 'Cost',
    revenue: 'Revenue',
    unitAmount: 'Unit amount',
    quantity: 'Quantity',
    total: 'Total',
    totalCosts: 'Total costs',
    totalRevenues: 'Total revenues',
    margin: 'Margin',
    unnamed: 'unnamed',
    fit: 'Fit',
    valueProposition: 'Value proposition',
    fitRating: 'Fit rating',
  },
};

const texts = outcomeFormatTexts;

/**
 * Names for the templates of a board in order: the title, numbered when a
 * title occurs more than once (a board often holds several concept canvases
 * side by side, and rows must say which one they came from).
 */
function templateNames(board: BoardOutcomes): string[] {
  const totals = new Map<string, number>();
  for (const template of board.templates) {
    totals.set(template.title, (totals.get(template.title) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return board.templates.map((template) => {
    if ((totals.get(template.title) ?? 0) < 2) return template.title;
    const number = (seen.get(template.title) ?? 0) + 1;
    seen.set(template.title, number);
    return `${template.title} ${number}`;
  });
}

/** One item with where it sits, as the CSV and the Markdown lists need it. */
interface ItemRow {
  readonly lane: string;
  readonly place: string;
  readonly item: OutcomeItem;
}

function itemRows(template: TemplateOutcome): ItemRow[] {
  const rows: ItemRow[] = [];
  if (template.kind === 'grid') {
    const stageLabels = new Map(template.stages.map((stage) => [stage.id, stage.label]));
    const laneLabels = new Map(template.lanes.map((lane) => [lane.id, lane.label]));
    for (const cell of template.cells) {
      const lane = laneLabels.get(cell.laneId) ?? cell.laneId;
      const place = cell.kind === 'cell' ? (stageLabels.get(cell.stageId) ?? cell.stageId) : '';
      for (const item of cell.items) rows.push({ lane, place, item });
    }
  } else {
    const fieldLabels = new Map(template.fields.map((field) => [field.id, field.label]));
    for (const cell of template.cells) {
      const place = fieldLabels.get(cell.fieldId) ?? cell.fieldId;
      for (const item of cell.items) rows.push({ lane: '', place, item });
    }
  }
  for (const item of template.unplaced) rows.push({ lane: '', place: '', item });
  return rows;
}

/**
 * The CSV header row in `locale`: the seven item columns (template, lane,
 * stage or field, type, text, author, link), one column per reaction kind
 * in {@link reactionKinds} order (`Thumbs up 👍`, …: how many people gave
 * it), and three vote columns: the item's total, team and customer votes in
 * the latest revealed vote session.
 */
export function outcomesCsvColumns(locale: Locale): string[] {
  const labels = summaryLabels[locale];
  return [
    ...texts[locale].columns,
    ...reactionKinds.map(({ kind, emoji }) => `${labels.reactionNames[kind]} ${emoji}`),
    ...labels.csvVotes,
  ];
}

/**
 * The outcomes as CSV (RFC 4180): a header row in the export's locale (see
 * {@link outcomesCsvColumns}), then one row per item: template, lane, stage
 * or field, shape type, text, author, link, its reaction counts per kind
 * (empty for none) and its votes in the latest revealed session (total,
 * team, customers; empty when it got none or nothing was revealed; never
 * filled from a session that is not revealed). Header-lane items leave the
 * stage empty, canvas items the lane, unplaced items both. A canvas's fit statement and rating summary
 * follow its items as rows of the Fit field, with the localized name of the
 * fact ("Value proposition", "Fit rating") as the type. Lines end in CRLF; fields with a comma, quote
 * or line break are quoted with quotes doubled. A field starting with `=`,
 * `+`, `-`, `@`, tab or CR gets a leading apostrophe so spreadsheets show it
 * as text instead of running it as a formula.
 */
export function outcomesToCsv(board: BoardOutcomes, options: OutcomesCsvOptions = {}): string {
  const t = texts[board.locale];
  const names = templateNames(board);
  const columns = outcomesCsvColumns(board.locale);
  const lines = [columns.map(csvField).join(',')];
  const session = latestRevealedSession(board.facilitation);
  const votes = new Map(session?.items.map((item) => [item.itemId, item]));
  const extraColumns = columns.length - t.columns.length;
  board.templates.forEach((template, index) => {
    for (const { lane, place, item } of itemRows(template)) {
      const voted = votes.get(item.shapeId);
      const fields = [
        names[index] ?? template.title,
        lane,
        place,
        item.type,
        item.text,
        item.authorName ?? '',
        item.url ?? '',
        ...reactionKinds.map(({ kind }) => String(item.reactions?.[kind] ?? '')),
        ...(voted
          ? [String(voted.total), String(voted.team), String(voted.customers)]
          : ['', '', '']),
      ];
      lines.push(fields.map(csvField).join(','));
    }
    if (template.kind === 'canvas' && template.fit) {
      const name = names[index] ?? template.title;
      const place = template.fields.find((field) => field.kind === 'fit')?.label ?? t.fit;
      for (const [type, text] of fitFacts(template.fit, board.locale)) {
        const fields = [name, '', place, type, text, '', '', ...Array(extraColumns).fill('')];
        lines.push(fields.map(csvField).join(','));
      }
    }
  });
  const body = lines.map((line) => `${line}\r\n`).join('');
  return (options.bom ?? true) ? `\uFEFF${body}` : body;
}

function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * The outcomes as a Markdown report: the board as H1 with the export time,
 * each template as H2, each lane (or canvas field) as H3 with its items as
 * bullets under stage bullets and the author in parentheses, blueprint lines
 * as italic separators, the emotion curve as a table (stage, mean, range, n),
 * the cost calculation as a table with totals and margin, and a canvas's
 * value proposition and fit rating (mean out of 5, n, range) under its Fit
 * field. Items show their reactions (`👍 3 ❤️ 1`). With a facilitation
 * part, an "Agenda" section (phase, template, timebox, time spent) and a
 * "Votes" section (per session: a ranked table of item, total, team and
 * customers, and the voters in named sessions; "not revealed" and nothing
 * else for sessions whose results were not shown) follow. Empty stages
 * are left out; an empty lane says so. User text is escaped, so a note
 * cannot add headings, links, tables or HTML.
 */
export function outcomesToMarkdown(board: BoardOutcomes): string {
  const t = texts[board.locale];
  const heading = board.title === undefined ? t.boardTitle : escapeMarkdownInline(board.title);
  const out: string[] = [`# ${heading}`, ''];
  const facts = [`${t.exported}: ${escapeMarkdownInline(board.exportedAt)}`];
  if (board.roomId !== undefined) facts.push(`${t.room}: ${escapeMarkdownInline(board.roomId)}`);
  out.push(facts.join(' · '), '');
  out.push(...templatesMarkdown(board));
  if (board.facilitation) {
    const labels = summaryLabels[board.locale];
    out.push(`## ${labels.agenda}`, '', ...agendaMarkdown(board.facilitation, board.locale));
    out.push(`## ${labels.votes}`, '', ...voteSessionsMarkdown(board.facilitation, board.locale));
  }
  return markdownDocument(out);
}

/** Lines joined into a document: trailing blank lines dropped, one final newline. */
export function markdownDocument(lines: readonly string[]): string {
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * The Markdown of every template of `board`, as {@link outcomesToMarkdown}
 * writes it: each template an H2 section with its lanes or fields as H3.
 * Shared with the session summary so templates render one way only.
 */
export function templatesMarkdown(board: BoardOutcomes): string[] {
  const t = texts[board.locale];
  const names = templateNames(board);
  const out: string[] = [];
  board.templates.forEach((template, index) => {
    out.push(`## ${escapeMarkdownInline(names[index] ?? template.title)}`, '');
    if (template.kind === 'grid') gridMarkdown(template, board.locale, out);
    else canvasMarkdown(template, board.locale, out);
    if (template.unplaced.length > 0) {
      out.push(`### ${t.unplaced}`, '');
      for (const item of template.unplaced) out.push(itemBullet(item, ''));
      out.push('');
    }
  });
  return out;
}

/**
 * The agenda as a Markdown table (phase, template, timebox, time spent; the
 * current phase marked), followed by a blank line; a sentence when there
 * are no phases.
 */
export function agendaMarkdown(facilitation: FacilitationOutcome, locale: Locale): string[] {
  const labels = summaryLabels[locale];
  if (facilitation.agenda.length === 0) return [`*${texts[locale].empty}*`, ''];
  const rows = facilitation.agenda.map((phase: OutcomePhase) => [
    phase.current ? `${escapeCell(phase.title)} *(${labels.current})*` : escapeCell(phase.title),
    phase.templateId === undefined ? '' : escapeCell(templateTitle(phase.templateId, locale)),
    phase.timeboxMs === undefined ? '' : formatDuration(phase.timeboxMs, locale),
    formatDuration(phase.spentMs, locale),
  ]);
  return [
    ...markdownTable(
      [labels.phase, labels.template, labels.timebox, labels.timeSpent],
      rows,
      [2, 3],
    ),
    '',
  ];
}

function templateTitle(templateId: string, locale: Locale): string {
  return findTemplateDefinition(templateId)?.title[locale] ?? templateId;
}

/**
 * Every vote session as an H3 section (`headingLevel` changes the level):
 * when, how (anonymous or named, votes per person), how many voted per
 * group, and the ranked results; a session that is not revealed says only
 * so. A sentence when there are no sessions.
 */
export function voteSessionsMarkdown(
  facilitation: FacilitationOutcome,
  locale: Locale,
  headingLevel = 3,
): string[] {
  const labels = summaryLabels[locale];
  if (facilitation.voteSessions.length === 0) return [`*${labels.noVotes}*`, ''];
  const hashes = '#'.repeat(headingLevel);
  const out: string[] = [];
  facilitation.voteSessions.forEach((session, index) => {
    out.push(`${hashes} ${voteSessionTitle(session, index, locale)}`, '');
    out.push(...voteSessionBody(session, locale));
  });
  return out;
}

/** A session's title, or "Vote 2" (its position) when it has none. */
export function voteSessionTitle(
  session: VoteSessionOutcome,
  index: number,
  locale: Locale,
): string {
  return session.title === undefined
    ? `${summaryLabels[locale].untitledVote} ${index + 1}`
    : escapeMarkdownInline(session.title);
}

function voteSessionBody(session: VoteSessionOutcome, locale: Locale): string[] {
  const labels = summaryLabels[locale];
  const how = [
    session.anonymous ? labels.anonymous : labels.named,
    labels.scope[session.scope],
    `${labels.started} ${formatTime(session.startedAt)}`,
  ];
  if (session.status !== 'revealed') {
    return [capitalize(how.join(' · ')), '', `*${labels.notRevealed}*`, ''];
  }
  how.splice(1, 0, `${session.votesPerPerson} ${labels.votesPerPerson}`);
  how.push(`${labels.ended} ${formatTime(session.endedAt)}`);
  const voters = `${labels.voterCounts}: ${labels.team.toLowerCase()} ${session.voterCounts.team}, ${labels.customers.toLowerCase()} ${session.voterCounts.customers}`;
  const out = [capitalize(how.join(' · ')), '', voters, ''];
  if (session.items.length === 0) return [...out, `*${labels.noVotes}*`, ''];
  const named = !session.anonymous;
  const header = [labels.rank, labels.item, labels.total, labels.team, labels.customers];
  if (named) header.push(labels.voters);
  const rows = session.items.map((item) => {
    const row = [
      String(item.rank),
      item.text.trim() === ''
        ? `*${escapeMarkdownInline(item.type ?? item.itemId)}*`
        : escapeCell(item.text),
      String(item.total),
      String(item.team),
      String(item.customers),
    ];
    if (named) row.push(escapeCell((item.voters ?? []).join(', ')));
    return row;
  });
  return [...out, ...markdownTable(header, rows, [0, 2, 3, 4]), ''];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Reaction counts as emoji and number (`👍 3 ❤️ 1`), in picker order; `''` when none. */
export function reactionsText(reactions: OutcomeReactions | undefined): string {
  if (!reactions) return '';
  return reactionKinds
    .filter(({ kind }) => (reactions[kind] ?? 0) > 0)
    .map(({ kind, emoji }) => `${emoji} ${reactions[kind]}`)
    .join(' ');
}

/** Milliseconds as whole minutes: `45 min`, `1 h 5 min` (`1 t 5 min` in Finnish). */
export function formatDuration(ms: number, locale: Locale): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  const hour = locale === 'fi' ? 't' : 'h';
  return rest === 0 ? `${hours} ${hour}` : `${hours} ${hour} ${rest} min`;
}

/** An ISO time as `2025-03-04 10:20 UTC`, the same for every reader. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeMarkdownInline(iso);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function gridMarkdown(template: GridTemplateOutcome, locale: Locale, out: string[]): void {
  const t = texts[locale];
  for (const lane of template.lanes) {
    out.push(`### ${escapeMarkdownInline(lane.label)}`, '');
    const cells = template.cells.filter((cell) => cell.laneId === lane.id);
    const lines: string[] = [];
    for (const cell of cells) {
      if (cell.kind === 'lane') {
        for (const item of cell.items) lines.push(itemBullet(item, ''));
        continue;
      }
      if (cell.items.length === 0) continue;
      const stage = template.stages.find((candidate) => candidate.id === cell.stageId);
      lines.push(`- **${escapeMarkdownInline(stage?.label ?? cell.stageId)}**`);
      for (const item of cell.items) lines.push(itemBullet(item, '  '));
    }
    const feelings = template.feelings?.laneId === lane.id ? template.feelings : undefined;
    if (feelings) {
      out.push(...feelingsTable(feelings, template, locale), '');
    }
    if (lines.length > 0) out.push(...lines, '');
    else if (!feelings) out.push(`*${t.empty}*`, '');
    const line = template.lines.find((candidate) => candidate.aboveLaneId === lane.id);
    if (line) out.push(`*— ${escapeMarkdownInline(line.label)} —*`, '');
  }
  if (template.costs) out.push(`### ${t.costs}`, '', ...costsTable(template.costs, locale), '');
}

function canvasMarkdown(template: CanvasTemplateOutcome, locale: Locale, out: string[]): void {
  const t = texts[locale];
  for (const field of template.fields) {
    out.push(`### ${escapeMarkdownInline(field.label)}`, '');
    const items = template.cells.find((cell) => cell.fieldId === field.id)?.items ?? [];
    const showCosts = field.kind === 'costs' && template.costs !== undefined;
    const showFit = field.kind === 'fit' && template.fit !== undefined;
    if (showFit && template.fit) out.push(...fitParagraphs(template.fit, locale));
    if (items.length > 0) out.push(...items.map((item) => itemBullet(item, '')), '');
    else if (!showCosts && !showFit) out.push(`*${t.empty}*`, '');
    if (showCosts && template.costs) out.push(...costsTable(template.costs, locale), '');
  }
  if (template.fit && !template.fields.some((field) => field.kind === 'fit')) {
    out.push(`### ${t.fit}`, '', ...fitParagraphs(template.fit, locale));
  }
  // A canvas without a costs field still gets its table, under its own heading.
  if (template.costs && !template.fields.some((field) => field.kind === 'costs')) {
    out.push(`### ${t.costs}`, '', ...costsTable(template.costs, locale), '');
  }
}

/** The rating summary as text: `3.5 / 5 (n = 2; range 3–4)`. */
function fitRatingText(rating: NonNullable<OutcomeFit['rating']>, locale: Locale): string {
  const t = texts[locale];
  const { n, mean, min, max } = rating;
  return `${formatDecimal(mean, locale)} / 5 (n = ${n}; ${t.range.toLowerCase()} ${min}–${max})`;
}

/** The statement and the rating summary as (localized name, text) pairs; absent parts are left out. */
function fitFacts(fit: OutcomeFit, locale: Locale): [string, string][] {
  const t = texts[locale];
  const facts: [string, string][] = [];
  if (fit.statement !== undefined) facts.push([t.valueProposition, fit.statement]);
  if (fit.rating !== undefined) facts.push([t.fitRating, fitRatingText(fit.rating, locale)]);
  return facts;
}

/**
 * The fit as bold-labelled paragraphs: the statement escaped with its line
 * breaks kept as hard breaks, then the rating (our own text, not escaped).
 */
function fitParagraphs(fit: OutcomeFit, locale: Locale): string[] {
  const t = texts[locale];
  const out: string[] = [];
  if (fit.statement !== undefined) {
    const statement = escapeBlock(fit.statement).split('\n').join('  \n');
    out.push(`**${t.valueProposition}:** ${statement}`, '');
  }
  if (fit.rating !== undefined) {
    out.push(`**${t.fitRating}:** ${fitRatingText(fit.rating, locale)}`, '');
  }
  return out;
}

function itemBullet(item: OutcomeItem, indent: string): string {
  const continuation = `${indent}  `;
  const text =
    item.text.trim() === '' ? `*${escapeMarkdownInline(item.type)}*` : escapeBlock(item.text);
  const parts = [text.split('\n').join(`\n${continuation}`)];
  if (item.url !== undefined) parts.push(linkText(item.url));
  if (item.authorName !== undefined) parts.push(`(${escapeMarkdownInline(item.authorName)})`);
  const reactions = reactionsText(item.reactions);
  if (reactions !== '') parts.push(reactions);
  return `${indent}- ${parts.join(' ')}`;
}

/** A link shown as an autolink only when it is http(s); anything else (javascript:, file:) stays text. */
function linkText(url: string): string {
  return /^https?:\/\/[^\s<>]+$/i.test(url) ? `<${url}>` : escapeMarkdownInline(url);
}

function feelingsTable(
  feelings: OutcomeFeelings,
  template: GridTemplateOutcome,
  locale: Locale,
): string[] {
  const t = texts[locale];
  const stageLabels = new Map(template.stages.map((stage) => [stage.id, stage.label]));
  const rows = feelings.stages.map((stage) => {
    const scored = stage.count > 0 && stage.mean !== undefined;
    return [
      escapeCell(stageLabels.get(stage.stageId) ?? stage.stageId),
      scored ? formatDecimal(stage.mean as number, locale) : '–',
      scored ? `${formatSigned(stage.min)} … ${formatSigned(stage.max)}` : '–',
      String(stage.count),
    ];
  });
  return [
    `**${t.feelings}**`,
    '',
    ...markdownTable([t.stage, t.mean, t.range, t.count], rows, [3]),
  ];
}

function costsTable(costs: OutcomeCosts, locale: Locale): string[] {
  const t = texts[locale];
  const money = (cents: number) => formatMoneyCents(cents, locale);
  const rows: string[][] = [];
  for (const [side, label] of [
    ['costs', t.cost],
    ['revenues', t.revenue],
  ] as const) {
    for (const line of costs.table[side]) {
      const quantity = line.quantity ?? 1;
      rows.push([
        line.label.trim() === '' ? `*${t.unnamed}*` : escapeCell(line.label),
        label,
        money(line.amountCents),
        String(quantity),
        money(line.amountCents * quantity),
      ]);
    }
  }
  const margin =
    costs.marginPercent === undefined
      ? money(costs.marginCents)
      : `${money(costs.marginCents)} (${formatDecimal(costs.marginPercent, locale)} %)`;
  rows.push(
    [`**${t.totalCosts}**`, '', '', '', `**${money(costs.totalCostCents)}**`],
    [`**${t.totalRevenues}**`, '', '', '', `**${money(costs.totalRevenueCents)}**`],
    [`**${t.margin}**`, '', '', '', `**${margin}**`],
  );
  return markdownTable([t.costLine, '', t.unitAmount, t.quantity, t.total], rows, [2, 3, 4]);
}

/** A Markdown table; cells must already be escaped, `rightAligned` are column indexes. */
export function markdownTable(
  header: readonly string[],
  rows: readonly string[][],
  rightAligned: number[],
): string[] {
  const align = header.map((_, index) => (rightAligned.includes(index) ? '---:' : '---'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

/** Cents as money in the locale's style: `1 234,50 €` or `€1,234.50`. Exact for safe integers. */
export function formatMoneyCents(cents: number, locale: Locale): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fi' ? '\u00a0' : ',');
  const sign = negative ? '-' : '';
  return locale === 'fi'
    ? `${sign}${grouped},${fraction}\u00a0€`
    : `${sign}€${grouped}.${fraction}`;
}

/** At most two decimals, trailing zeros dropped, the locale's decimal mark. */
export function formatDecimal(value: number, locale: Locale): string {
  const text = String(Math.round(value * 100) / 100);
  return locale === 'fi' ? text.replace('.', ',') : text;
}

function formatSigned(value: number | undefined): string {
  if (value === undefined) return '–';
  return value > 0 ? `+${value}` : String(value);
}

/**
 * Backslash-escapes every ASCII punctuation character that can start or end
 * Markdown syntax: emphasis, code, links and images, HTML and entities,
 * headings, list and block-quote markers, tables and setext underlines, and
 * the dot of an ordered-list marker at the start. CommonMark allows a backslash before any ASCII punctuation, so over-
 * escaping is harmless. Line breaks become spaces.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+\-!|~=&]/g, '\\$&')
    .replace(/^(\d+)\./, '$1\\.');
}

/** Like {@link escapeMarkdownInline}, but keeps line breaks (as `\n`) and drops leading indentation, which would start a code block. */
function escapeBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeMarkdownInline(line.trimStart()))
    .join('\n');
}

/** A table cell: escaped inline text. Escaping `|` keeps the cell from splitting. */
function escapeCell(text: string): string {
  return escapeMarkdownInline(text);
}
