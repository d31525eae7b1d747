import { describe, expect, it } from 'vitest';
import { CloseCode, fatalCloseCodes } from './closeCodes.js';

describe('CloseCode', () => {
  it('gives every code its own number', () => {
    const values = Object.values(CloseCode);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps every private code in the retry-semantics ranges the stock provider knows', () => {
    for (const code of Object.values(CloseCode)) {
      if (code < 4000) continue;
      expect(code >= 4400 && code < 4600, `code ${code}`).toBe(true);
    }
  });

  it('treats exactly the 4400–4499 codes among the private ones as fatal', () => {
    for (const code of Object.values(CloseCode)) {
      if (code < 4000) continue;
      expect(fatalCloseCodes.has(code), `code ${code}`).toBe(code < 4500);
    }
  });

  it('closes a rate-limited connection for good with 4429', () => {
    expect(CloseCode.rateLimited).toBe(4429);
    expect(fatalCloseCodes.has(CloseCode.rateLimited)).toBe(true);
  });

  it('refuses bad tokens (4401) and wrong rooms (4403) for good', () => {
    expect(CloseCode.unauthorized).toBe(4401);
    expect(CloseCode.forbidden).toBe(4403);
    expect(fatalCloseCodes.has(CloseCode.unauthorized)).toBe(true);
    expect(fatalCloseCodes.has(CloseCode.forbidden)).toBe(true);
  });
});
