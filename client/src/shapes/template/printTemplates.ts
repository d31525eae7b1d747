import type { Editor, TLShapeId } from 'tldraw';

/** One printed page: a caption and the template drawn as SVG markup. */
export interface PrintPage {
  readonly caption: string;
  readonly svg: string;
}

/** Texts of the printed document. */
export interface PrintDocumentOptions {
  readonly title: string;
  readonly lang: string;
}

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` with the characters that are markup in HTML text and attribute values escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/**
 * A print-ready HTML document with one page per template: landscape pages,
 * each starting a new sheet, the drawing scaled to fit. The browser's print
 * dialog turns it into a PDF, so no PDF library is needed.
 */
export function buildPrintDocument(
  pages: readonly PrintPage[],
  options: PrintDocumentOptions,
): string {
  const sections = pages
    .map(
      (page) =>
        `<section class="page"><h1>${escapeHtml(page.caption)}</h1><div class="drawing">${page.svg}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}</title>
<style>
@page { size: A4 landscape; margin: 10mm; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: system-ui, sans-serif; }
.page { break-after: page; page-break-after: always; height: 100vh; display: flex; flex-direction: column; box-sizing: border-box; }
.page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 14pt; margin: 0 0 4mm; }
.drawing { flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; }
.drawing svg { max-width: 100%; max-height: 100%; width: auto; height: auto; }
</style>
</head>
<body>
${sections}
</body>
</html>
`;
}

/** The pages of `templateIds`, each template drawn with its content; templates that cannot be drawn are left out. */
export async function renderPrintPages(
  editor: Editor,
  templateIds: readonly TLShapeId[],
  captionOf: (id: TLShapeId) => string,
): Promise<PrintPage[]> {
  const pages: PrintPage[] = [];
  for (const id of templateIds) {
    // Exporting a shape includes its descendants, i.e. the notes on the template; the
    // template itself is drawn too (see `imageExportShapeIds` in TemplateShapeUtil).
    const result = await editor.getSvgString([id], {
      background: true,
      padding: 16,
    });
    if (result) pages.push({ caption: captionOf(id), svg: result.svg });
  }
  return pages;
}

/**
 * Prints `html` from a hidden iframe, so the board stays as it is; the
 * iframe goes away after printing (or after a minute if the browser never
 * says the dialog closed).
 */
export function printHtml(doc: Document, html: string): void {
  const frame = doc.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    frame.remove();
  };
  frame.addEventListener('load', () => {
    const view = frame.contentWindow;
    if (!view) {
      remove();
      return;
    }
    view.addEventListener('afterprint', () => setTimeout(remove, 0));
    setTimeout(remove, 60_000);
    view.focus();
    view.print();
  });
  frame.srcdoc = html;
  doc.body.appendChild(frame);
}
