import { isJsonObject, type JsonObject, type StoredRecord } from '../protocol/docLayout.js';
import { richTextToPlainText } from './richText.js';

/** tldraw's note side length at scale 1 (its `NOTE_SIZE`). */
export const noteSize = 200;

/** tldraw's font sizes by the `size` style, used to estimate a text shape's height. */
const fontSizes: Readonly<Record<string, number>> = { s: 18, m: 24, l: 36, xl: 44 };
const textLineHeight = 1.35;

/** An axis-aligned box by its top-left corner and size. */
export interface ChildBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The box a child shape covers in its parent's coordinate space, read from
 * its stored record the way tldraw draws it, or `undefined` if its position
 * is not a pair of finite numbers. The unrotated size: a note is 200 × 200
 * times `props.scale`, its height grown by `growY` (also scaled); a text
 * shape is `w × scale` wide and an estimated number of lines tall (tldraw
 * measures text in the browser, which the server cannot); a geo shape adds
 * `growY` to `h`; others use `w × h`. Shapes without a usable size count as
 * points. tldraw rotates a shape about its `x`/`y` corner, so a rotated
 * shape's box is the bounding box of its rotated corners.
 *
 * Both the board (which cell a note is drawn in) and every export read a
 * child's place through this one function, so they cannot disagree.
 */
export function childBox(record: StoredRecord): ChildBox | undefined {
  const { x, y } = record;
  if (!isFiniteNumber(x) || !isFiniteNumber(y)) return undefined;
  const props = isJsonObject(record.props) ? record.props : {};
  const { w, h } = childSize(record.type, props);
  const rotation = isFiniteNumber(record.rotation) ? record.rotation : 0;
  if (rotation === 0 || (w === 0 && h === 0)) return { x, y, w, h };
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const corners = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ].map(([cx = 0, cy = 0]) => ({ x: x + cx * cos - cy * sin, y: y + cx * sin + cy * cos }));
  const xs = corners.map((corner) => corner.x);
  const ys = corners.map((corner) => corner.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  return { x: minX, y: minY, w: Math.max(...xs) - minX, h: Math.max(...ys) - minY };
}

/** The unrotated size of a shape of `type` with `props` (see {@link childBox}). */
function childSize(type: unknown, props: JsonObject): { w: number; h: number } {
  const scale = positive(props.scale) ?? 1;
  const growY = nonNegative(props.growY) ?? 0;
  if (type === 'note') return { w: noteSize * scale, h: (noteSize + growY) * scale };
  if (type === 'text') {
    const fontSize = fontSizes[typeof props.size === 'string' ? props.size : 'm'] ?? 24;
    const lines = Math.max(1, richTextToPlainText(props.richText).split('\n').length);
    return {
      w: (nonNegative(props.w) ?? 0) * scale,
      h: lines * fontSize * textLineHeight * scale,
    };
  }
  const w = nonNegative(props.w) ?? 0;
  const h = nonNegative(props.h) ?? 0;
  return { w, h: type === 'geo' ? h + growY : h };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function positive(value: unknown): number | undefined {
  return isFiniteNumber(value) && value > 0 ? value : undefined;
}

function nonNegative(value: unknown): number | undefined {
  return isFiniteNumber(value) && value >= 0 ? value : undefined;
}
