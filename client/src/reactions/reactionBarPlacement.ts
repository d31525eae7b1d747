/** A rectangle in the editor's viewport (container) pixels. */
export interface ViewportRect {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Room left free at the viewport's edges: tldraw's menus above, its toolbar below. */
export interface ViewportInsets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * Default insets: on a phone tldraw's menu row takes about 48 px at the top
 * and its toolbar about 64 px at the bottom; the bar should not hide them.
 */
export const reactionBarInsets: ViewportInsets = { top: 56, right: 8, bottom: 72, left: 8 };

/** Space between the selection and the bar. */
const gap = 8;

/**
 * Where the reaction bar's top left corner goes: centred above the selected
 * shape, or below it when there is no room above, or pinned to the top
 * when the shape fills the screen; always inside the viewport (minus
 * `insets`) horizontally, so it stays usable on a 390 px wide phone.
 */
export function placeReactionBar(
  target: ViewportRect,
  viewport: { readonly width: number; readonly height: number },
  bar: { readonly width: number; readonly height: number },
  insets: ViewportInsets = reactionBarInsets,
): { readonly x: number; readonly y: number } {
  const centred = (target.minX + target.maxX) / 2 - bar.width / 2;
  const maxX = viewport.width - insets.right - bar.width;
  const x = Math.max(Math.min(centred, maxX), Math.min(insets.left, maxX), 0);

  const above = target.minY - gap - bar.height;
  const below = target.maxY + gap;
  const maxY = viewport.height - insets.bottom - bar.height;
  let y: number;
  if (above >= insets.top) y = above;
  else if (below <= maxY) y = below;
  else y = Math.max(insets.top, Math.min(above, maxY));
  return { x, y };
}
