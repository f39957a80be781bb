// The shared first steps of every OAuth endpoint: a size-limited, strictly parsed form body.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { OAuthError, errorResponse } from '../oauth/errors.js';
import { assertFormContentType, parseForm, type Form } from '../oauth/form.js';

export const MAX_FORM_BYTES = 64 * 1024;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Hono's bodyLimit, except that a Content-Length over the limit is refused before anything opens the
 * body stream, and the 413 closes the connection (RFC 9112 §9.6). Otherwise the unread rest of the
 * body stalls behind the opened stream, the server drops the connection ~500 ms later although it
 * answered `keep-alive`, and the client's next request on it (or a large upload itself) fails.
 */
export function closingBodyLimit(maxSize: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  const respond = (c: Context) => {
    const res = tooLarge(c);
    res.headers.set('Connection', 'close');
    return res;
  };
  const streamed = bodyLimit({ maxSize, onError: respond });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && Number(length) > maxSize) return respond(c);
    return streamed(c, next);
  };
}

export const formBodyLimit: MiddlewareHandler = closingBodyLimit(MAX_FORM_BYTES, () =>
  errorResponse(new OAuthError('invalid_request', `request body exceeds ${MAX_FORM_BYTES} bytes`, { status: 413 })),
);

export async function readForm(c: Context): Promise<Form> {
  assertFormContentType(c.req.header('content-type'));
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch {
    throw new OAuthError('invalid_request', 'failed to read the request body');
  }
  let body: string;
  try {
    // fatal: raw bytes that are not UTF-8 are a malformed body (400), not silently U+FFFD
    body = STRICT_UTF8.decode(bytes);
  } catch {
    throw new OAuthError('invalid_request', 'malformed request body: invalid UTF-8');
  }
  return parseForm(body);
}

/** 405 with Allow, as RFC 9110 §15.5.6 requires */
export const methodNotAllowed =
  (allow: string): MiddlewareHandler =>
  async () =>
    errorResponse(new OAuthError('method_not_allowed', `use ${allow}`, { headers: { Allow: allow } }));
