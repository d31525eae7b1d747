import { formatMessage, type Locale, messages } from '../i18n/messages';
import { refusalMessage, type Translate } from '../i18n/refusalMessage';
import type { ControlRefusal } from './ControlChannel';

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

/** A refusal of the control channel (the server's or a local one) in `locale`'s words. */
export function refusalText(
  refusal: Pick<ControlRefusal, 'code' | 'params'>,
  locale: Locale,
): string {
  return refusalMessage(translator(locale), refusal);
}
