// The revocation endpoint's answer, built from what the hooks' response builder holds. The sandbox
// output is untrusted, so it is validated again here; the dry-run API and CLI show the same answer.
import { isAllowedHeader } from '../hooks/response.js';
import type { BuiltResponse } from '../hooks/types.js';
import { NO_STORE } from '../oauth/errors.js';

/** The answer: the hooks' builder (re-validated here: the sandbox output is untrusted) + no-store. */
export function respond(built: BuiltResponse | null): Response {
  // the common case, no hook touched the builder: plain-object headers keep @hono/node-server on its
  // fast path (no Headers object, Content-Length: 0 instead of a chunked empty body)
  if (built === null || (built.status === null && built.headers.length === 0 && built.body === null && built.contentType === null)) {
    return new Response(null, { status: 200, headers: { ...NO_STORE } });
  }
  const headers = new Headers();
  let status = 200;
  let body: string | null = null;
  if (built.status !== null && Number.isInteger(built.status) && built.status >= 200 && built.status <= 599) status = built.status;
  for (const [name, value] of built.headers) {
    // the rules the hook process already applied, checked again: its output is still untrusted here
    if (isAllowedHeader(name, value)) headers.append(name, value);
  }
  if (built.body !== null && status !== 204 && status !== 205 && status !== 304) body = built.body;
  if (built.contentType && isAllowedHeader('Content-Type', built.contentType)) headers.set('Content-Type', built.contentType);
  else if (body !== null && !headers.has('content-type')) headers.set('Content-Type', 'text/plain; charset=utf-8');
  // set last, over whatever a hook set, so no hook can make a revocation answer cacheable (as oxAuth does)
  for (const [k, v] of Object.entries(NO_STORE)) headers.set(k, v);
  return new Response(body, { status, headers });
}

/** the same answer as plain JSON, for dry runs */
export async function describeResponse(built: BuiltResponse | null): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = respond(built);
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}
