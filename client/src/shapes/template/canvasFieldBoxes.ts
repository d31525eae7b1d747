import type { Box } from '@kohtaamo/shared';

/** Font sizes of a canvas field's label and its help text, for a canvas `width` wide. */
export interface CanvasFieldFonts {
  readonly label: number;
  readonly help: number;
}

/** The label font scales with the canvas (2.4% of its width, 8–36); help text is 0.62 of it. */
export function canvasFieldFonts(width: number): CanvasFieldFonts {
  const label = Math.min(36, Math.max(8, width * 0.024));
  return { label, help: label * 0.62 };
}

/**
 * The part of a canvas field below its label and two lines of help: where
 * the drawing puts a field's data (cost totals, fit) and where media placed
 * into the field go, so neither covers the field's name.
 */
export function canvasFieldDataBox(field: Box, width: number): Box {
  const fonts = canvasFieldFonts(width);
  return {
    ...field,
    minY: Math.min(field.maxY, field.minY + fonts.label * 1.7 + fonts.help * 2.9),
  };
}
