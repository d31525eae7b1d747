import { facilitationRefusalCodes } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../i18n/formatDuration';
import { formatMessage, locales, type MessageKey, messages } from '../i18n/messages';
import { refusalMessageKey } from '../i18n/refusalMessage';
import { localControlRefusalCodes } from './ControlChannel';
import { formatRemaining, refusalText } from './facilitationText';

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
      if (key === undefined) continue;
      expect(messages.fi[key]).toBeTruthy();
      expect(messages.en[key]).toBeTruthy();
    }
  });

  it('shows a generic message for a code from a newer server', () => {
    expect(refusalText({ code: 'future.thing' }, 'en')).toBe('The server did not accept this.');
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

/** Words of a text as axe compares them: lower case, letters and digits only. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function containsInOrder(name: readonly string[], label: readonly string[]): boolean {
  return name.some((_, start) => label.every((word, i) => name[start + i] === word));
}

describe('accessible names of the facilitation buttons', () => {
  // Visible text and aria-label of the buttons that have both.
  const pairs: readonly [MessageKey, MessageKey, Record<string, string | number>][] = [
    ['facil.timer.preset', 'facil.timer.startMinutes', { minutes: 5 }],
    ['facil.timer.addMinute', 'facil.timer.addMinuteLabel', {}],
    ['facil.timer.stop', 'facil.timer.stopLabel', {}],
    ['facil.agenda.makeCurrent', 'facil.agenda.makeCurrentLabel', { phase: 'Pilot' }],
    ['facil.agenda.insertTemplate', 'facil.agenda.insertTemplateLabel', { phase: 'Pilot' }],
  ];

  // Regression: "+1 min" was named "Add one minute" and "Make current" "Make Pilot the current
  // phase", so a speech-input user saying what they see could not press them (axe
  // label-content-name-mismatch in the workshop session browser test).
  it('contain the visible text, word for word and in order, in every locale (WCAG 2.5.3)', () => {
    for (const locale of locales) {
      for (const [visibleKey, labelKey, params] of pairs) {
        const visible = formatMessage(messages[locale][visibleKey], params);
        const label = formatMessage(messages[locale][labelKey], params);
        expect(
          containsInOrder(words(label), words(visible)),
          `${locale}: "${visible}" in "${label}"`,
        ).toBe(true);
      }
    }
  });
});
