import { boardPath, createRoomId } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { parseBoardLink } from './boardLink';

describe('parseBoardLink', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUv';

  it('accepts a bare code, trimming what a paste adds around it', () => {
    expect(parseBoardLink(id)).toEqual({ ok: true, roomId: id });
    expect(parseBoardLink(`  ${id}\n`)).toEqual({ ok: true, roomId: id });
  });

  it('accepts full board links on any host, with query, hash or trailing slash', () => {
    for (const link of [
      `https://kohtaamo.example/b/${id}`,
      `http://localhost:5173/b/${id}`,
      `https://kohtaamo.example/b/${id}/`,
      `https://kohtaamo.example/b/${id}?utm_source=chat#top`,
    ]) {
      expect(parseBoardLink(link), link).toEqual({ ok: true, roomId: id });
    }
  });

  it('accepts a link without scheme and a bare path', () => {
    expect(parseBoardLink(`kohtaamo.example/b/${id}`)).toEqual({ ok: true, roomId: id });
    expect(parseBoardLink(`/b/${id}`)).toEqual({ ok: true, roomId: id });
    expect(parseBoardLink(`b/${id}`)).toEqual({ ok: true, roomId: id });
  });

  it('round-trips a generated id through boardPath', () => {
    const roomId = createRoomId();
    expect(parseBoardLink(`https://x.example${boardPath(roomId)}`)).toEqual({ ok: true, roomId });
  });

  it('reports empty input separately from invalid input', () => {
    expect(parseBoardLink('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseBoardLink('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('rejects links that are not board links', () => {
    for (const input of [
      'https://kohtaamo.example/',
      'https://kohtaamo.example/boards/abc123',
      `https://kohtaamo.example/b/${id}/extra`,
      'https://kohtaamo.example/b/a!b',
      'https://kohtaamo.example/b/ab',
      `javascript:alert(1)//b/${id}`,
      `ftp://kohtaamo.example/b/${id}`,
      'hello world',
      'ab',
      'x'.repeat(65),
    ]) {
      expect(parseBoardLink(input), input).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});
