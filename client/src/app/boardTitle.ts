import { roomTitleMaxLength, roomTitleSchema } from '@kohtaamo/shared';

/**
 * What tells a page the board's title: the room directory when the board
 * opens (`GET /api/rooms/:roomId`), the board's document (the server writes
 * every rename there, so renames made on other pages arrive live; nothing
 * until the first rename), and this page's own rename once the server
 * accepted it.
 */
export type BoardTitleEvent =
  | { readonly kind: 'roomInfo'; readonly title: string }
  | { readonly kind: 'document'; readonly title: string | undefined }
  | { readonly kind: 'renamed'; readonly title: string };

/**
 * The title to show after `event`; `null` while none is known. The
 * directory's answer only fills a gap: the document (or a rename) may
 * already have told a newer title by the time it arrives.
 */
export function nextBoardTitle(current: string | null, event: BoardTitleEvent): string | null {
  switch (event.kind) {
    case 'roomInfo':
      return current ?? event.title;
    case 'document':
      return event.title ?? current;
    case 'renamed':
      return event.title;
  }
}

/** Why a title typed for a rename cannot be sent, as the server would refuse it. */
export type TitleProblem = 'empty' | 'tooLong';

/** The problem of a typed title (trimmed as the server trims it), or `null` if it can be sent. */
export function titleProblem(typed: string): TitleProblem | null {
  if (roomTitleSchema.safeParse(typed).success) return null;
  return typed.trim().length === 0 ? 'empty' : 'tooLong';
}

/** Longest board title, for the rename field's hint and `maxLength`. */
export const boardTitleMaxLength = roomTitleMaxLength;
