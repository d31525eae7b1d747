import { boardPathPrefix, roomIdSchema } from '@kohtaamo/shared';

/** A page of the app, decided by the URL path alone. */
export type Route =
  | { readonly page: 'landing' }
  | { readonly page: 'board'; readonly roomId: string }
  | { readonly page: 'notFound'; readonly reason: 'unknownPath' | 'invalidBoard' };

const boardPattern = new RegExp(`^${boardPathPrefix}/([^/]+)/?$`);

/** Maps a URL path (`location.pathname`) to a page. */
export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { page: 'landing' };
  const board = boardPattern.exec(pathname);
  if (board) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(board[1] ?? '');
    } catch {
      return { page: 'notFound', reason: 'invalidBoard' };
    }
    const roomId = roomIdSchema.safeParse(decoded);
    return roomId.success
      ? { page: 'board', roomId: roomId.data }
      : { page: 'notFound', reason: 'invalidBoard' };
  }
  if (pathname === boardPathPrefix || pathname === `${boardPathPrefix}/`) {
    return { page: 'notFound', reason: 'invalidBoard' };
  }
  return { page: 'notFound', reason: 'unknownPath' };
}
