// The shared first steps of every OAuth endpoint: a size-limited, strictly parsed form body.
import type { Context, MiddlewareHandler } from 'hono';
import { OAuthError, errorResponse } from '../oauth/errors.js';
import { assertFormContentType, parseForm, type Form } from '../oauth/form.js';
import { closingBodyLimit } from './body-limit.js';

export const MAX_FORM_BYTES = 64 * 1024;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

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
