import {
  type Box,
  type CanvasLayout,
  calculateCosts,
  type FeelingScores,
  type GridLayout,
  type GridTemplateDefinition,
  type GridTemplateInstance,
  type Locale,
  layoutTemplate,
  localize,
  maxFeelingScore,
  minFeelingScore,
  resolveLabel,
  summarizeFeelings,
  summarizeFitRatings,
  type TemplateDefinition,
  type TemplateInstance,
  type TemplateLayout,
} from '@kohtaamo/shared';
import type { JSX } from 'react';
import { formatMessage, type MessageKey, messages } from '../../i18n/messages';
import { canvasFieldDataBox, canvasFieldFonts } from './canvasFieldBoxes';
import { formatEuros, formatMean, formatPercent } from './euroAmount';
import type { CanvasFieldData } from './templateCanvasMeta';
import { wrapText } from './wrapText';

/**
 * Colours chosen for WCAG AA on their backgrounds: body text #1b1f24 on the
 * lightest fill is ~15:1, help text #475467 on #eef2f6 ~6.8:1, grid strokes
 * #6b7280 on white ~4.8:1 (≥3:1 for graphics). The feelings curve #7c2d92
 * is ~8.6:1 on white and the spread band is a translucent tint of it behind
 * the curve (the curve, points and counts carry the information).
 */
const palette = {
  surface: '#ffffff',
  header: '#eef2f6',
  spanningLane: '#f6f3ea',
  text: '#1b1f24',
  help: '#475467',
  grid: '#6b7280',
  blueprintLine: '#1d4ed8',
  feelingsCurve: '#7c2d92',
  loss: '#b42318',
} as const;

const fontFamily =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Props of {@link TemplateDrawing}. */
export interface TemplateDrawingProps {
  readonly instance: TemplateInstance;
  /**
   * The layout to draw, its cells grown to hold their content (see the
   * shared `layoutTemplateContent`); the stored size's when absent. Label
   * sizes follow the stored size, so a growing cell does not enlarge them.
   */
  readonly layout?: TemplateLayout | undefined;
  /** `undefined` when this build does not know the template: only the frame is drawn. */
  readonly definition: TemplateDefinition | undefined;
  readonly locale: Locale;
  /** Everyone's feelings scores, drawn as a curve in the feelings lane; none when absent. */
  readonly feelings?: FeelingScores | undefined;
  /** A canvas's cost table and fit, drawn in its Costs and Fit fields; nothing when absent. */
  readonly fieldData?: CanvasFieldData | undefined;
}

/**
 * The template as plain SVG: used on the canvas and for SVG/PNG export, so
 * both look the same. Coordinates are the template's own, from (0,0) to the
 * layout's bottom right corner.
 */
export function TemplateDrawing({
  instance,
  layout,
  definition,
  locale,
  feelings,
  fieldData,
}: TemplateDrawingProps): JSX.Element {
  let { w, h } = instance;
  let body: JSX.Element | null = null;
  if (definition && instance.kind === 'grid' && definition.kind === 'grid') {
    if (instance.stages.length > 0 && instance.lanes.length > 0) {
      const stored = layoutTemplate(instance, definition);
      const drawn = layout?.kind === 'grid' ? layout : stored;
      ({ maxX: w, maxY: h } = drawn.bounds);
      body = (
        <GridDrawing
          instance={instance}
          definition={definition}
          layout={drawn}
          stored={stored}
          locale={locale}
          feelings={feelings ?? {}}
        />
      );
    }
  } else if (definition && instance.kind === 'canvas' && definition.kind === 'canvas') {
    body = (
      <CanvasDrawing
        layout={layoutTemplate(instance, definition)}
        definition={definition}
        locale={locale}
        fieldData={fieldData ?? {}}
      />
    );
  }
  return (
    <g
      className="kohtaamo-template"
      data-template-id={instance.templateId}
      fontFamily={fontFamily}
      fill={palette.text}
    >
      <rect width={w} height={h} fill={palette.surface} stroke={palette.grid} strokeWidth={2} />
      {body}
    </g>
  );
}

interface TextBlockProps {
  readonly text: string;
  readonly box: Box;
  readonly fontSize: number;
  readonly maxLines: number;
  readonly weight?: number;
  readonly color?: string;
  readonly align?: 'start' | 'middle';
  /** Top offset inside the box; by default the block is centred vertically. */
  readonly top?: number;
}

/** Wrapped text inside a box, with padding. */
function TextBlock(props: TextBlockProps): JSX.Element {
  const { text, box, fontSize, maxLines, weight = 400, color = palette.text } = props;
  const align = props.align ?? 'middle';
  const padding = fontSize * 0.5;
  const width = box.maxX - box.minX - 2 * padding;
  const lineHeight = fontSize * 1.2;
  const fit = Math.max(1, Math.min(maxLines, Math.floor((box.maxY - box.minY) / lineHeight)));
  const lines = wrapText(text, width, fontSize, fit);
  const blockHeight = lines.length * lineHeight;
  const firstBaseline =
    props.top !== undefined
      ? box.minY + props.top + fontSize
      : (box.minY + box.maxY) / 2 - blockHeight / 2 + fontSize * 0.95;
  const x = align === 'middle' ? (box.minX + box.maxX) / 2 : box.minX + padding;
  return (
    <text
      x={x}
      y={firstBaseline}
      fontSize={fontSize}
      fontWeight={weight}
      fill={color}
      textAnchor={align}
    >
      {lines.map((line, index) => (
        // Lines are derived from the text and never reorder, so the line number is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <tspan key={index} x={x} dy={index === 0 ? 0 : lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

function rectOf(box: Box, fill: string): JSX.Element {
  return (
    <rect
      x={box.minX}
      y={box.minY}
      width={box.maxX - box.minX}
      height={box.maxY - box.minY}
      fill={fill}
      stroke={palette.grid}
      strokeWidth={1}
    />
  );
}

interface GridDrawingProps {
  readonly instance: GridTemplateInstance;
  readonly definition: GridTemplateDefinition;
  readonly layout: GridLayout;
  /** The layout at the stored size, which label sizes follow. */
  readonly stored: GridLayout;
  readonly locale: Locale;
  readonly feelings: FeelingScores;
}

function GridDrawing({
  instance,
  definition,
  layout,
  stored,
  locale,
  feelings,
}: GridDrawingProps): JSX.Element {
  const headerRowHeight = stored.body.minY;
  const columnWidth = (stored.body.maxX - stored.body.minX) / instance.stages.length;
  const rowHeight = (stored.body.maxY - stored.body.minY) / instance.lanes.length;
  const stageFont = clamp(Math.min(headerRowHeight * 0.28, columnWidth * 0.12), 8, 32);
  const laneFont = clamp(Math.min(rowHeight * 0.22, stored.body.minX * 0.09), 8, 28);
  const helpFont = laneFont * 0.72;
  const stages = new Map(instance.stages.map((stage) => [stage.id, stage]));
  const lanes = new Map(instance.lanes.map((lane) => [lane.id, lane]));
  const laneHelp = new Map(definition.lanes.map((lane) => [lane.id, lane.help]));

  return (
    <>
      {rectOf(layout.corner, palette.header)}
      <TextBlock
        text={localize(definition.title, locale)}
        box={layout.corner}
        fontSize={clamp(stageFont * 0.9, 8, 28)}
        maxLines={3}
        weight={700}
      />
      {layout.stageHeaders.map(({ stageId, box }) => {
        const stage = stages.get(stageId);
        return (
          <g key={stageId} className="kohtaamo-template-stage" data-stage-id={stageId}>
            {rectOf(box, palette.header)}
            {stage && (
              <TextBlock
                text={resolveLabel(stage, definition, locale)}
                box={box}
                fontSize={stageFont}
                maxLines={2}
                weight={700}
              />
            )}
          </g>
        );
      })}
      {layout.cells.map((cell) => (
        <g key={cell.kind === 'cell' ? `${cell.laneId}:${cell.stageId}` : cell.laneId}>
          {rectOf(cell.box, cell.kind === 'lane' ? palette.spanningLane : palette.surface)}
        </g>
      ))}
      {instance.lanes
        .filter((lane) => lane.kind === 'feelings')
        .map((lane) => {
          const cell = layout.cells.find((c) => c.laneId === lane.id);
          if (!cell) return null;
          const y = (cell.box.minY + cell.box.maxY) / 2;
          return (
            <g key={lane.id} className="kohtaamo-template-feelings" data-lane-id={lane.id}>
              <line
                x1={layout.body.minX}
                x2={layout.body.maxX}
                y1={y}
                y2={y}
                stroke={palette.grid}
                strokeWidth={1}
                strokeDasharray="6 6"
              />
              <FeelingsCurve
                box={cell.box}
                stageHeaders={layout.stageHeaders}
                feelings={feelings}
                fontSize={laneFont * 0.7}
              />
            </g>
          );
        })}
      {layout.laneHeaders.map(({ laneId, box }) => {
        const lane = lanes.get(laneId);
        const help = lane?.label.kind === 'default' ? laneHelp.get(lane.label.key) : undefined;
        const label = lane ? resolveLabel(lane, definition, locale) : laneId;
        return (
          <g key={laneId} className="kohtaamo-template-lane" data-lane-id={laneId}>
            {rectOf(box, palette.header)}
            {help ? (
              <>
                <TextBlock
                  text={label}
                  box={box}
                  fontSize={laneFont}
                  maxLines={2}
                  weight={700}
                  align="start"
                  top={laneFont * 0.4}
                />
                <TextBlock
                  text={localize(help, locale)}
                  box={{ ...box, minY: box.minY + laneFont * 1.9 }}
                  fontSize={helpFont}
                  maxLines={4}
                  color={palette.help}
                  align="start"
                  top={helpFont * 0.3}
                />
              </>
            ) : (
              <TextBlock
                text={label}
                box={box}
                fontSize={laneFont}
                maxLines={3}
                weight={700}
                align="start"
              />
            )}
          </g>
        );
      })}
      {layout.lines.map((line) => {
        const item = instance.lines.find((candidate) => candidate.id === line.lineId);
        const label = item ? resolveLabel(item, definition, locale) : line.lineId;
        const fontSize = laneFont * 0.8;
        const labelWidth = Math.min(
          label.length * fontSize * 0.58 + fontSize,
          layout.body.maxX - layout.body.minX,
        );
        return (
          <g key={line.lineId} className="kohtaamo-template-line" data-line-id={line.lineId}>
            <line
              x1={line.minX}
              x2={line.maxX}
              y1={line.y}
              y2={line.y}
              stroke={palette.blueprintLine}
              strokeWidth={4}
              strokeDasharray="16 8"
            />
            <rect
              x={line.labelAnchor.x + fontSize * 0.25}
              y={line.y - fontSize * 0.75}
              width={labelWidth}
              height={fontSize * 1.5}
              rx={fontSize * 0.3}
              fill={palette.surface}
              stroke={palette.blueprintLine}
              strokeWidth={2}
            />
            <text
              x={line.labelAnchor.x + fontSize * 0.75}
              y={line.y + fontSize * 0.35}
              fontSize={fontSize}
              fontWeight={600}
              fill={palette.blueprintLine}
            >
              {label}
            </text>
          </g>
        );
      })}
    </>
  );
}

interface FeelingsCurveProps {
  /** The feelings lane's box. */
  readonly box: Box;
  readonly stageHeaders: GridLayout['stageHeaders'];
  readonly feelings: FeelingScores;
  readonly fontSize: number;
}

/**
 * The emotion curve: the mean per stage joined by a line (unscored stages are
 * skipped), the spread from lowest to highest score as a band, and how many
 * scored. −2 sits at the bottom of the lane and +2 at the top, with a margin.
 */
function FeelingsCurve({ box, stageHeaders, feelings, fontSize }: FeelingsCurveProps): JSX.Element {
  const summaries = summarizeFeelings(
    feelings,
    stageHeaders.map((header) => header.stageId),
  );
  const margin = Math.min((box.maxY - box.minY) * 0.15, fontSize * 1.6);
  const top = box.minY + margin;
  const bottom = box.maxY - margin;
  const yOf = (score: number) =>
    bottom - ((score - minFeelingScore) / (maxFeelingScore - minFeelingScore)) * (bottom - top);
  const points = stageHeaders.flatMap((header, index) => {
    const summary = summaries[index];
    if (!summary || summary.mean === undefined || summary.min === undefined) return [];
    const width = header.box.maxX - header.box.minX;
    return [
      {
        ...summary,
        mean: summary.mean,
        min: summary.min,
        max: summary.max ?? summary.min,
        x: (header.box.minX + header.box.maxX) / 2,
        width,
      },
    ];
  });
  const radius = clamp(fontSize * 0.35, 3, 10);
  return (
    <g className="kohtaamo-template-feelings-curve" data-testid="kohtaamo-feelings-curve">
      {points.map((point) => (
        <rect
          key={`${point.stageId}:spread`}
          className="kohtaamo-template-feelings-spread"
          data-stage-id={point.stageId}
          x={point.x - Math.min(point.width * 0.12, radius * 2)}
          y={yOf(point.max) - radius}
          width={2 * Math.min(point.width * 0.12, radius * 2)}
          height={yOf(point.min) - yOf(point.max) + 2 * radius}
          rx={radius}
          fill={palette.feelingsCurve}
          fillOpacity={0.18}
        />
      ))}
      {points.length > 1 && (
        <polyline
          points={points.map((point) => `${point.x},${yOf(point.mean)}`).join(' ')}
          fill="none"
          stroke={palette.feelingsCurve}
          strokeWidth={clamp(fontSize * 0.2, 2, 5)}
          strokeLinejoin="round"
        />
      )}
      {points.map((point) => (
        <g
          key={point.stageId}
          className="kohtaamo-template-feelings-point"
          data-testid="kohtaamo-feelings-point"
          data-stage-id={point.stageId}
          data-mean={formatScore(point.mean)}
          data-min={point.min}
          data-max={point.max}
          data-count={point.count}
        >
          <circle
            cx={point.x}
            cy={yOf(point.mean)}
            r={radius}
            fill={palette.feelingsCurve}
            stroke={palette.surface}
            strokeWidth={1}
          />
          <text
            x={point.x + radius * 1.6}
            y={yOf(point.mean) - radius * 0.8}
            fontSize={fontSize}
            fill={palette.feelingsCurve}
            fontWeight={600}
          >
            {`n=${point.count}`}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A mean for a data attribute: up to two decimals, no trailing zeros. */
function formatScore(value: number): string {
  return String(Math.round(value * 100) / 100);
}

interface CanvasDrawingProps {
  readonly layout: CanvasLayout;
  readonly definition: TemplateDefinition & { kind: 'canvas' };
  readonly locale: Locale;
  readonly fieldData: CanvasFieldData;
}

function CanvasDrawing({ layout, definition, locale, fieldData }: CanvasDrawingProps): JSX.Element {
  const fields = new Map(definition.fields.map((field) => [field.id, field]));
  const width = layout.bounds.maxX - layout.bounds.minX;
  const { label: labelFont, help: helpFont } = canvasFieldFonts(width);
  return (
    <>
      {layout.cells.map((cell, index) => {
        const field = fields.get(cell.fieldId);
        if (!field) return null;
        return (
          <g key={cell.fieldId} className="kohtaamo-template-field" data-field-id={cell.fieldId}>
            {rectOf(cell.box, palette.surface)}
            <TextBlock
              text={`${index + 1}. ${localize(field.label, locale)}`}
              box={cell.box}
              fontSize={labelFont}
              maxLines={1}
              weight={700}
              align="start"
              top={labelFont * 0.4}
            />
            <TextBlock
              text={localize(field.help, locale)}
              box={{ ...cell.box, minY: cell.box.minY + labelFont * 1.7 }}
              fontSize={helpFont}
              maxLines={2}
              color={palette.help}
              align="start"
              top={helpFont * 0.2}
            />
            {field.kind === 'costs' && fieldData.costs && (
              <CostsSummary
                box={canvasFieldDataBox(cell.box, width)}
                costs={fieldData.costs}
                fontSize={labelFont * 0.72}
                locale={locale}
              />
            )}
            {field.kind === 'fit' && (
              <FitSummary
                box={canvasFieldDataBox(cell.box, width)}
                statement={fieldData.fitStatement}
                ratings={fieldData.fitRatings ?? {}}
                fontSize={labelFont * 0.72}
                locale={locale}
              />
            )}
          </g>
        );
      })}
    </>
  );
}

function message(locale: Locale, key: MessageKey, params?: Record<string, string | number>) {
  return formatMessage(messages[locale][key], params);
}

interface CostsSummaryProps {
  readonly box: Box;
  readonly costs: NonNullable<CanvasFieldData['costs']>;
  readonly fontSize: number;
  readonly locale: Locale;
}

/** Total costs, total revenues and the margin (with its percentage when there is revenue). */
function CostsSummary({ box, costs, fontSize, locale }: CostsSummaryProps): JSX.Element {
  const summary = calculateCosts(costs);
  const margin = formatEuros(summary.marginCents, locale);
  const lineHeight = fontSize * 1.3;
  const rows: { key: string; text: string; weight: number; color: string }[] = [
    {
      key: 'costs',
      text: message(locale, 'canvas.costs.drawing.costs', {
        amount: formatEuros(summary.totalCostCents, locale),
      }),
      weight: 400,
      color: palette.text,
    },
    {
      key: 'revenues',
      text: message(locale, 'canvas.costs.drawing.revenues', {
        amount: formatEuros(summary.totalRevenueCents, locale),
      }),
      weight: 400,
      color: palette.text,
    },
    {
      key: 'margin',
      text:
        summary.marginPercent === undefined
          ? message(locale, 'canvas.costs.drawing.marginNoPercent', { amount: margin })
          : message(locale, 'canvas.costs.drawing.margin', {
              amount: margin,
              percent: formatPercent(summary.marginPercent, locale),
            }),
      weight: 700,
      color: summary.marginCents < 0 ? palette.loss : palette.text,
    },
  ];
  return (
    <g
      className="kohtaamo-template-costs"
      data-testid="kohtaamo-canvas-costs"
      data-total-cost-cents={summary.totalCostCents}
      data-total-revenue-cents={summary.totalRevenueCents}
      data-margin-cents={summary.marginCents}
      data-margin-percent={
        summary.marginPercent === undefined ? undefined : formatScore(summary.marginPercent)
      }
    >
      {rows.map((row, index) =>
        box.minY + (index + 1) * lineHeight <= box.maxY ? (
          <FittedLine
            key={row.key}
            text={row.text}
            box={box}
            fontSize={fontSize}
            weight={row.weight}
            color={row.color}
            top={index * lineHeight}
          />
        ) : null,
      )}
    </g>
  );
}

/** Matches wrapText's estimate of an average glyph's width relative to the font size. */
const averageGlyphWidth = 0.56;

interface FittedLineProps {
  readonly text: string;
  readonly box: Box;
  readonly fontSize: number;
  readonly weight: number;
  readonly color: string;
  /** Top offset inside the box. */
  readonly top: number;
}

/**
 * One line of text that is never wrapped or cut, and shrinks (down to 8) to
 * fit the box's width instead: an amount must stay whole, and its no-break
 * spaces intact.
 */
function FittedLine({ text, box, fontSize, weight, color, top }: FittedLineProps): JSX.Element {
  const padding = fontSize * 0.5;
  const width = box.maxX - box.minX - 2 * padding;
  const size = clamp(
    Math.min(fontSize, width / Math.max(1, text.length * averageGlyphWidth)),
    8,
    fontSize,
  );
  return (
    <text
      x={box.minX + padding}
      y={box.minY + top + size}
      fontSize={size}
      fontWeight={weight}
      fill={color}
    >
      {text}
    </text>
  );
}

interface FitSummaryProps {
  readonly box: Box;
  readonly statement: string | undefined;
  readonly ratings: NonNullable<CanvasFieldData['fitRatings']>;
  readonly fontSize: number;
  readonly locale: Locale;
}

/** The mean rating with how many rated, then the value proposition, wrapped and cut to fit. */
function FitSummary({
  box,
  statement,
  ratings,
  fontSize,
  locale,
}: FitSummaryProps): JSX.Element | null {
  const summary = summarizeFitRatings(ratings);
  if (!summary && statement === undefined) return null;
  const lineHeight = fontSize * 1.3;
  return (
    <g
      className="kohtaamo-template-fit"
      data-testid="kohtaamo-canvas-fit"
      data-mean={summary ? formatScore(summary.mean) : undefined}
      data-n={summary?.n ?? 0}
    >
      <TextBlock
        text={
          summary
            ? message(locale, 'canvas.fit.drawing.rating', {
                mean: formatMean(summary.mean, locale),
                n: summary.n,
              })
            : message(locale, 'canvas.fit.drawing.noRating')
        }
        box={box}
        fontSize={fontSize}
        maxLines={1}
        weight={700}
        align="start"
        top={0}
      />
      {statement !== undefined && (
        <TextBlock
          text={`“${statement}”`}
          box={{ ...box, minY: Math.min(box.maxY, box.minY + lineHeight * 1.2) }}
          fontSize={fontSize * 0.9}
          maxLines={6}
          align="start"
          top={0}
        />
      )}
    </g>
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
