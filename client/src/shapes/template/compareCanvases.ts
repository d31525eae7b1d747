import {
  type CanvasTemplateOutcome,
  conceptCanvas,
  extractBoardOutcomes,
  type Locale,
  localize,
  maxFitRating,
  type OutcomeCosts,
  type OutcomeItem,
  type StoredRecord,
  type TemplateOutcome,
} from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import type { MessageKey } from '../../i18n/messages';
import { formatEuros, formatMean, formatPercent } from './euroAmount';
import { isTemplateShape } from './templateShapeProps';

/**
 * The comparison of the Tolvanen concept canvases on a page: one column per
 * canvas, one row per canvas field plus rows for the fit rating and the cost
 * calculation. Built from template outcomes (the same data as the board's
 * export), so the table says what an export would say.
 */

/** One piece of a table cell. */
export type ComparisonEntry =
  /** The text of a note, a text shape, a label… */
  | { readonly kind: 'text'; readonly text: string }
  /** A bookmark or embed: its title (or address) linking to its address. */
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  /** A summary of content that has no text of its own, e.g. "Images: 2". */
  | { readonly kind: 'summary'; readonly text: string };

/** A canvas as a column of the table. */
export interface ComparisonColumn {
  /** The template's shape id. */
  readonly shapeId: string;
  /** The text of the Name field, or a numbered fallback ("Concept 2"). */
  readonly title: string;
  /** Whether {@link ComparisonColumn.title} came from the Name field. */
  readonly named: boolean;
}

/** Which part of a canvas a row shows. */
export type ComparisonRowId =
  | `field:${string}`
  | 'fitRating'
  | 'totalCosts'
  | 'totalRevenues'
  | 'margin'
  | 'marginPercent';

/** A row of the table: its label and one cell per column, in column order. */
export interface ComparisonRow {
  readonly id: ComparisonRowId;
  readonly label: string;
  /** `cells[i]` belongs to `columns[i]`; an empty list is an empty cell. */
  readonly cells: readonly (readonly ComparisonEntry[])[];
}

/** The table model of {@link compareCanvases}. */
export interface CanvasComparison {
  readonly columns: readonly ComparisonColumn[];
  readonly rows: readonly ComparisonRow[];
}

/** Where a canvas is on the page (its top-left corner in page coordinates). */
export interface CanvasPosition {
  readonly x: number;
  readonly y: number;
}

/** A message lookup, as `useEditorMessages().t`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Options of {@link compareCanvases}. */
export interface CompareCanvasesOptions {
  /** Language of numbers and money. */
  readonly locale: Locale;
  readonly t: Translate;
}

/** Names longer than this are cut in column headers. */
export const maxColumnTitleLength = 80;

/** Canvases closer than this horizontally (page units) count as one column of the layout. */
const sameColumnTolerance = 1;

/**
 * The comparison table of the concept canvases among `templates`: only
 * those with a position in `positions` count (pass the current page's), in
 * order left → right, then top → bottom for canvases at the same x. Rows
 * are the seven fields in definition order, then fit rating, total costs,
 * total revenues, margin and margin %. Money is formatted in euros and
 * numbers in `locale`.
 */
export function compareCanvases(
  templates: readonly TemplateOutcome[],
  positions: ReadonlyMap<string, CanvasPosition>,
  options: CompareCanvasesOptions,
): CanvasComparison {
  const { t, locale } = options;
  const canvases = templates
    .filter(isConceptCanvas)
    .flatMap((outcome) => {
      const position = positions.get(outcome.shapeId);
      return position ? [{ outcome, position }] : [];
    })
    .sort(
      (a, b) =>
        (Math.abs(a.position.x - b.position.x) < sameColumnTolerance
          ? a.position.y - b.position.y
          : a.position.x - b.position.x) || (a.outcome.shapeId < b.outcome.shapeId ? -1 : 1),
    )
    .map(({ outcome }) => outcome);

  const columns = canvases.map((outcome, index): ComparisonColumn => {
    const name = canvasName(outcome);
    return name
      ? { shapeId: outcome.shapeId, title: name, named: true }
      : {
          shapeId: outcome.shapeId,
          title: t('compare.untitled', { number: index + 1 }),
          named: false,
        };
  });

  const fieldRows = conceptCanvas.fields.map(
    (field): ComparisonRow => ({
      id: `field:${field.id}`,
      label: localize(field.label, locale),
      cells: canvases.map((outcome) => {
        const items = outcome.cells.find((cell) => cell.fieldId === field.id)?.items ?? [];
        const statement = field.kind === 'fit' ? outcome.fit?.statement?.trim() : undefined;
        const entries = itemEntries(items, t);
        return statement ? [{ kind: 'text', text: statement }, ...entries] : entries;
      }),
    }),
  );

  const costRow = (
    id: ComparisonRowId,
    key: MessageKey,
    value: (costs: OutcomeCosts) => string | undefined,
  ): ComparisonRow => ({
    id,
    label: t(key),
    cells: canvases.map((outcome) => {
      const text = outcome.costs ? value(outcome.costs) : undefined;
      return text === undefined ? [] : [{ kind: 'text', text }];
    }),
  });

  return {
    columns,
    rows: [
      ...fieldRows,
      {
        id: 'fitRating',
        label: t('compare.row.fitRating'),
        cells: canvases.map((outcome) => {
          const rating = outcome.fit?.rating;
          if (!rating) return [];
          return [
            {
              kind: 'text',
              text: t('compare.fit.rating', {
                mean: formatMean(rating.mean, locale),
                scale: maxFitRating,
                n: rating.n,
                min: formatMean(rating.min, locale),
                max: formatMean(rating.max, locale),
              }),
            },
          ];
        }),
      },
      costRow('totalCosts', 'compare.row.totalCosts', (costs) =>
        formatEuros(costs.totalCostCents, locale),
      ),
      costRow('totalRevenues', 'compare.row.totalRevenues', (costs) =>
        formatEuros(costs.totalRevenueCents, locale),
      ),
      costRow('margin', 'compare.row.margin', (costs) => formatEuros(costs.marginCents, locale)),
      costRow('marginPercent', 'compare.row.marginPercent', (costs) =>
        costs.marginPercent === undefined ? undefined : formatPercent(costs.marginPercent, locale),
      ),
    ],
  };
}

function isConceptCanvas(outcome: TemplateOutcome): outcome is CanvasTemplateOutcome {
  return outcome.kind === 'canvas' && outcome.templateId === conceptCanvas.id;
}

/** The texts of the Name field's items on one line, or `undefined` when it has none. */
function canvasName(outcome: CanvasTemplateOutcome): string | undefined {
  const items = outcome.cells.find((cell) => cell.fieldId === 'name')?.items ?? [];
  const name = items
    .map((item) => item.text.replace(/\s+/g, ' ').trim())
    .filter((text) => text !== '')
    .join(' / ');
  if (name === '') return undefined;
  return name.length > maxColumnTitleLength
    ? `${name.slice(0, maxColumnTitleLength - 1).trimEnd()}…`
    : name;
}

const mediaSummaries = [
  ['image', 'compare.items.images'],
  ['video', 'compare.items.videos'],
] as const;

/**
 * A cell's items as entries: texts in reading order, then links, then one
 * count per kind of content without text of its own (images, videos, drawings…).
 */
function itemEntries(items: readonly OutcomeItem[], t: Translate): ComparisonEntry[] {
  const texts: ComparisonEntry[] = [];
  const links: ComparisonEntry[] = [];
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const item of items) {
    const text = item.text.trim();
    if (item.type === 'image' || item.type === 'video') {
      count(item.type);
    } else if ((item.type === 'bookmark' || item.type === 'embed') && isWebUrl(item.url)) {
      links.push({ kind: 'link', label: text || item.url, url: item.url });
    } else if (text !== '') {
      texts.push({ kind: 'text', text });
    } else {
      count('other');
    }
  }
  const summaries: ComparisonEntry[] = [];
  for (const [type, key] of mediaSummaries) {
    const n = counts.get(type);
    if (n) summaries.push({ kind: 'summary', text: t(key, { count: n }) });
  }
  const others = counts.get('other');
  if (others)
    summaries.push({ kind: 'summary', text: t('compare.items.other', { count: others }) });
  return [...texts, ...links, ...summaries];
}

/** Only web links become links: a board may hold any string as a bookmark's address. */
function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

/**
 * The comparison of the concept canvases on the editor's current page, as
 * the editor holds them now. Reads the store, so it is reactive inside
 * `useValue` or `computed`.
 */
export function canvasComparisonFromEditor(
  editor: Editor,
  options: CompareCanvasesOptions,
): CanvasComparison {
  const positions = new Map<string, CanvasPosition>();
  const records: StoredRecord[] = [];
  for (const shape of editor.getCurrentPageShapes()) {
    if (isTemplateShape(shape)) {
      if (shape.props.templateId !== conceptCanvas.id) continue;
      const bounds = editor.getShapePageBounds(shape);
      if (bounds) positions.set(shape.id, { x: bounds.x, y: bounds.y });
    }
    // tldraw records are plain JSON data; the extractor validates what it reads.
    records.push(shape as unknown as StoredRecord);
  }
  if (positions.size === 0) return { columns: [], rows: [] };
  const board = extractBoardOutcomes(records, { locale: options.locale });
  return compareCanvases(board.templates, positions, options);
}

/** Cell text for plain-text formats: entries on separate lines, links as "label (url)". */
export function entryText(entry: ComparisonEntry): string {
  if (entry.kind === 'link')
    return entry.label === entry.url ? entry.url : `${entry.label} (${entry.url})`;
  return entry.text;
}

/**
 * The table as CSV (RFC 4180, CRLF, UTF-8 BOM for Excel): a header row with
 * `cornerLabel` and the column titles, then one row per table row. Entries
 * of a cell are separate lines in one field. Fields that a spreadsheet would
 * run as a formula get a leading apostrophe.
 */
export function comparisonToCsv(comparison: CanvasComparison, cornerLabel: string): string {
  const lines = [[cornerLabel, ...comparison.columns.map((column) => column.title)]];
  for (const row of comparison.rows) {
    lines.push([row.label, ...row.cells.map((cell) => cell.map(entryText).join('\n'))]);
  }
  return `\uFEFF${lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('')}`;
}

function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * The table as a Markdown (GFM) table under a `caption` line. User text is
 * escaped so a note cannot break the table or add links or HTML; entries of
 * a cell are joined with `<br>`, which GFM renders as line breaks.
 */
export function comparisonToMarkdown(
  comparison: CanvasComparison,
  caption: string,
  cornerLabel: string,
): string {
  const row = (fields: readonly string[]) => `| ${fields.join(' | ')} |`;
  const header = [cornerLabel, ...comparison.columns.map((column) => column.title)].map(
    escapeMarkdown,
  );
  const out = [`**${escapeMarkdown(caption)}**`, '', row(header), row(header.map(() => '---'))];
  for (const tableRow of comparison.rows) {
    out.push(
      row([
        escapeMarkdown(tableRow.label),
        ...tableRow.cells.map((cell) =>
          cell.map((entry) => escapeMarkdown(entryText(entry))).join('<br>'),
        ),
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>~]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}
