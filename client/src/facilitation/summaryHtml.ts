import {
  type CanvasTemplateOutcome,
  conceptCanvas,
  type FormatTexts,
  findTemplateDefinition,
  formatDecimal,
  formatDuration,
  formatMoneyCents,
  formatTime,
  type GridTemplateOutcome,
  type Locale,
  type OutcomeItem,
  outcomeFormatTexts,
  reactionKinds,
  type SessionSummary,
  type SummaryLabels,
  sessionSummarySchema,
  summaryLabels,
  type TemplateOutcome,
  type VoteSessionOutcome,
} from '@kohtaamo/shared';
import { escapeHtml } from '../shapes/template/printTemplates';

/** The labels the printable summary is written with: shared's tables, so every export names things alike. */
export interface SummaryHtmlLabels {
  readonly summary: SummaryLabels;
  readonly formats: FormatTexts;
}

/** Shared's label tables in `locale`. */
export function summaryHtmlLabels(locale: Locale): SummaryHtmlLabels {
  return { summary: summaryLabels[locale], formats: outcomeFormatTexts[locale] };
}

const styles = `
@page { size: A4; margin: 15mm; }
html, body { margin: 0; padding: 0; background: #fff; color: #111; }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
ul { margin: 0 0 2mm; padding-left: 6mm; }
table { border-collapse: collapse; margin: 1mm 0 3mm; width: 100%; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.text { white-space: pre-line; }
.note { font-style: italic; color: #444; }
`;

/** A table; `cells` are HTML already escaped, `numeric` are column indexes to right-align. */
function table(header: readonly string[], rows: readonly string[][], numeric: number[]): string {
  const cell = (tag: 'th' | 'td', html: string, index: number) =>
    `<${tag}${numeric.includes(index) ? ' class="num"' : ''}>${html}</${tag}>`;
  const head = `<tr>${header.map((text, i) => cell('th', escapeHtml(text), i)).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((html, i) => cell('td', html, i)).join('')}</tr>`);
  return `<table><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

/** An item's text keeping its line breaks; an item without text is named by its type. */
function itemText(text: string, type: string | undefined): string {
  return text.trim() === ''
    ? `<em>${escapeHtml(type ?? '')}</em>`
    : `<span class="text">${escapeHtml(text)}</span>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function agendaHtml(summary: SessionSummary, labels: SummaryHtmlLabels): string {
  const { locale } = summary;
  const agenda = summary.outcomes.facilitation?.agenda ?? [];
  if (agenda.length === 0) return note(labels.formats.empty);
  const rows = agenda.map((phase) => [
    phase.current
      ? `${escapeHtml(phase.title)} <em>(${escapeHtml(labels.summary.current)})</em>`
      : escapeHtml(phase.title),
    phase.templateId === undefined
      ? ''
      : escapeHtml(findTemplateDefinition(phase.templateId)?.title[locale] ?? phase.templateId),
    phase.timeboxMs === undefined ? '' : escapeHtml(formatDuration(phase.timeboxMs, locale)),
    escapeHtml(formatDuration(phase.spentMs, locale)),
  ]);
  const { phase, template, timebox, timeSpent } = labels.summary;
  return table([phase, template, timebox, timeSpent], rows, [2, 3]);
}

function itemList(items: readonly OutcomeItem[]): string {
  if (items.length === 0) return '';
  return `<ul>${items.map((item) => `<li>${itemText(item.text, item.type)}</li>`).join('')}</ul>`;
}

function gridHtml(template: GridTemplateOutcome): string {
  const out: string[] = [];
  for (const lane of template.lanes) {
    const parts: string[] = [];
    for (const cell of template.cells) {
      if (cell.laneId !== lane.id || cell.items.length === 0) continue;
      if (cell.kind === 'lane') {
        parts.push(itemList(cell.items));
        continue;
      }
      const stage = template.stages.find((candidate) => candidate.id === cell.stageId);
      parts.push(
        `<p><strong>${escapeHtml(stage?.label ?? cell.stageId)}</strong></p>${itemList(cell.items)}`,
      );
    }
    if (parts.length > 0) out.push(`<h4>${escapeHtml(lane.label)}</h4>`, ...parts);
  }
  return out.join('');
}

function canvasHtml(template: CanvasTemplateOutcome): string {
  const out: string[] = [];
  for (const field of template.fields) {
    const items = template.cells.find((cell) => cell.fieldId === field.id)?.items ?? [];
    if (items.length > 0) out.push(`<h4>${escapeHtml(field.label)}</h4>`, itemList(items));
  }
  return out.join('');
}

function templateHtml(template: TemplateOutcome, labels: SummaryHtmlLabels): string {
  const body = template.kind === 'grid' ? gridHtml(template) : canvasHtml(template);
  const unplaced =
    template.unplaced.length > 0
      ? `<h4>${escapeHtml(labels.formats.unplaced)}</h4>${itemList(template.unplaced)}`
      : '';
  const content = body + unplaced;
  return `<h3>${escapeHtml(template.title)}</h3>${content === '' ? note(labels.formats.empty) : content}`;
}

function templatesHtml(summary: SessionSummary, labels: SummaryHtmlLabels): string {
  const { templates } = summary.outcomes;
  if (templates.length === 0) return note(labels.formats.empty);
  return templates.map((template) => templateHtml(template, labels)).join('');
}

function voteSessionHtml(
  session: VoteSessionOutcome,
  index: number,
  labels: SummaryLabels,
): string {
  const title = session.title ?? `${labels.untitledVote} ${index + 1}`;
  const how = [
    session.anonymous ? labels.anonymous : labels.named,
    labels.scope[session.scope],
    `${labels.started} ${formatTime(session.startedAt)}`,
  ];
  const heading = `<h3>${escapeHtml(title)}</h3>`;
  if (session.status !== 'revealed') {
    return `${heading}<p>${escapeHtml(capitalize(how.join(' · ')))}</p>${note(labels.notRevealed)}`;
  }
  how.splice(1, 0, `${session.votesPerPerson} ${labels.votesPerPerson}`);
  how.push(`${labels.ended} ${formatTime(session.endedAt)}`);
  const voters = `${labels.voterCounts}: ${labels.team.toLowerCase()} ${session.voterCounts.team}, ${labels.customers.toLowerCase()} ${session.voterCounts.customers}`;
  const intro = `${heading}<p>${escapeHtml(capitalize(how.join(' · ')))}</p><p>${escapeHtml(voters)}</p>`;
  if (session.items.length === 0) return intro + note(labels.noVotes);
  const named = !session.anonymous;
  const header = [labels.rank, labels.item, labels.total, labels.team, labels.customers];
  if (named) header.push(labels.voters);
  const rows = session.items.map((item) => {
    const row = [
      String(item.rank),
      itemText(item.text, item.type ?? item.itemId),
      String(item.total),
      String(item.team),
      String(item.customers),
    ];
    if (named) row.push(escapeHtml((item.voters ?? []).join(', ')));
    return row;
  });
  return intro + table(header, rows, [0, 2, 3, 4]);
}

function votesHtml(summary: SessionSummary, labels: SummaryHtmlLabels): string {
  const sessions = summary.outcomes.facilitation?.voteSessions ?? [];
  if (sessions.length === 0) return note(labels.summary.noVotes);
  return sessions.map((session, index) => voteSessionHtml(session, index, labels.summary)).join('');
}

/** The first line of the canvas's Name field, else "Concept 2". */
function conceptName(canvas: CanvasTemplateOutcome, index: number, labels: SummaryLabels): string {
  const first = canvas.cells
    .find((cell) => cell.fieldId === 'name')
    ?.items.map((item) => item.text.split('\n')[0]?.trim() ?? '')
    .find((text) => text !== '');
  return first ?? `${labels.concept} ${index + 1}`;
}

function conceptsHtml(summary: SessionSummary, labels: SummaryHtmlLabels): string {
  const { locale } = summary;
  const canvases = summary.outcomes.templates.filter(
    (template): template is CanvasTemplateOutcome =>
      template.kind === 'canvas' && template.templateId === conceptCanvas.id,
  );
  if (canvases.length === 0) return note(labels.summary.noConcepts);
  const money = (cents: number | undefined) =>
    cents === undefined ? '–' : formatMoneyCents(cents, locale);
  const rows = canvases.map((canvas, index) => {
    const { costs, fit } = canvas;
    const margin =
      costs?.marginPercent === undefined
        ? money(costs?.marginCents)
        : `${money(costs.marginCents)} (${formatDecimal(costs.marginPercent, locale)} %)`;
    return [
      conceptName(canvas, index, labels.summary),
      money(costs?.totalCostCents),
      money(costs?.totalRevenueCents),
      margin,
      fit?.rating ? `${formatDecimal(fit.rating.mean, locale)} / 5 (n = ${fit.rating.n})` : '–',
    ].map(escapeHtml);
  });
  const { concept, totalCosts, totalRevenues, margin, fitRating } = labels.summary;
  return table([concept, totalCosts, totalRevenues, margin, fitRating], rows, [1, 2, 3]);
}

function reactionsHtml(summary: SessionSummary, labels: SummaryHtmlLabels): string {
  if (summary.topReactions.length === 0) return note(labels.summary.noReactions);
  const titles = new Map(summary.outcomes.templates.map((t) => [t.shapeId, t.title]));
  const header = [
    labels.summary.item,
    labels.summary.template,
    labels.summary.total,
    ...reactionKinds.map(({ emoji }) => emoji),
  ];
  const rows = summary.topReactions.map((item) => [
    itemText(item.text, item.type),
    escapeHtml(titles.get(item.templateShapeId) ?? ''),
    String(item.total),
    ...reactionKinds.map(({ kind }) => String(item.reactions[kind] ?? 0)),
  ]);
  return table(header, rows, [2, 3, 4, 5, 6, 7]);
}

/**
 * The session summary as one print-friendly HTML document, the same
 * sections as `sessionSummaryToMarkdown`: the title and date, the agenda,
 * the templates' content, the vote results, the concepts side by side and
 * the most-reacted items. Self-contained (one `<style>`, no scripts, no
 * external resources), so it prints under the app's Content-Security-Policy.
 * Every value is escaped: summary text is what people wrote on the board.
 * @throws {z.ZodError} if `summary` is not a valid summary.
 */
export function sessionSummaryToHtml(
  summary: SessionSummary,
  labels: SummaryHtmlLabels = summaryHtmlLabels(summary.locale),
): string {
  const data = sessionSummarySchema.parse(summary);
  const title = data.title ?? labels.summary.summaryHeading;
  const section = (heading: string, body: string) =>
    `<section><h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
  return `<!doctype html>
<html lang="${escapeHtml(data.locale)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(`${labels.summary.date}: ${formatTime(data.exportedAt)}`)}</p>
${section(labels.summary.agenda, agendaHtml(data, labels))}
${section(labels.summary.templates, templatesHtml(data, labels))}
${section(labels.summary.voteResults, votesHtml(data, labels))}
${section(labels.summary.concepts, conceptsHtml(data, labels))}
${section(labels.summary.mostReactions, reactionsHtml(data, labels))}
</body>
</html>
`;
}
