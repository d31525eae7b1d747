import {
  buildSessionSummary,
  type FacilitationInput,
  type Locale,
  type SessionSummary,
} from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import type { RoomApi } from '../app/roomApi';
import { storedShapeRecords } from '../shapes/template/templateOutcomeExport';

/** Options of {@link sessionSummaryFromEditor}. */
export interface SessionSummaryFromEditorOptions {
  readonly locale: Locale;
  /** The facilitation map's entries (`FacilitationState.entries()`). */
  readonly facilitation: FacilitationInput;
  readonly roomId?: string | undefined;
  readonly title?: string | undefined;
  readonly exportedAt?: Date | undefined;
}

/**
 * The session summary of the board as the editor holds it right now, with
 * shared's `buildSessionSummary`: the same summary the server's
 * `format=summary` serves, but including changes the server has not seen
 * yet, and working offline.
 */
export function sessionSummaryFromEditor(
  editor: Editor,
  options: SessionSummaryFromEditorOptions,
): SessionSummary {
  return buildSessionSummary(storedShapeRecords(editor), options.facilitation, {
    locale: options.locale,
    roomId: options.roomId,
    title: options.title,
    exportedAt: options.exportedAt,
  });
}

/** `kohtaamo-<roomId>-summary.<extension>`, as the server names it; `board` without a room id. */
export function summaryFileName(roomId: string | undefined, extension: string): string {
  return `kohtaamo-${roomId ?? 'board'}-summary.${extension}`;
}

/** How long a summary waits for the board's title before going without it. */
export const boardTitleTimeoutMs = 3_000;

/**
 * Asks the server for the board's title (`GET /api/rooms/:roomId`), once:
 * a known title is kept. Resolves `undefined` without a token, offline, on
 * any refusal or after {@link boardTitleTimeoutMs}, so a summary never waits
 * long and never fails for want of a title.
 */
export function boardTitleLoader(
  roomApi: Pick<RoomApi, 'getRoom'> | undefined,
  roomId: string,
  token: string | null,
  timeoutMs = boardTitleTimeoutMs,
): () => Promise<string | undefined> {
  let known: string | undefined;
  return async () => {
    if (known !== undefined) return known;
    if (!roomApi || !token) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      const title = await Promise.race([
        roomApi.getRoom(roomId, token).then(
          (room) => room.title,
          () => undefined,
        ),
        timeout,
      ]);
      if (title?.trim()) known = title;
      return known;
    } finally {
      clearTimeout(timer);
    }
  };
}
