import { isJsonObject } from '../protocol/docLayout.js';

/**
 * The plain text of a TipTap rich-text document: block nodes (paragraphs,
 * headings, list items…) joined by `\n`, hard breaks as `\n`, marks dropped.
 * Text inside unknown nodes is still collected. A plain string is returned as
 * is; anything else that is not a document yields `''`. Never throws.
 */
export function richTextToPlainText(richText: unknown): string {
  if (typeof richText === 'string') return richText;
  return nodeText(richText, 0);
}

/** Deeper than any real document; stops pathological input from overflowing the stack. */
const maxRichTextDepth = 64;

function nodeText(node: unknown, depth: number): string {
  if (!isJsonObject(node) || depth > maxRichTextDepth) return '';
  if (node.type === 'hardBreak') return '\n';
  if (typeof node.text === 'string') return node.text;
  if (!Array.isArray(node.content)) return '';
  const blocks: string[] = [];
  let run: string | undefined;
  for (const child of node.content) {
    if (!isJsonObject(child)) continue;
    if (isInlineNode(child)) {
      run = (run ?? '') + nodeText(child, depth + 1);
      continue;
    }
    if (run !== undefined) blocks.push(run);
    run = undefined;
    blocks.push(nodeText(child, depth + 1));
  }
  if (run !== undefined) blocks.push(run);
  return blocks.join('\n');
}

function isInlineNode(node: unknown): boolean {
  return isJsonObject(node) && (typeof node.text === 'string' || node.type === 'hardBreak');
}
