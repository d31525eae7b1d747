import type { RefusalData } from '@kohtaamo/shared';
import { formatDuration } from './formatDuration';
import { type MessageKey, messages } from './messages';

/** A translator, as `useI18n().t`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const refusalKeyPrefix = 'refusal.';

/**
 * The message key of a refusal code (`refusal.<code>`), or `undefined` for a
 * code this client does not know. Codes are dotted, which keeps the generic
 * `refusal.unknown` from passing for one.
 */
export function refusalMessageKey(code: string): MessageKey | undefined {
  const key = `${refusalKeyPrefix}${code}`;
  return code.includes('.') && Object.hasOwn(messages.en, key) ? (key as MessageKey) : undefined;
}

/**
 * A refusal in the person's language, its params filled in. A byte count
 * (`limitBytes`) also fills `{limitMegabytes}`, as people read sizes in MB;
 * a duration (`…Ms`) is shown in words ("1 min", "8 h") instead of ms.
 * A code this client does not know (a newer server's) gets a generic message.
 */
export function refusalMessage(t: Translate, refused: RefusalData): string {
  const key = refusalMessageKey(refused.code);
  if (key === undefined) return t('refusal.unknown');
  const params: Record<string, string | number> = { ...refused.params };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number' && name.endsWith('Ms')) params[name] = formatDuration(value);
    if (typeof value === 'number' && name.endsWith('Bytes')) {
      params[`${name.slice(0, -'Bytes'.length)}Megabytes`] =
        Math.round((value / 2 ** 20) * 10) / 10;
    }
  }
  return t(key, params);
}
