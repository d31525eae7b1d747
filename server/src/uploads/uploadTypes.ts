/** Whether an upload is shown as a picture or played as a video. */
export type UploadKind = 'image' | 'video';

/**
 * The only content types an upload may have, decided from its bytes. SVG is
 * deliberately absent: it can carry scripts, and a board image must never
 * run code. `extensions` are the names a stored file may keep; the first is
 * the one given to a file whose name says something else.
 */
export const uploadTypes = {
  'image/png': { kind: 'image', extensions: ['png'] },
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'] },
  'image/webp': { kind: 'image', extensions: ['webp'] },
  'image/gif': { kind: 'image', extensions: ['gif'] },
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'] },
  'video/webm': { kind: 'video', extensions: ['webm'] },
} as const satisfies Record<string, { kind: UploadKind; extensions: readonly string[] }>;

/** One of the allowed upload content types. */
export type UploadContentType = keyof typeof uploadTypes;

/** The allow-list in a stable order, for messages. */
export const allowedUploadTypes = Object.keys(uploadTypes) as readonly UploadContentType[];

/** Whether `value` is on the allow-list. */
export function isUploadContentType(value: string): value is UploadContentType {
  return Object.hasOwn(uploadTypes, value);
}

/** Largest accepted upload, per kind. */
export interface UploadLimits {
  readonly maxImageBytes: number;
  readonly maxVideoBytes: number;
}

/** Defaults of `MAX_IMAGE_UPLOAD_BYTES` and `MAX_VIDEO_UPLOAD_BYTES`. */
export const defaultUploadLimits: UploadLimits = {
  maxImageBytes: 10 * 1024 * 1024,
  maxVideoBytes: 50 * 1024 * 1024,
};

/** The size limit that applies to an upload of `contentType`. */
export function uploadLimitFor(contentType: UploadContentType, limits: UploadLimits): number {
  return uploadTypes[contentType].kind === 'image' ? limits.maxImageBytes : limits.maxVideoBytes;
}
