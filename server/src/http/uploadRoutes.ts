import type { RoomId } from '@kohtaamo/shared';
import {
  isUploadContentType,
  type UploadContentType,
  type UploadLimits,
  uploadLimitFor,
  uploadTypes,
} from '@kohtaamo/shared';
import { Hono } from 'hono';
import type { Logger } from '../logger.js';
import { contentDisposition, sanitizeFileName } from '../uploads/fileName.js';
import { sniffHeadBytes, sniffUpload, unsupportedTypeMessage } from '../uploads/sniffUpload.js';
import type { ByteRange, UploadInfo, UploadStore } from '../uploads/UploadStore.js';
import { isUploadId } from '../uploads/uploadId.js';
import { ApiError } from './ApiError.js';
import { type AuthorizeRoom, requireRoomAction } from './authorizeRoom.js';
import { decideRange, entityTag, ifNoneMatchHits, ifRangeHolds } from './byteRange.js';
import { parseRoomIdParam } from './roomIdParam.js';

/** What the upload routes need. */
export interface UploadRouteDeps {
  readonly uploads: UploadStore;
  readonly limits: UploadLimits;
  readonly authorizeRoom: AuthorizeRoom;
  readonly logger: Logger;
}

/** Headers of every answer that carries (or stands for) an upload's bytes. */
const fileHeaders = {
  'X-Content-Type-Options': 'nosniff',
  // Opened directly, the file is still never a document that can run script.
  'Content-Security-Policy': "default-src 'none'; sandbox",
  // Room content is for the board's own pages, not for embedding elsewhere.
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The bytes behind an id never change; private because rooms are.
  'Cache-Control': 'private, max-age=31536000, immutable',
  'Accept-Ranges': 'bytes',
} as const;

/** The URL an upload is served from. */
function uploadUrl(roomId: RoomId, id: string): string {
  return `/api/rooms/${roomId}/uploads/${id}`;
}

/** 413 naming the limit in the message and, for clients, as `limitBytes` (and `kind` once known). */
function tooLarge(limit: number, contentType?: UploadContentType): ApiError {
  const kind = contentType === undefined ? undefined : uploadTypes[contentType].kind;
  return new ApiError(
    413,
    'upload_too_large',
    `the upload exceeds the limit of ${limit} bytes${kind === undefined ? '' : ` for ${kind}s`}`,
    {},
    { limitBytes: limit, ...(kind === undefined ? {} : { kind }) },
  );
}

const uploadNotFound = () => new ApiError(404, 'upload_not_found', 'no such upload in this room');

/**
 * Streams the request body into a draft, deciding the type from the first
 * {@link sniffHeadBytes} and refusing as soon as a limit is passed, so
 * neither memory nor disk ever holds more than the limit. Until the type is
 * known the larger of the two limits applies, then the one for its kind.
 */
async function receiveUpload(
  request: Request,
  roomId: RoomId,
  deps: UploadRouteDeps,
): Promise<UploadInfo> {
  const { limits } = deps;
  let limit = Math.max(limits.maxImageBytes, limits.maxVideoBytes);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (request.body === null || declared === 0) {
    throw new ApiError(400, 'empty_upload', 'the request body must be the file');
  }

  const draft = await deps.uploads.begin();
  const reader = request.body.getReader();
  let head: Uint8Array = new Uint8Array(0);
  let contentType: UploadContentType | undefined;
  const decide = async (): Promise<UploadContentType> => {
    const sniffed = await sniffUpload(head);
    if (!sniffed.allowed) {
      throw new ApiError(415, 'unsupported_media_type', unsupportedTypeMessage(sniffed.detected));
    }
    limit = uploadLimitFor(sniffed.contentType, limits);
    return sniffed.contentType;
  };
  try {
    for (;;) {
      const next = await reader.read().catch(() => {
        throw new ApiError(400, 'upload_interrupted', 'the request body broke off');
      });
      if (next.done) break;
      const chunk = next.value;
      if (contentType === undefined) {
        head = appendUpTo(head, chunk, sniffHeadBytes);
        if (head.byteLength === sniffHeadBytes) contentType = await decide();
      }
      if (draft.size + chunk.byteLength > limit) {
        // Sniffing what arrived names the kind in the refusal (or refuses the type instead).
        contentType ??= await decide();
        throw tooLarge(limit, contentType);
      }
      await draft.write(chunk);
    }
    if (draft.size === 0) throw new ApiError(400, 'empty_upload', 'the request body is empty');
    contentType ??= await decide();
    if (draft.size > limit) throw tooLarge(limit, contentType);
    const fileName = sanitizeFileName(request.headers.get('x-file-name') ?? undefined, contentType);
    return await draft.commit({ roomId, contentType, fileName });
  } catch (error) {
    // Stops reading only; the HTTP adapter drains or closes the connection.
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    await draft.discard();
  }
}

function appendUpTo(head: Uint8Array, chunk: Uint8Array, max: number): Uint8Array {
  const take = Math.min(chunk.byteLength, max - head.byteLength);
  const grown = new Uint8Array(head.byteLength + take);
  grown.set(head);
  grown.set(chunk.subarray(0, take), head.byteLength);
  return grown;
}

/**
 * `POST /api/rooms/:roomId/uploads` (raw file body; optional percent-encoded
 * `X-File-Name`) → 201 `{ id, url, contentType, size }`, and
 * `GET /api/rooms/:roomId/uploads/:id` → the bytes, with ETag/304 and single
 * byte ranges (206/416) for video seeking. The type is decided from the
 * bytes; the request's `Content-Type` is ignored.
 */
export function uploadRoutes(deps: UploadRouteDeps): Hono {
  const app = new Hono();

  app.post('/api/rooms/:roomId/uploads', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    await requireRoomAction(deps.authorizeRoom, roomId, 'upload', c.req.raw);
    const info = await receiveUpload(c.req.raw, roomId, deps);
    deps.logger.info(
      { roomId, uploadId: info.id, contentType: info.contentType, size: info.size },
      'upload stored',
    );
    const url = uploadUrl(roomId, info.id);
    c.header('Location', url);
    return c.json({ id: info.id, url, contentType: info.contentType, size: info.size }, 201);
  });

  app.get('/api/rooms/:roomId/uploads/:id', async (c) => {
    const roomId = parseRoomIdParam(c.req.param('roomId'));
    await requireRoomAction(deps.authorizeRoom, roomId, 'read-upload', c.req.raw);
    const id = c.req.param('id');
    const info = isUploadId(id) ? await deps.uploads.get(roomId, id) : undefined;
    if (info === undefined) throw uploadNotFound();

    const etag = entityTag(info.sha256);
    if (ifNoneMatchHits(c.req.header('if-none-match'), etag)) {
      return c.body(null, 304, { ...fileHeaders, ETag: etag });
    }
    const decision = ifRangeHolds(c.req.header('if-range'), etag)
      ? decideRange(c.req.header('range'), info.size)
      : ({ kind: 'full' } as const);
    if (decision.kind === 'unsatisfiable') {
      throw new ApiError(
        416,
        'range_not_satisfiable',
        `the upload has ${info.size} bytes; the requested range lies outside them`,
        { 'Content-Range': `bytes */${info.size}` },
      );
    }
    const range: ByteRange | undefined =
      decision.kind === 'partial'
        ? { offset: decision.offset, length: decision.length }
        : undefined;
    const body = await deps.uploads.read(info, range);
    if (body === undefined) throw uploadNotFound();
    const headers = {
      ...fileHeaders,
      ETag: etag,
      // A record is only ever written with an allowed type; anything else is treated as opaque.
      'Content-Type': isUploadContentType(info.contentType)
        ? info.contentType
        : 'application/octet-stream',
      'Content-Disposition': contentDisposition(info.fileName),
      'Content-Length': String(range?.length ?? info.size),
    };
    if (range === undefined) return c.body(body, 200, headers);
    const last = range.offset + range.length - 1;
    return c.body(body, 206, {
      ...headers,
      'Content-Range': `bytes ${range.offset}-${last}/${info.size}`,
    });
  });

  return app;
}
