/**
 * The least string above every string that starts with `prefix`, when
 * strings compare by code unit (SQLite's text, PostgreSQL's "C" collation):
 * `id >= prefix and id < prefixEnd(prefix)` selects the ids with that
 * prefix through an index on `id`.
 */
export function prefixEnd(prefix: string): string {
  if (prefix === '') throw new Error('a prefix range needs a non-empty prefix');
  const last = prefix.charCodeAt(prefix.length - 1);
  return `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}`;
}
