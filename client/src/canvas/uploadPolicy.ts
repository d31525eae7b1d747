import {
  defaultUploadLimits,
  type UploadContentType,
  type UploadKind,
  type UploadLimits,
  uploadTypes,
} from '@kohtaamo/shared';
import { formatMessage, type Locale, messages } from '../i18n/messages';

// The allow-list and limits are the server's (shared); checking them here only refuses early.

const allTypes = Object.keys(uploadTypes) as UploadContentType[];

/** Accepted image types, for tldraw's `acceptedImageMimeTypes` and the file picker. */
export const acceptedImageTypes: readonly UploadContentType[] = allTypes.filter(
  (type) => uploadTypes[type].kind === 'image',
);

/** Accepted video types, for tldraw's `acceptedVideoMimeTypes` and the file picker. */
export const acceptedVideoTypes: readonly UploadContentType[] = allTypes.filter(
  (type) => uploadTypes[type].kind === 'video',
);

/** Why a file did not make it onto the board. */
export type UploadRefusal =
  | { readonly reason: 'unsupported-type' }
  | { readonly reason: 'too-large'; readonly kind?: UploadKind; readonly limitBytes: number }
  | { readonly reason: 'empty' }
  | { readonly reason: 'too-many'; readonly max: number }
  | { readonly reason: 'unreadable' }
  | { readonly reason: 'forbidden' }
  | { readonly reason: 'network' }
  | { readonly reason: 'failed' };

/** The kind of an accepted content type; `undefined` for anything else. */
export function uploadKindOf(contentType: string): UploadKind | undefined {
  return Object.hasOwn(uploadTypes, contentType)
    ? uploadTypes[contentType as UploadContentType].kind
    : undefined;
}

/** The size limit of one kind. */
export function uploadLimitOf(kind: UploadKind, limits: UploadLimits): number {
  return kind === 'image' ? limits.maxImageBytes : limits.maxVideoBytes;
}

/**
 * A quick check before sending, from the file's declared type and size, so an
 * obvious refusal costs no upload and leaves no placeholder on the board. A
 * convenience only: the server sniffs the bytes and has the final word.
 */
export function checkUpload(
  file: Pick<File, 'type' | 'size'>,
  limits: UploadLimits = defaultUploadLimits,
): UploadRefusal | null {
  const kind = uploadKindOf(file.type);
  if (kind === undefined) return { reason: 'unsupported-type' };
  if (file.size === 0) return { reason: 'empty' };
  const limitBytes = uploadLimitOf(kind, limits);
  if (file.size > limitBytes) return { reason: 'too-large', kind, limitBytes };
  return null;
}

/** A byte count as people read it: `10 MB` / `10 Mt` (binary multiples, as the limits are). */
export function formatFileSize(bytes: number, locale: Locale): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** The accepted types as a list for a sentence: `PNG, JPEG, … ja WebM`. */
export function formatAcceptedTypes(locale: Locale): string {
  const labels = allTypes.map((type) => uploadTypes[type].label);
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(labels);
}

/** The message shown to the person whose file was refused. */
export function describeUploadRefusal(refusal: UploadRefusal, locale: Locale): string {
  const text = messages[locale];
  switch (refusal.reason) {
    case 'unsupported-type':
      return formatMessage(text['uploads.error.unsupportedType'], {
        types: formatAcceptedTypes(locale),
      });
    case 'too-large': {
      const key =
        refusal.kind === 'image'
          ? 'uploads.error.imageTooLarge'
          : refusal.kind === 'video'
            ? 'uploads.error.videoTooLarge'
            : 'uploads.error.tooLarge';
      return formatMessage(text[key], { limit: formatFileSize(refusal.limitBytes, locale) });
    }
    case 'too-many':
      return formatMessage(text['uploads.error.tooMany'], { max: refusal.max });
    case 'empty':
      return text['uploads.error.empty'];
    case 'unreadable':
      return text['uploads.error.unreadable'];
    case 'forbidden':
      return text['uploads.error.forbidden'];
    case 'network':
      return text['uploads.error.network'];
    case 'failed':
      return text['uploads.error.failed'];
  }
}
