/** Whether an upload is shown as a picture or played as a video. */
export type UploadKind = 'image' | 'video';

/**
 * The only content types an upload may have; the server decides from the
 * bytes, the client checks the same list first to refuse early. SVG is
 * deliberately absent: it can carry scripts, and a board image must never
 * run code. `label` is the name people know the format by; `extensions` are
 * the names a stored file may keep, the first given to a file whose name
 * says something else.
 */
export const uploadTypes = {
  'image/png': { kind: 'image', label: 'PNG', extensions: ['png'] },
  'image/jpeg': { kind: 'image', label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/webp': { kind: 'image', label: 'WebP', extensions: ['webp'] },
  'image/gif': { kind: 'image', label: 'GIF', extensions: ['gif'] },
  'video/mp4': { kind: 'video', label: 'MP4', extensions: ['mp4', 'm4v'] },
  'video/webm': { kind: 'video', label: 'WebM', extensions: ['webm'] },
} as const satisfies Record<
  string,
  { kind: UploadKind; label: string; extensions: readonly string[] }
>;

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

/** The server's defaults of `MAX_IMAGE_UPLOAD_BYTES` and `MAX_VIDEO_UPLOAD_BYTES`. */
export const defaultUploadLimits: UploadLimits = {
  maxImageBytes: 10 * 1024 * 1024,
  maxVideoBytes: 50 * 1024 * 1024,
};

/** The size limit that applies to an upload of `contentType`. */
export function uploadLimitFor(contentType: UploadContentType, limits: UploadLimits): number {
  return uploadTypes[contentType].kind === 'image' ? limits.maxImageBytes : limits.maxVideoBytes;
}
