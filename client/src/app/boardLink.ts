import { boardPathPrefix, roomIdSchema } from '@kohtaamo/shared';

/** Result of reading what someone typed or pasted into "Board link or code". */
export type BoardLinkResult =
  | { readonly ok: true; readonly roomId: string }
  | { readonly ok: false; readonly reason: 'empty' | 'invalid' };

function validRoomId(candidate: string): string | undefined {
  const result = roomIdSchema.safeParse(candidate);
  return result.success ? result.data : undefined;
}

function roomIdFromPath(pathname: string): string | undefined {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const prefix = boardPathPrefix.replace(/^\//, '');
  if (segments.length !== 2 || segments[0] !== prefix) return undefined;
  try {
    return validRoomId(decodeURIComponent(segments[1] ?? ''));
  } catch {
    return undefined;
  }
}

/**
 * Accepts a bare room code (`AbC-12_x…`), a full board URL on any host
 * (links travel between staging and production, chat apps add hosts), a
 * scheme-less URL (`kohtaamo.fi/b/…`) or a path (`/b/…`).
 */
export function parseBoardLink(input: string): BoardLinkResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };

  const bare = validRoomId(text);
  if (bare) return { ok: true, roomId: bare };

  const candidates = [
    text,
    `https://${text}`,
    `https://host.invalid${text.startsWith('/') ? '' : '/'}${text}`,
  ];
  for (const candidate of candidates) {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const roomId = roomIdFromPath(url.pathname);
    if (roomId) return { ok: true, roomId };
  }
  return { ok: false, reason: 'invalid' };
}
