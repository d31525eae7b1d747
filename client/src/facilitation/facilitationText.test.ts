import { facilitationRefusalCodes } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/messages';
import { localControlRefusalCodes } from './ControlChannel';
import {
  formatDuration,
  formatRemaining,
  refusalMessageKey,
  refusalText,
} from './facilitationText';

describe('formatRemaining', () => {
  it('shows mm:ss, and h:mm:ss from an hour up', () => {
    expect(formatRemaining(0)).toBe('00:00');
    expect(formatRemaining(5 * 60_000)).toBe('05:00');
    expect(formatRemaining(59_001)).toBe('01:00');
    expect(formatRemaining(61_000)).toBe('01:01');
    expect(formatRemaining(3_600_000)).toBe('1:00:00');
    expect(formatRemaining(2 * 3_600_000 + 5 * 60_000 + 7_000)).toBe('2:05:07');
  });

  it('rounds up, so the last partial second still counts', () => {
    expect(formatRemaining(400)).toBe('00:01');
    expect(formatRemaining(-10)).toBe('00:00');
  });
});

describe('formatDuration', () => {
  it('uses the largest units that fit', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(8 * 3_600_000)).toBe('8 h');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });
});

describe('refusal messages', () => {
  it('has a message for every facilitation and local refusal code in both languages', () => {
    for (const code of [...facilitationRefusalCodes, ...localControlRefusalCodes]) {
      const key = refusalMessageKey(code);
      expect(key).toBe(`refusal.${code}`);
      expect(messages.fi[key]).toBeTruthy();
      expect(messages.en[key]).toBeTruthy();
    }
  });

  it('shows a generic message for a code from a newer server', () => {
    expect(refusalText({ code: 'future.thing' }, 'en')).toBe('The server refused the request.');
  });

  it('shows durations in words', () => {
    expect(
      refusalText(
        { code: 'agenda.invalidTimebox', params: { minMs: 60_000, maxMs: 28_800_000 } },
        'fi',
      ),
    ).toBe('Aikarajan pitää olla 1 min–8 h.');
  });
});
