// Strict application/x-www-form-urlencoded parsing for OAuth endpoints. URLSearchParams is lenient
// (it accepts `%zz` and truncated UTF-8) and silently keeps duplicates; RFC 6749 §3.1 says parameters
// MUST NOT repeat, and a malformed body must be a 400, so this parser rejects both.
import { OAuthError } from './errors.js';

export type Form = ReadonlyMap<string, string>;

const shown = (name: string): string => JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);

/** form-url-decoding (RFC 6749 Appendix B): '+' is a space, percent-escapes must be valid UTF-8 */
export function formDecode(s: string): string {
  const spaced = s.includes('+') ? s.replaceAll('+', ' ') : s;
  if (!spaced.includes('%')) return spaced;
  return decodeURIComponent(spaced); // throws URIError on malformed escapes or invalid UTF-8
}

export function parseForm(body: string): Form {
  const out = new Map<string, string>();
  if (body === '') return out;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = formDecode(eq < 0 ? pair : pair.slice(0, eq));
      value = formDecode(eq < 0 ? '' : pair.slice(eq + 1));
    } catch {
      throw new OAuthError('invalid_request', 'malformed request body: invalid percent-encoding');
    }
    if (out.has(name)) throw new OAuthError('invalid_request', `${shown(name)} parameter must not be provided more than once`);
    out.set(name, value);
  }
  return out;
}

/** RFC 6749 §3.1: a parameter sent without a value is treated as omitted */
export function param(form: Form, name: string): string | undefined {
  const v = form.get(name);
  return v === undefined || v === '' ? undefined : v;
}

export function requireParam(form: Form, name: string): string {
  const v = param(form, name);
  if (v === undefined || v.trim() === '') throw new OAuthError('invalid_request', `missing required parameter '${name}'`);
  return v;
}

/** only application/x-www-form-urlencoded, in UTF-8 */
export function assertFormContentType(contentType: string | undefined): void {
  const [type = '', ...params] = (contentType ?? '').split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'only application/x-www-form-urlencoded request bodies are supported');
  }
  for (const p of params) {
    const [k, v] = p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'charset' && v !== 'utf-8' && v !== 'utf8') {
      throw new OAuthError('invalid_request', 'only the UTF-8 charset is supported');
    }
  }
}
