import {
  type BoardOutcomes,
  buildSessionSummary,
  extractBoardOutcomes,
  facilitationMapName,
  type Locale,
  localeSchema,
  outcomesToCsv,
  outcomesToJson,
  outcomesToMarkdown,
  type RoomId,
  type RoomLanguage,
  readRecords,
  type SessionSummary,
  type StoredRecord,
  sessionSummarySchema,
  sessionSummaryToMarkdown,
} from '@kohtaamo/shared';
import { Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import { ApiError } from './ApiError.js';
import { type AuthorizeRoom, requireRoomAction } from './authorizeRoom.js';
import { parseRoomIdParam } from './roomIdParam.js';

/** Where the export routes read a room's document. */
export interface RoomDocumentReader {
  /** The document as updates to apply in order; empty when the room was never written. */
  readDocument(roomId: string): Promise<readonly Uint8Array[]>;
}

/** What the export routes know of a room from the room directory. */
export interface ExportRoomInfo {
  readonly title: string;
  readonly language: RoomLanguage;
}

/** Looks a room up by id (`RoomDirectory.get`); `undefined` when it is not in the directory. */
export type LookupExportRoom = (roomId: RoomId) => Promise<ExportRoomInfo | undefined>;

/** What the export routes need. */
export interface ExportRouteDeps {
  readonly documents: RoomDocumentReader;
  readonly authorizeRoom: AuthorizeRoom;
  /**
   * The room directory, for the summary's title, the default locale and
   * for exporting a listed room whose board is still empty. Without it,
   * the locale defaults to English and a board never written is a 404.
   */
  readonly lookupRoom?: LookupExportRoom | undefined;
}

const exportQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv', 'md', 'summary', 'summary-json']).default('json'),
  /** Defaults to the room's language, else English. */
  locale: localeSchema.optional(),
  /** One template's shape id; all templates when absent. */
  template: z.string().min(1).max(200).optional(),
  /** Capability token of a protected room (read by `authorizeRoom`, see `RoomAccess`). */
  t: z.string().optional(),
  token: z.string().optional(),
});

type ExportFormat = z.infer<typeof exportQuerySchema>['format'];
type BoardFormat = Exclude<ExportFormat, 'summary' | 'summary-json'>;

const formats: Record<
  BoardFormat,
  { readonly contentType: string; render(board: BoardOutcomes): string }
> = {
  json: { contentType: 'application/json; charset=utf-8', render: outcomesToJson },
  csv: { contentType: 'text/csv; charset=utf-8', render: (board) => outcomesToCsv(board) },
  md: { contentType: 'text/markdown; charset=utf-8', render: outcomesToMarkdown },
};

const summaryFormats: Record<
  Exclude<ExportFormat, BoardFormat>,
  { readonly contentType: string; readonly extension: string; render(s: SessionSummary): string }
> = {
  summary: {
    contentType: 'text/markdown; charset=utf-8',
    extension: 'md',
    render: sessionSummaryToMarkdown,
  },
  'summary-json': {
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    render: (summary) => `${JSON.stringify(sessionSummarySchema.parse(summary), null, 2)}\n`,
  },
};

interface BoardSnapshot {
  readonly records: StoredRecord[];
  readonly facilitation: [string, unknown][];
}

/** The board's records and facilitation map entries, from its updates. */
function readBoard(updates: readonly Uint8Array[]): BoardSnapshot {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return {
      records: [...readRecords(doc).records.values()],
      facilitation: [...doc.getMap<unknown>(facilitationMapName).entries()],
    };
  } finally {
    doc.destroy();
  }
}

function downloadHeaders(contentType: string, filename: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

/**
 * `GET /api/rooms/:roomId/export?format=json|csv|md|summary|summary-json&locale=fi|en&template=<shape id>`:
 * the board's templates as data (cells with their notes and authors, feelings,
 * costs, reactions) with the facilitation part (agenda, vote sessions), read
 * from the stored document — or the live one, unsaved changes included —
 * without a browser. `summary` is the session summary as Markdown,
 * `summary-json` its data; both always cover the whole board (`template`
 * narrows the other formats only). The locale defaults to the room's
 * language. A room never written is a 404 unless the room directory lists
 * it: then its empty board exports.
 */
export function exportRoutes(deps: ExportRouteDeps): Hono {
  const app = new Hono();

  app.get('/api/rooms/:roomId/export', async (c) => {
    const roomId: RoomId = parseRoomIdParam(c.req.param('roomId'));
    const query = exportQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      const where = issue?.path.join('.') || 'query';
      throw new ApiError(400, 'invalid_query', `${where}: ${issue?.message ?? 'invalid'}`);
    }
    await requireRoomAction(deps.authorizeRoom, roomId, 'export', c.req.raw);
    const { format, template } = query.data;

    const updates = await deps.documents.readDocument(roomId);
    const room = await deps.lookupRoom?.(roomId);
    if (updates.length === 0 && room === undefined) {
      throw new ApiError(404, 'room_not_found', 'no board with this id');
    }
    const locale: Locale = query.data.locale ?? room?.language ?? 'en';
    const { records, facilitation } = readBoard(updates);
    if (format === 'summary' || format === 'summary-json') {
      const summary = buildSessionSummary(records, facilitation, {
        locale,
        roomId,
        title: room?.title,
      });
      const { contentType, extension, render } = summaryFormats[format];
      return c.body(
        render(summary),
        200,
        downloadHeaders(contentType, `kohtaamo-${roomId}-summary.${extension}`),
      );
    }
    let board = extractBoardOutcomes(records, {
      locale,
      roomId,
      facilitation,
      title: room?.title,
      language: room?.language,
    });
    if (template !== undefined) {
      const templates = board.templates.filter((t) => t.shapeId === template);
      if (templates.length === 0) {
        throw new ApiError(404, 'template_not_found', 'no template with this id on the board');
      }
      board = { ...board, templates };
    }

    const { contentType, render } = formats[format];
    return c.body(render(board), 200, downloadHeaders(contentType, `kohtaamo-${roomId}.${format}`));
  });

  return app;
}
