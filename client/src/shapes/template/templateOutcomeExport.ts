import {
  type BoardOutcomes,
  extractBoardOutcomes,
  type FacilitationInput,
  type Locale,
  outcomesToCsv,
  outcomesToJson,
  outcomesToMarkdown,
  type StoredRecord,
} from '@kohtaamo/shared';
import type { Editor, TLShapeId } from 'tldraw';

/** The data formats the board's outcomes are exported in. */
export type OutcomeFileFormat = 'json' | 'csv' | 'md';

/** Options of {@link boardOutcomesFromEditor}. */
export interface BoardOutcomesFromEditorOptions {
  readonly locale: Locale;
  readonly roomId?: string;
  /** Only these templates; every template of the board when absent. */
  readonly templateIds?: readonly TLShapeId[];
  readonly exportedAt?: Date;
  /**
   * The board's facilitation map entries (`FacilitationState.entries()`),
   * so the file has the agenda and the vote sessions like the server's
   * export; without them it has no `facilitation` part.
   */
  readonly facilitation?: FacilitationInput;
}

/**
 * The board's shape records as the editor holds them right now. tldraw
 * records are plain JSON data (they sync through Yjs as such); shared's
 * extractors validate every field they read.
 */
export function storedShapeRecords(editor: Editor): StoredRecord[] {
  return editor.store
    .allRecords()
    .filter((record) => record.typeName === 'shape') as unknown as StoredRecord[];
}

/**
 * The outcomes of the board as the editor holds it right now, so an export
 * works offline and includes changes the server has not seen yet. Same
 * extraction as the server's export route.
 */
export function boardOutcomesFromEditor(
  editor: Editor,
  options: BoardOutcomesFromEditorOptions,
): BoardOutcomes {
  const board = extractBoardOutcomes(storedShapeRecords(editor), {
    locale: options.locale,
    roomId: options.roomId,
    exportedAt: options.exportedAt,
    facilitation: options.facilitation,
  });
  const only = options.templateIds;
  if (!only) return board;
  const wanted = new Set<string>(only);
  return { ...board, templates: board.templates.filter((t) => wanted.has(t.shapeId)) };
}

const mimeTypes: Readonly<Record<OutcomeFileFormat, string>> = {
  json: 'application/json;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
};

/** The file text and MIME type of `board` in `format`. */
export function renderOutcomes(
  board: BoardOutcomes,
  format: OutcomeFileFormat,
): { readonly text: string; readonly type: string } {
  const text =
    format === 'json'
      ? outcomesToJson(board)
      : format === 'csv'
        ? outcomesToCsv(board)
        : outcomesToMarkdown(board);
  return { text, type: mimeTypes[format] };
}

/**
 * `kohtaamo-<roomId>-<YYYY-MM-DD>` in local time, plus `.<extension>` when
 * given. Without a room id the board part reads `board`.
 */
export function exportFileName(roomId: string | undefined, date: Date, extension?: string): string {
  const day = [
    String(date.getFullYear()).padStart(4, '0'),
    String(date.getMonth() + 1).padStart(2, '0'),
    String(date.getDate()).padStart(2, '0'),
  ].join('-');
  const base = `kohtaamo-${roomId ?? 'board'}-${day}`;
  return extension ? `${base}.${extension}` : base;
}

/** Saves `text` as a file through a temporary download link. */
export function downloadTextFile(doc: Document, name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
