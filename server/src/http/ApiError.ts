import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An HTTP failure with a stable machine-readable `code`; `app.onError`
 * renders it as `{ error: { code, message } }` with `status` and `headers`
 * (for the few errors the RFCs give a header, such as 416's `Content-Range`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra members of the JSON `error` object, for clients that act on them (e.g. `limitBytes`). */
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    super(message);
  }
}
