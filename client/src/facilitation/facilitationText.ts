import { facilitationRefusalCodes } from '@kohtaamo/shared';
import { formatMessage, type Locale, type MessageKey, messages } from '../i18n/messages';
import { type ControlRefusal, localControlRefusalCodes } from './ControlChannel';

/** A translator for one locale, as the facilitation components take it. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translator of `locale`. */
export function translator(locale: Locale): Translate {
  return (key, params) => formatMessage(messages[locale][key], params);
}

/**
 * Remaining time as a countdown shows it: `m:ss` (minutes padded to two
 * digits) or `h:mm:ss` from an hour up. Rounded up to the second, so it
 * reads 0:00 only once the time is really over.
 */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${String(minutes).padStart(2, '0')}:${ss}`;
}

/** A length of time in words short enough for a list: `1 h 5 min`, `12 min`, `40 s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

const knownRefusalCodes = new Set<string>([
  ...facilitationRefusalCodes,
  ...localControlRefusalCodes,
]);

/** The message key of a refusal code: `refusal.<code>`, or the generic one for a code this build does not know. */
export function refusalMessageKey(code: string): MessageKey {
  return knownRefusalCodes.has(code) ? (`refusal.${code}` as MessageKey) : 'facil.refusal.unknown';
}

/**
 * A refusal in words. Parameters named `…Ms` are durations and are shown
 * as such ("1 min", "8 h") rather than as milliseconds.
 */
export function refusalText(
  refusal: Pick<ControlRefusal, 'code' | 'params'>,
  locale: Locale,
): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(refusal.params ?? {})) {
    params[name] = name.endsWith('Ms') && typeof value === 'number' ? formatDuration(value) : value;
  }
  return formatMessage(messages[locale][refusalMessageKey(refusal.code)], params);
}
