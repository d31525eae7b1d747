import { type UploadContentType, uploadTypes } from '@kohtaamo/shared';

/** Longest kept name stem, in characters (before the extension). */
const maxStemLength = 100;

/**
 * Characters never kept in a name: control and format characters (including
 * bidirectional overrides that disguise an extension), path separators, and
 * the ones Windows refuses in file names.
 */
const unsafeCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\<>:"|?*]/gu;

/**
 * Turns the uploader's `X-File-Name` into a name safe to show and to offer
 * when saving, or `undefined` when nothing usable is left. The header is
 * expected percent-encoded (`encodeURIComponent`), since header values cannot
 * carry UTF-8 as such; a value that does not decode is taken literally. Only
 * the last path segment is kept, and the extension is made to match the
 * sniffed type, so a PNG sent as `page.html` is saved as `page.png`.
 */
export function sanitizeFileName(
  raw: string | undefined,
  contentType: UploadContentType,
): string | undefined {
  if (raw === undefined) return undefined;
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: keep the value as sent.
  }
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  // Leading dots go too: a name should not turn into a hidden file when saved.
  name = name
    .replace(/\s+/g, ' ')
    .replace(unsafeCharacters, '')
    .replace(/^[\s.]+/, '')
    .trim();
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const stem = Array.from(dot > 0 ? name.slice(0, dot) : name)
    .slice(0, maxStemLength)
    .join('')
    .replace(/[\s.]+$/, '');
  if (stem === '') return undefined;
  const allowed: readonly string[] = uploadTypes[contentType].extensions;
  return `${stem}.${allowed.includes(extension) ? extension : allowed[0]}`;
}

/**
 * `Content-Disposition` value that shows the file in the page (`inline`) and
 * names it for "save as": an ASCII `filename` for old clients plus the exact
 * name as RFC 8187 `filename*`.
 */
export function contentDisposition(fileName: string | undefined): string {
  if (fileName === undefined) return 'inline';
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
