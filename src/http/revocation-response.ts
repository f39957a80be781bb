// The revocation endpoint's answer, built from what the hooks' response builder holds. The sandbox
// output is untrusted, so it is validated again here; the dry-run API and CLI show the same answer.
import type { BuiltResponse } from '../hooks/types.js';

// set after the hooks ran, so no hook can make a revocation answer cacheable (as oxAuth does)
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
// headers a hook may never set, whatever its builder let through
const FORBIDDEN_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer',
  'proxy-authenticate', 'proxy-connection', 'content-encoding', 'host', 'cache-control', 'pragma',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The answer: the hooks' builder (re-validated here: the sandbox output is untrusted) + no-store. */
export function respond(built: BuiltResponse | null): Response {
  // the common case, no hook touched the builder: plain-object headers keep @hono/node-server on its
  // fast path (no Headers object, Content-Length: 0 instead of a chunked empty body)
  if (built === null || (built.status === null && built.headers.length === 0 && built.body === null && built.contentType === null)) {
    return new Response(null, { status: 200, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } });
  }
  const headers = new Headers();
  let status = 200;
  let body: string | null = null;
  if (built.status !== null && Number.isInteger(built.status) && built.status >= 200 && built.status <= 599) status = built.status;
  for (const [name, value] of built.headers) {
    if (HEADER_NAME.test(name) && HEADER_VALUE.test(value) && !FORBIDDEN_RESPONSE_HEADERS.has(name.toLowerCase())) {
      headers.append(name, value);
    }
  }
  if (built.body !== null && status !== 204 && status !== 205 && status !== 304) body = built.body;
  if (built.contentType && HEADER_VALUE.test(built.contentType)) headers.set('Content-Type', built.contentType);
  else if (body !== null && !headers.has('content-type')) headers.set('Content-Type', 'text/plain; charset=utf-8');
  for (const [k, v] of Object.entries(NO_STORE)) headers.set(k, v);
  return new Response(body, { status, headers });
}

/** the same answer as plain JSON, for dry runs */
export async function describeResponse(built: BuiltResponse | null): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = respond(built);
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}
