import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes';

describe('matchRoute', () => {
  it('maps / to the landing page', () => {
    expect(matchRoute('/')).toEqual({ page: 'landing' });
  });

  it('maps /b/<valid id> to the board, with or without a trailing slash', () => {
    expect(matchRoute('/b/workshop-42')).toEqual({ page: 'board', roomId: 'workshop-42' });
    expect(matchRoute('/b/Ab_c-D/')).toEqual({ page: 'board', roomId: 'Ab_c-D' });
  });

  it('treats a malformed board id as an invalid board, not an unknown page', () => {
    for (const path of [
      '/b/ab',
      '/b/has%20space',
      '/b/%E0%A4%A',
      '/b/',
      '/b',
      `/b/${'x'.repeat(65)}`,
    ]) {
      expect(matchRoute(path), path).toEqual({ page: 'notFound', reason: 'invalidBoard' });
    }
  });

  it('treats everything else as an unknown page', () => {
    for (const path of ['/about', '/b/abc/def', '/B/abcdef', '/api/rooms']) {
      expect(matchRoute(path), path).toEqual({ page: 'notFound', reason: 'unknownPath' });
    }
  });
});
