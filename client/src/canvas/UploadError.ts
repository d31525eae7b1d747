import type { Locale } from '../i18n/messages';
import { describeUploadRefusal, type UploadRefusal } from './uploadPolicy';

/**
 * A file that did not make it onto the board. `message` is written for the
 * person who added it, in their language; `refusal` says why for code.
 */
export class UploadError extends Error {
  override readonly name = 'UploadError';

  constructor(
    readonly refusal: UploadRefusal,
    locale: Locale,
    options?: ErrorOptions,
  ) {
    super(describeUploadRefusal(refusal, locale), options);
  }
}
