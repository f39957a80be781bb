// A request body size limit that answers a clear 413 and leaves the client able to read it.
//
// Answering before the body is read, then closing, makes the kernel reset the connection (unread
// data in the receive buffer): a client still sending its body gets EPIPE/ECONNRESET instead of
// the 413, and a kept-alive connection would take the rest of the body for the next request. So an
// oversized body is read and discarded (up to DRAIN_CAP, a real upload's worth) before the 413,
// which then closes the connection (RFC 9112 §9.6). Bodies within the limit keep
// @hono/node-server's fast path when Content-Length is known: Node's parser holds the body to
// exactly that many bytes, so there is nothing to count.
import type { Context, MiddlewareHandler } from 'hono';

const DRAIN_CAP = 8 * 1024 * 1024;

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  try {
    let left = budget;
    while (left > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.length;
    }
    await reader.cancel();
  } catch {
    /* the client went away: nothing to answer */
  }
}

export function closingBodyLimit(maxSize: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  const refuse = (c: Context) => {
    const res = tooLarge(c);
    res.headers.set('Connection', 'close');
    return res;
  };
  return async (c, next) => {
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (length !== undefined && !chunked) {
      if (Number(length) <= maxSize) return next();
      if (Number(length) <= DRAIN_CAP && c.req.raw.body) await discard(c.req.raw.body.getReader(), DRAIN_CAP);
      return refuse(c);
    }
    const body = c.req.raw.body;
    if (!body) return next();
    // chunked: count while reading, keep what fits, hand the buffered body on
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxSize) {
        await discard(reader, DRAIN_CAP - size);
        return refuse(c);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}
