import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { ApiError } from './ApiError.js';

/**
 * Refuses a request body over `maxBytes` with 413 `body_too_large` (Hono's
 * `bodyLimit`): counted in bytes as the body arrives, so a chunked body is
 * cut off at the limit instead of being buffered first.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'body_too_large', `body must be at most ${maxBytes} bytes`);
    },
  });
}

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** Whether the request carries a body of a type other than JSON (an empty one does not count). */
function hasOtherBody(request: Request): boolean {
  const contentType = request.headers.get('content-type');
  if (contentType === null || request.headers.get('content-length') === '0') return false;
  return !jsonMediaType.test(contentType.split(';')[0]?.trim() ?? '');
}

/**
 * Validates the JSON body with `schema` (`@hono/zod-validator`); the
 * handler reads it with `c.req.valid('json')`. Answers, as JSON errors:
 * 415 `unsupported_media_type` for a body of another content type (a form
 * post would otherwise be read as no body at all),
 * 400 `invalid_json` for one that does not parse, 400 `invalid_body` with
 * the first offending `field` for one the schema refuses. A request with
 * no body at all is validated as `{}`, so a schema whose fields are all
 * optional takes it.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const validate = zValidator('json', schema, (result, c) => {
    if (hasOtherBody(c.req.raw)) {
      throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
    }
    if (result.success) return;
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new ApiError(
      400,
      'invalid_body',
      `${field}: ${issue?.message ?? 'invalid'}`,
      {},
      { field },
    );
  });
  // The validator reports unparsable JSON as a bare HTTPException; give it our code.
  const withJsonErrors: MiddlewareHandler = async (c, next) => {
    try {
      return await validate(c, next);
    } catch (error) {
      if (error instanceof HTTPException && error.status === 400) {
        throw new ApiError(400, 'invalid_json', 'body must be JSON');
      }
      throw error;
    }
  };
  return withJsonErrors as typeof validate;
}
