/** Average glyph width of a sans-serif font relative to its size; generous for Finnish. */
const averageGlyphWidth = 0.56;

/**
 * Splits `text` into at most `maxLines` lines that fit `maxWidth` at
 * `fontSize`, by an estimated glyph width (SVG text does not wrap, and the
 * same drawing is used for export, where nothing can be measured). A cut
 * last line ends in an ellipsis.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines: number,
): string[] {
  const perLine = Math.max(1, Math.floor(maxWidth / (fontSize * averageGlyphWidth)));
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= perLine) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
    while (current.length > perLine) {
      lines.push(current.slice(0, perLine));
      current = current.slice(perLine);
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept[kept.length - 1] as string;
  kept[kept.length - 1] = `${last.slice(0, Math.max(0, perLine - 1))}…`;
  return kept;
}
