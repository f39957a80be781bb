// Host-side, authoritative validation of what comes back out of an isolate: the response builder
// state and the context variables. The in-isolate bootstrap applies the same rules so a hook gets
// an immediate RangeError/TypeError, but a hook can tamper with its own context, so everything is
// checked again here before it is trusted.
import type { BuiltResponse } from './types.js';

/** Per-call caps, handed to the bootstrap too. */
export const CALL_LIMITS = Object.freeze({
  logLines: 100,
  logLineChars: 1024,
  logLineBytes: 1024,
  headers: 50,
  headerValue: 8 * 1024,
  // Sum over hook-set headers of name + value + 4 (": " and CRLF). HTTP clients cap the whole
  // response header section (Node/undici: 16 KiB, many proxies 4–8 KiB); 50 headers of 8 KiB each
  // would turn the revocation answer into a client-side parse error, so keep well below 16 KiB.
  headerBytes: 12 * 1024,
  entityBytes: 64 * 1024,
  varsBytes: 64 * 1024,
});

/** The builder state carried along the chain: BuiltResponse plus whether type() was explicit. */
export interface BuilderState extends BuiltResponse {
  typeExplicit: boolean;
}

export function emptyBuilder(): BuilderState {
  return { status: null, headers: [], body: null, contentType: null, typeExplicit: false };
}

export function toBuiltResponse(s: BuilderState): BuiltResponse {
  return { status: s.status, headers: s.headers.map(([n, v]) => [n, v] as [string, string]), body: s.body, contentType: s.contentType };
}

const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/;
// node's own rule for header values (lib/_http_common.js checkInvalidHeaderChar)
const BAD_VALUE_RE = /[^\t\x20-\x7e\x80-\xff]/;
const MEDIA_TYPE_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*(;.*)?$/;
const FORBIDDEN_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer', 'content-encoding', 'host']);

export function isForbiddenHeader(name: string): boolean {
  const l = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(l) || l.startsWith('proxy-');
}

/** a header a hook may send: a token name, a value Node accepts, not a framing or hop-by-hop header */
export function isAllowedHeader(name: string, value: string): boolean {
  return TOKEN_RE.test(name) && !BAD_VALUE_RE.test(value) && value.length <= CALL_LIMITS.headerValue && !isForbiddenHeader(name);
}

/** Returns the validated state, or a string saying what is wrong. */
export function validateBuilderState(raw: unknown): BuilderState | string {
  if (raw === null || typeof raw !== 'object') return 'response state missing';
  const r = raw as Record<string, unknown>;
  const status = r.status;
  if (status !== null && (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)) return 'status must be an integer between 200 and 599';
  if (!Array.isArray(r.headers) || r.headers.length > CALL_LIMITS.headers) return `at most ${CALL_LIMITS.headers} headers`;
  const headers: Array<[string, string]> = [];
  let headerBytes = 0;
  for (const h of r.headers as unknown[]) {
    if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string') return 'malformed header';
    const [n, v] = h as [string, string];
    if (!TOKEN_RE.test(n)) return 'invalid header name';
    if (isForbiddenHeader(n) || n.toLowerCase() === 'content-type') return `header ${JSON.stringify(n)} may not be set by a hook`;
    if (v.length > CALL_LIMITS.headerValue || BAD_VALUE_RE.test(v)) return `invalid value for header ${JSON.stringify(n)}`;
    headerBytes += n.length + v.length + 4;
    if (headerBytes > CALL_LIMITS.headerBytes) return `headers larger than ${CALL_LIMITS.headerBytes} bytes in total`;
    headers.push([n, v]);
  }
  const body = r.body;
  if (body !== null && (typeof body !== 'string' || Buffer.byteLength(body, 'utf8') > CALL_LIMITS.entityBytes)) return `entity larger than ${CALL_LIMITS.entityBytes} bytes`;
  const ct = r.contentType;
  if (ct !== null && (typeof ct !== 'string' || ct.length > 255 || !MEDIA_TYPE_RE.test(ct) || BAD_VALUE_RE.test(ct))) return 'invalid media type';
  return { status: status as number | null, headers, body: body as string | null, contentType: ct as string | null, typeExplicit: r.typeExplicit === true };
}

/** Context variables travel as [name, JSON text] pairs between hooks. */
export type VarEntries = Array<[string, string]>;

export function validateVars(raw: unknown): VarEntries | string {
  if (!Array.isArray(raw)) return 'context variables missing';
  const out: VarEntries = [];
  let total = 0;
  const seen = new Set<string>();
  for (const e of raw as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string') return 'malformed context variable';
    const [k, v] = e as [string, string];
    if (k.length === 0 || k.length > 256 || seen.has(k)) return 'invalid context variable name';
    total += k.length + v.length;
    if (total > CALL_LIMITS.varsBytes) return `context variables exceed ${CALL_LIMITS.varsBytes} bytes`;
    try {
      JSON.parse(v);
    } catch {
      return `context variable ${JSON.stringify(k)} is not JSON`;
    }
    seen.add(k);
    out.push([k, v]);
  }
  return out;
}
