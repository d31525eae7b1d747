import {
  type BoardOutcomes,
  extractBoardOutcomes,
  localeSchema,
  outcomesToCsv,
  outcomesToJson,
  outcomesToMarkdown,
  type RoomId,
  readRecords,
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

/** What the export routes need. */
export interface ExportRouteDeps {
  readonly documents: RoomDocumentReader;
  readonly authorizeRoom: AuthorizeRoom;
}

const exportQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  locale: localeSchema.default('en'),
  /** One template's shape id; all templates when absent. */
  template: z.string().min(1).max(200).optional(),
  /** Capability token of a protected room (read by `authorizeRoom`, see `RoomAccess`). */
  t: z.string().optional(),
  token: z.string().optional(),
});

type ExportFormat = z.infer<typeof exportQuerySchema>['format'];

const formats: Record<
  ExportFormat,
  { readonly contentType: string; render(board: BoardOutcomes): string }
> = {
  json: { contentType: 'application/json; charset=utf-8', render: outcomesToJson },
  csv: { contentType: 'text/csv; charset=utf-8', render: (board) => outcomesToCsv(board) },
  md: { contentType: 'text/markdown; charset=utf-8', render: outcomesToMarkdown },
};

/**
 * `GET /api/rooms/:roomId/export?format=json|csv|md&locale=fi|en&template=<shape id>`:
 * the board's templates as data (cells with their notes and authors, feelings,
 * costs), read from the stored document — or the live one, unsaved changes
 * included — without a browser. A room never written is a 404.
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
    const { format, locale, template } = query.data;

    const updates = await deps.documents.readDocument(roomId);
    if (updates.length === 0) throw new ApiError(404, 'room_not_found', 'no board with this id');
    const doc = new Y.Doc();
    let board: BoardOutcomes;
    try {
      Y.transact(doc, () => {
        for (const update of updates) Y.applyUpdate(doc, update);
      });
      board = extractBoardOutcomes(readRecords(doc).records.values(), { locale, roomId });
    } finally {
      doc.destroy();
    }
    if (template !== undefined) {
      const templates = board.templates.filter((t) => t.shapeId === template);
      if (templates.length === 0) {
        throw new ApiError(404, 'template_not_found', 'no template with this id on the board');
      }
      board = { ...board, templates };
    }

    const { contentType, render } = formats[format];
    return c.body(render(board), 200, {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="kohtaamo-${roomId}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}
