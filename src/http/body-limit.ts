// A request body size limit that leaves the connection usable.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

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
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) return respond(c);
      // Node's parser holds the body to exactly Content-Length bytes, so nothing to count; and not
      // touching c.req.raw.body keeps @hono/node-server's fast body path (no web stream per request)
      return next();
    }
    return streamed(c, next);
  };
}
