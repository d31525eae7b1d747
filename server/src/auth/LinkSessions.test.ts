import { CloseCode } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { LinkSessions } from './LinkSessions.js';

function session() {
  const closes: [number, string][] = [];
  return { closes, close: (code: number, reason: string) => closes.push([code, reason]) };
}

describe('LinkSessions', () => {
  it('closes only the holders of the revoked link, and later ones at once', () => {
    const sessions = new LinkSessions();
    const old = session();
    const kept = session();
    const otherRoom = session();
    sessions.register('room', 'old', old, 'revoked');
    sessions.register('room', 'kept', kept, 'revoked');
    sessions.register('other', 'old', otherRoom, 'revoked');
    expect(sessions.closeLink('room', 'old', CloseCode.unauthorized, 'revoked')).toBe(1);
    expect(old.closes).toEqual([[CloseCode.unauthorized, 'revoked']]);
    expect(kept.closes).toEqual([]);
    expect(otherRoom.closes).toEqual([]);
    const late = session();
    sessions.register('room', 'old', late, 'revoked');
    expect(late.closes).toEqual([[CloseCode.unauthorized, 'revoked']]);
  });

  it('closes a whole room and forgets unregistered sessions', () => {
    const sessions = new LinkSessions();
    const a = session();
    const b = session();
    sessions.register('room', 'x', a, 'r');
    const unregister = sessions.register('room', 'y', b, 'r');
    unregister();
    expect(sessions.size).toBe(1);
    expect(sessions.closeRoom('room', 4401, 'deleted')).toBe(1);
    expect(a.closes).toEqual([[4401, 'deleted']]);
    expect(b.closes).toEqual([]);
  });
});
