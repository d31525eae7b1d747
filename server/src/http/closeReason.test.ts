import { describe, expect, it } from 'vitest';
import { closeReason, maxCloseReasonBytes } from './closeReason.js';

describe('closeReason', () => {
  it('keeps a short reason unchanged', () => {
    expect(closeReason('binary frames only')).toBe('binary frames only');
  });

  it('cuts a long reason to the close-frame limit without splitting a character', () => {
    const cut = closeReason('ä'.repeat(200));
    expect(new TextEncoder().encode(cut).byteLength).toBeLessThanOrEqual(maxCloseReasonBytes);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });
});
