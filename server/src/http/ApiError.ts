import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An HTTP failure with a stable machine-readable `code`; `app.onError`
 * renders it as `{ error: { code, message } }` with `status`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
