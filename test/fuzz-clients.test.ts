// Hostile clients on /revoke, /introspect, /token and /admin: property-based fuzzing (fast-check) over
// real HTTP against a real server and SQLite file.
//
// Every generated request is judged by an oracle written from the README's rules and computed from
// the bytes actually sent (not from how the generator meant them), so the generator may be as wild as
// it likes. Properties: never a 5xx; the status (and error code) the oracle predicts; every non-200
// is RFC-shaped JSON; every 200 from /revoke is empty with Cache-Control: no-store; and the stored
// state changes only through legitimate requests: N live tokens of known clients are set up first,
// fed into the traffic, and at the end introspection must say that exactly the tokens the model
// revoked (a correctly-authenticated owner's well-formed request, or a legitimate refresh) are
// inactive and every other one is still active.
//
// FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_TRACE=1 logs every OAuth request's answer.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { basic, createClient, createGrant, startServer, type TestServer } from './helpers/server.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : crypto.randomInt(2 ** 31 - 1);
const RUNS = { revoke: 600, token: 400, introspect: 350, admin: 500 };
const MAX_FORM = 64 * 1024;

// RFC 6749 §5.2 + RFC 7009 §2.2.1, plus the service's own codes for routing answers (404, 405)
const OAUTH_ERRORS = new Set([
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type',
  'invalid_scope', 'unsupported_token_type', 'method_not_allowed', 'not_found',
]);

let s: TestServer;
let casesRun = 0;

// ---------------------------------------------------------------------------------------------
// known clients and the model of the tracked tokens

type Method = 'client_secret_basic' | 'client_secret_post' | 'none';
interface Known {
  key: string;
  id: string;
  secret: string | null;
  method: Method;
  scope: string[];
  registered: boolean;
}
interface Tok {
  value: string;
  type: 'access_token' | 'refresh_token';
  grant: string;
  owner: string;
  active: boolean;
}

const clients: Known[] = [];
const tokens: Tok[] = [];
const byValue = new Map<string, Tok>();
const grantTokens = new Map<string, Tok[]>();
const GRANTS_PER_CLIENT = 15;

const knownById = (id: string) => clients.find((c) => c.registered && c.id === id);
function revokeGrant(grant: string) {
  for (const t of grantTokens.get(grant) ?? []) t.active = false;
}

// ---------------------------------------------------------------------------------------------
// an oracle for the wire format, written from the README / RFC 6749 Appendix B

/** form-url-decoding: '+' is a space, %XX must be two hex digits, the bytes must be UTF-8 */
function formDecode(s: string): string | null {
  const bytes: number[] = [];
  const str = s.replaceAll('+', ' ');
  for (let i = 0; i < str.length; ) {
    if (str[i] === '%') {
      const hex = str.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(str.codePointAt(i)!);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  const buf = Buffer.from(bytes);
  return isUtf8(buf) ? buf.toString('utf8') : null;
}

type Form = Map<string, string>;
function parseForm(text: string): Form | 'malformed' | 'duplicate' {
  const out: Form = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = formDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = formDecode(eq < 0 ? '' : pair.slice(eq + 1));
    if (name === null || value === null) return 'malformed';
    if (out.has(name)) return 'duplicate';
    out.set(name, value);
  }
  return out;
}
/** RFC 6749 §3.1: an empty parameter is an omitted one */
const param = (f: Form, n: string) => (f.get(n) === '' ? undefined : f.get(n));
const required = (f: Form, n: string) => {
  const v = param(f, n);
  return v === undefined || v.trim() === '' ? undefined : v;
};

// content types, labelled by hand: accepted only application/x-www-form-urlencoded in UTF-8
const CONTENT_TYPES: Array<[string | null, boolean]> = [
  ['application/x-www-form-urlencoded', true],
  ['application/x-www-form-urlencoded; charset=UTF-8', true],
  ['APPLICATION/X-WWW-FORM-URLENCODED', true],
  ['application/x-www-form-urlencoded;charset="utf-8"', true],
  ['application/x-www-form-urlencoded ; charset=utf8', true],
  ['application/x-www-form-urlencoded; foo=bar', true],
  [null, false],
  ['text/plain', false],
  ['text/plain;charset=UTF-8', false],
  ['application/json', false],
  ['multipart/form-data; boundary=xyz', false],
  ['application/x-www-form-urlencoded; charset=iso-8859-1', false],
  ['application/x-www-form-urlencoded; charset=utf-16', false],
  ['application/x-www-form-urlencoded; charset', false],
  ['application/x-www-form-urlencodedx', false],
  ['application/x-www-form-urlencoded, text/plain', false],
  ['x-www-form-urlencoded', false],
  ['*/*', false],
];
const CT_VALID = new Map(CONTENT_TYPES);

interface Predicted {
  status: number;
  error?: string;
  /** /introspect: what `active` must say */
  active?: boolean;
  /** applied to the model once the answer matched */
  effect?: () => void;
  /** for the report: a legitimate state change */
  legit?: boolean;
}

const fail = (status: number, error: string): Predicted => ({ status, error });

function predictAuth(authorization: string | undefined, form: Form): Predicted | { client: Known; method: Method } {
  const bodyId = param(form, 'client_id');
  const bodySecret = param(form, 'client_secret');
  const usesBasic = authorization !== undefined;
  const usesAssertion = form.has('client_assertion') || form.has('client_assertion_type');
  if ([usesBasic, bodySecret !== undefined, usesAssertion].filter(Boolean).length > 1) return fail(400, 'invalid_request');
  if (usesAssertion) return fail(401, 'invalid_client');
  let presented: { method: Method; id: string; secret: string | null };
  if (usesBasic) {
    if (!/^basic /i.test(authorization)) return fail(401, 'invalid_client');
    const b64 = authorization.slice(6).trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return fail(400, 'invalid_request');
    const raw = Buffer.from(b64, 'base64');
    if (!isUtf8(raw)) return fail(400, 'invalid_request');
    const decoded = raw.toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return fail(400, 'invalid_request');
    const id = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (id === null || secret === null) return fail(400, 'invalid_request');
    if (bodyId !== undefined && bodyId !== id) return fail(400, 'invalid_request');
    presented = { method: 'client_secret_basic', id, secret };
  } else {
    if (bodyId === undefined) return fail(401, 'invalid_client');
    presented = bodySecret !== undefined ? { method: 'client_secret_post', id: bodyId, secret: bodySecret } : { method: 'none', id: bodyId, secret: null };
  }
  const c = knownById(presented.id);
  if (!c || c.method !== presented.method || (presented.method !== 'none' && c.secret !== presented.secret)) return fail(401, 'invalid_client');
  return { client: c, method: c.method };
}

function scopeAllowed(form: Form, allowed: string[]): boolean {
  const raw = param(form, 'scope');
  const parts = (raw ?? '').split(' ').filter(Boolean);
  if (parts.some((p) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(p))) return false;
  return raw === undefined || parts.every((p) => allowed.includes(p));
}

type Endpoint = '/revoke' | '/introspect' | '/token';

interface Wire {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

const headerValue = (v: string | undefined) => v?.replace(/^[\t ]+|[\t ]+$/g, '');

function predict(ep: Endpoint, w: Wire): Predicted {
  if (w.method !== 'POST') return fail(405, 'method_not_allowed');
  const body = w.body ?? Buffer.alloc(0);
  if (body.length > MAX_FORM) return fail(413, 'invalid_request');
  if (!CT_VALID.get(w.headers['content-type'] ?? null)) return fail(400, 'invalid_request');
  if (!isUtf8(body)) return fail(400, 'invalid_request');
  let text = body.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1); // a UTF-8 BOM is not content
  const form = parseForm(text);
  if (typeof form === 'string') return fail(400, 'invalid_request');
  const auth = predictAuth(headerValue(w.headers.authorization), form);
  if ('status' in auth) return auth;
  const { client } = auth;

  if (ep === '/revoke') {
    const v = required(form, 'token');
    if (v === undefined) return fail(400, 'invalid_request');
    const t = byValue.get(v);
    if (!t || !t.active) return { status: 200 };
    if (t.owner !== client.id && !client.scope.includes('revoke_any_token')) {
      return client.method === 'none' ? { status: 200 } : fail(400, 'invalid_request');
    }
    // ACCESS_TOKEN_REVOCATION=grant (default): either token revokes the whole grant
    return { status: 200, legit: true, effect: () => revokeGrant(t.grant) };
  }

  if (ep === '/introspect') {
    if (client.method === 'none') return fail(401, 'invalid_client');
    const v = required(form, 'token');
    if (v === undefined) return fail(400, 'invalid_request');
    return { status: 200, active: byValue.get(v)?.active ?? false };
  }

  const gt = required(form, 'grant_type');
  if (gt === undefined) return fail(400, 'invalid_request');
  if (gt === 'client_credentials') {
    if (client.method === 'none') return fail(400, 'unauthorized_client');
    return scopeAllowed(form, client.scope) ? { status: 200 } : fail(400, 'invalid_scope');
  }
  if (gt !== 'refresh_token') return fail(400, 'unsupported_grant_type');
  const rv = required(form, 'refresh_token');
  if (rv === undefined) return fail(400, 'invalid_request');
  const t = byValue.get(rv);
  if (!t || t.type !== 'refresh_token' || t.owner !== client.id) return fail(400, 'invalid_grant');
  // reuse detection: a revoked (rotated) refresh token presented again revokes the grant
  if (!t.active) return { ...fail(400, 'invalid_grant'), legit: true, effect: () => revokeGrant(t.grant) };
  if (!scopeAllowed(form, [])) return fail(400, 'invalid_scope');
  // rotation: the old refresh token is revoked, the grant's access token stays
  return { status: 200, legit: true, effect: () => (t.active = false) };
}

// ---------------------------------------------------------------------------------------------
// the generator: a request "intent", built into wire bytes

const pct = (b: number, lower: boolean) => `%${b.toString(16).padStart(2, '0')}`[lower ? 'toLowerCase' : 'toUpperCase']();
type Enc = 'form' | 'pct20' | 'pctAll' | 'pctSome' | 'raw';
function encode(v: string, enc: Enc, seed: number): string {
  switch (enc) {
    case 'form':
      return encodeURIComponent(v).replace(/%20/g, '+');
    case 'pct20':
      return encodeURIComponent(v);
    case 'pctAll':
      return [...Buffer.from(v, 'utf8')].map((b) => pct(b, (seed & 1) === 1)).join('');
    case 'pctSome': // some characters percent-encoded, spaces as '+' or '%20' at random
      return [...v]
        .map((ch, i) => {
          const bit = (seed >>> (i % 29)) & 1;
          if (ch === ' ') return bit ? '+' : '%20';
          return bit ? [...Buffer.from(ch, 'utf8')].map((b) => pct(b, i % 3 === 0)).join('') : encodeURIComponent(ch);
        })
        .join('');
    case 'raw':
      return v;
  }
}

const CORRUPTIONS: Buffer[] = [
  '%', '%z', '%zz', '%4', '%E2%82', '%C0%AF', '%FF', '%ED%A0%80', '%F4%90%80%80', '%00', '&', '=', '+', '%20', '&&', '&token=', '==',
].map((x) => Buffer.from(x, 'latin1'))
  .concat([[0xff], [0xfe, 0xff], [0xc3], [0xe9], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x00], [0xc0, 0xaf], [0xe2, 0x82]].map((b) => Buffer.from(b)));

/** null most of the time, a value one time in `oneIn` */
const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'SEARCH'];
const methodArb = fc.oneof({ weight: 14, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom(...METHODS) });
const ctArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CONTENT_TYPES.filter(([, ok]) => ok).map(([ct]) => ct)) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES.filter(([, ok]) => !ok).map(([ct]) => ct)) },
);
const encArb = fc.constantFrom<Enc>('form', 'form', 'pct20', 'pctAll', 'pctSome', 'raw');
const junkArb = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', ' ', '  ', '+', '%', 'a b', 'a+b', 'a%20b', '\u0000', '\uFEFF', 'é', '💥', 'null', 'undefined', '[]', '{}'),
);

/** a value: a tracked token, a client id/secret, junk, or something overlong */
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((i) => ({ tracked: i })) },
  { weight: 3, arbitrary: junkArb.map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.nat().map((i) => ({ clientField: i })) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 1000, max: 60_000 }), fc.integer({ min: 65_400, max: 70_000 })).map((n) => ({ long: n })) },
);
type ValueSpec = { tracked: number } | { v: string } | { clientField: number } | { long: number };

const PARAM_NAMES = [
  'token', 'token_type_hint', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type', 'scope', 'grant_type',
  'refresh_token', 'TOKEN', 'token ', 'foo', '', ' ', 'токен', 'to%6Ben',
];
const extraArb = fc.record({
  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PARAM_NAMES) }, { weight: 1, arbitrary: junkArb }),
  value: valueArb,
  bare: fc.boolean(),
  enc: encArb,
});

const AUTH_MODES = ['basic', 'post', 'none', 'basic+post', 'basic+id', 'basic+otherid', 'assertion', 'post+assertion', 'nothing'] as const;
/** how the caller authenticates; `scheme`: the caller's right credentials behind a mangled scheme; `header`: a hostile header */
type AuthMode = 'registered' | (typeof AUTH_MODES)[number] | { scheme: number } | { header: string };

/** hostile Authorization headers (header values must stay printable ASCII; fetch refuses the rest) */
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const badHeaderArb: fc.Arbitrary<AuthMode> = fc.oneof(
  fc.nat().map((i) => ({ scheme: i })),
  fc.constantFrom(
    'Basic', 'Basic !!!!', 'Basic ====', 'Basic =', 'Basic a', 'Basic YQ', 'Basic YWJj', `Basic ${b64('no-colon-here')}`,
    `Basic ${b64(Buffer.from([0xff, 0xfe, 0x3a, 0x41]))}`, `Basic ${b64(Buffer.from([0xc3, 0x3a]))}`, `Basic ${b64(':')}`, `Basic ${b64('::')}`,
    `Basic ${b64('%zz:secret')}`, `Basic ${b64('id:%E2%82')}`, `Basic ${b64('id:%')}`, `Basic ${b64(`${'a'.repeat(6000)}:${'b'.repeat(3000)}`)}`,
    'Bearer abc', 'Digest username="x"', 'basic', 'Basic\tYTpi', `Basic ${b64('a:b')}=`, `Basic ${b64('a:b').replace(/=+$/, '')}`,
    'Basic YTpi YTpi', `Basic ${b64('\uFEFFa:b')}`, `Basic  ${b64('a:b')}`, 'Basic ' + 'QUFB'.repeat(3000),
  ).map((header) => ({ header })),
  fc.string({ maxLength: 60 }).map((v) => ({ header: `Basic ${v}` })),
  fc.string({ unit: 'binary', maxLength: 30 }).map((v) => ({ header: `Basic ${b64(v)}` })),
);

const authArb: fc.Arbitrary<AuthMode> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('registered' as const) },
  { weight: 3, arbitrary: fc.constantFrom(...AUTH_MODES) },
  { weight: 2, arbitrary: badHeaderArb },
);

const baseIntent = {
  method: methodArb,
  ct: ctArb,
  caller: fc.nat(),
  auth: authArb,
  wrongSecret: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  extras: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(extraArb, { minLength: 1, maxLength: 3 }) }),
  corruptions: fc.oneof(
    { weight: 5, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(fc.record({ piece: fc.nat(CORRUPTIONS.length - 1), at: fc.nat(1000) }), { minLength: 1, maxLength: 2 }) },
  ),
  pad: rarely(
    fc.record({
      name: fc.constantFrom('token', 'x', 'client_id', 'token_type_hint'),
      target: fc.oneof(fc.constantFrom(MAX_FORM - 1, MAX_FORM, MAX_FORM + 1), fc.integer({ min: 60_000, max: MAX_FORM }), fc.integer({ min: MAX_FORM + 1, max: 140_000 })),
    }),
    12,
  ),
  sep: fc.constantFrom('&', '&', '&', '&&'),
  lead: fc.boolean(),
  rotate: fc.nat(),
  reverse: fc.boolean(),
  encSeed: fc.nat(),
  query: rarely(fc.nat(), 12),
};

const tokenSpecArb = fc.oneof(
  { weight: 8, arbitrary: valueArb.map((v) => ({ present: true as const, v, enc: 'form' as Enc })) },
  { weight: 1, arbitrary: fc.constant({ present: false as const }) },
);

const revokeIntentArb = fc.record({
  ...baseIntent,
  token: fc.tuple(tokenSpecArb, encArb).map(([t, enc]) => (t.present ? { ...t, enc } : t)),
  hint: fc.option(fc.constantFrom('access_token', 'refresh_token', '', 'junk', 'refresh_token access_token', 'ACCESS_TOKEN')),
});

const tokenIntentArb = fc.record({
  ...baseIntent,
  grantType: fc.oneof(
    { weight: 6, arbitrary: fc.constant('refresh_token') },
    { weight: 2, arbitrary: fc.constant('client_credentials') },
    { weight: 2, arbitrary: fc.constantFrom('', ' ', 'password', 'authorization_code', 'REFRESH_TOKEN', 'refresh_token ', 'urn:ietf:params:oauth:grant-type:jwt-bearer') },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  refresh: fc.oneof({ weight: 8, arbitrary: valueArb }, { weight: 1, arbitrary: fc.constant(null) }),
  refreshEnc: encArb,
  scope: rarely(fc.constantFrom('', ' ', '  ', 'openid', 'revoke_any_token', 'a"b', 'a\\b', 'openid openid', 'é'), 3),
});

interface BaseIntent {
  method: string;
  ct: string | null;
  caller: number;
  auth: AuthMode;
  wrongSecret: boolean;
  extras: Array<{ name: string; value: ValueSpec; bare: boolean; enc: Enc }>;
  corruptions: Array<{ piece: number; at: number }>;
  pad: { name: string; target: number } | null;
  sep: string;
  lead: boolean;
  rotate: number;
  reverse: boolean;
  encSeed: number;
  query: number | null;
}

function valueOf(v: ValueSpec): string {
  if ('tracked' in v) return tokens[v.tracked % tokens.length]!.value;
  if ('clientField' in v) {
    const c = clients[v.clientField % clients.length]!;
    return v.clientField % 2 === 0 ? c.id : (c.secret ?? c.id);
  }
  if ('long' in v) return 'A'.repeat(v.long);
  return v.v;
}

function build(ep: Endpoint, it: BaseIntent, core: string[]): Wire {
  const caller = clients[it.caller % clients.length]!;
  const secret = caller.secret === null ? 'not-a-secret' : it.wrongSecret ? `${caller.secret}x` : caller.secret;
  const pairs = [...core];
  const headers: Record<string, string> = {};
  const kv = (n: string, v: string) => `${encode(n, 'form', 0)}=${encode(v, 'form', 0)}`;
  const other = clients[(it.caller + 1) % clients.length]!;
  let mode = it.auth;
  if (mode === 'registered') mode = caller.method === 'client_secret_basic' ? 'basic' : caller.method === 'client_secret_post' ? 'post' : 'none';
  if (typeof mode === 'object') {
    if ('scheme' in mode) {
      const schemes = ['basic ', 'BASIC ', 'Basic  ', 'Basic\t', 'Bearer ', 'Basic', 'Basic: '];
      headers.authorization = `${schemes[mode.scheme % schemes.length]}${b64(`${caller.id}:${secret}`)}`;
    } else headers.authorization = mode.header;
  } else {
    if (mode.startsWith('basic')) headers.authorization = basic(caller.id, secret);
    if (mode === 'post' || mode === 'post+assertion') pairs.push(kv('client_id', caller.id), kv('client_secret', secret));
    if (mode === 'none') pairs.push(kv('client_id', caller.id));
    if (mode === 'basic+post') pairs.push(kv('client_secret', secret));
    if (mode === 'basic+id') pairs.push(kv('client_id', caller.id));
    if (mode === 'basic+otherid') pairs.push(kv('client_id', other.id));
    if (mode === 'assertion' || mode === 'post+assertion') {
      pairs.push(kv('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'), kv('client_assertion', 'eyJhbGciOiJub25lIn0.e30.'));
    }
  }
  for (const e of it.extras) {
    const name = encode(e.name, 'form', 0);
    pairs.push(e.bare ? name : `${name}=${encode(valueOf(e.value), e.enc, it.encSeed)}`);
  }
  const n = pairs.length || 1;
  let ordered = [...pairs.slice(it.rotate % n), ...pairs.slice(0, it.rotate % n)];
  if (it.reverse) ordered = ordered.reverse();
  let text = (it.lead ? it.sep : '') + ordered.join(it.sep);
  if (it.pad) {
    const prefix = `${text ? '&' : ''}${it.pad.name}=`;
    const fill = it.pad.target - Buffer.byteLength(text) - prefix.length;
    if (fill >= 0) text += prefix + 'A'.repeat(fill);
  }
  let body = Buffer.from(text, 'utf8');
  for (const c of it.corruptions) {
    const at = Math.floor((c.at / 1000) * body.length);
    body = Buffer.concat([body.subarray(0, at), CORRUPTIONS[c.piece]!, body.subarray(at)]);
  }
  if (it.ct !== null) headers['content-type'] = it.ct;
  const query = it.query === null ? '' : `?token=${encodeURIComponent(tokens[it.query % tokens.length]!.value)}&client_id=${encodeURIComponent(caller.id)}`;
  const bodyless = it.method === 'GET' || it.method === 'HEAD';
  return { method: it.method, path: ep + query, headers, body: bodyless ? null : body };
}

function buildRevoke(it: RevokeIntent, ep: '/revoke' | '/introspect' = '/revoke'): Wire {
  const core: string[] = [];
  if (it.token.present) core.push(`token=${encode(valueOf(it.token.v), it.token.enc, it.encSeed)}`);
  if (it.hint !== null) core.push(`token_type_hint=${encode(it.hint, 'form', 0)}`);
  return build(ep, it, core);
}
type RevokeIntent = BaseIntent & { token: { present: true; v: ValueSpec; enc: Enc } | { present: false }; hint: string | null };
type TokenIntent = BaseIntent & { grantType: string | null; refresh: ValueSpec | null; refreshEnc: Enc; scope: string | null };

function buildToken(it: TokenIntent): Wire {
  const core: string[] = [];
  if (it.grantType !== null) core.push(`grant_type=${encode(it.grantType, 'form', 0)}`);
  if (it.refresh !== null) {
    // mostly a refresh token, so that rotations and reuse happen
    const v = 'tracked' in it.refresh ? refreshOf(it.refresh.tracked) : valueOf(it.refresh);
    core.push(`refresh_token=${encode(v, it.refreshEnc, it.encSeed)}`);
  }
  if (it.scope !== null) core.push(`scope=${encode(it.scope, 'form', 0)}`);
  return build('/token', it, core);
}
function refreshOf(i: number): string {
  const t = tokens[i % tokens.length]!;
  if (i % 5 === 0) return t.value; // sometimes an access token where a refresh token belongs
  return grantTokens.get(t.grant)!.find((x) => x.type === 'refresh_token')!.value;
}

// ---------------------------------------------------------------------------------------------
// sending and checking

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

let lastWire = '';
async function send(w: Wire): Promise<Answer> {
  let r: Response;
  try {
    r = await fetch(`${s.url}${w.path}`, { method: w.method, headers: w.headers, ...(w.body !== null && { body: w.body }) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`no answer (${cause?.code ?? ''} ${cause?.message ?? String(e)}); previous: ${lastWire}; this: ${describeWire(w)}`);
  }
  lastWire = `${describeWire(w)} → ${r.status} connection=${r.headers.get('connection')}`;
  if (process.env.FUZZ_TRACE) console.log(`${Date.now() % 100000} ${w.method} ${w.body?.length} → ${r.status} ${r.headers.get("connection")} ${r.headers.get("content-length")}`);
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const describeWire = (w: Wire) => {
  const b = w.body ?? Buffer.alloc(0);
  const shown = b.length > 300 ? `${JSON.stringify(b.subarray(0, 300).toString('latin1'))}… (${b.length} bytes)` : JSON.stringify(b.toString('latin1'));
  const auth = w.headers.authorization;
  return `${w.method} ${w.path.slice(0, 120)} ct=${JSON.stringify(w.headers['content-type'] ?? null)} auth=${JSON.stringify(auth && auth.length > 120 ? `${auth.slice(0, 120)}…(${auth.length})` : auth)} body=${shown}`;
};

/** RFC 6749 §5.2 shape: application/json, string error from the set, string error_description */
function assertErrorShape(a: Answer, codes: Set<string> | null, ctx: string): { error: string; error_description: string } {
  assert.match(a.headers.get('content-type') ?? '', /^application\/json/, `${ctx}: content-type of a ${a.status}`);
  let body: unknown;
  try {
    body = JSON.parse(a.text);
  } catch {
    assert.fail(`${ctx}: a ${a.status} whose body is not JSON: ${JSON.stringify(a.text.slice(0, 200))}`);
  }
  const e = body as { error?: unknown; error_description?: unknown };
  assert.equal(typeof e.error, 'string', `${ctx}: error is a string`);
  assert.equal(typeof e.error_description, 'string', `${ctx}: error_description is a string`);
  if (codes) assert.ok(codes.has(e.error as string), `${ctx}: error ${JSON.stringify(e.error)} is not an RFC code`);
  return e as { error: string; error_description: string };
}

function parseJson(text: string, ctx: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return assert.fail(`not JSON: ${ctx}`);
  }
}

const legitCount: Record<string, number> = { revoke: 0, token: 0 };
const statusSeen: Record<string, Record<number, number>> = {};

async function checkOAuth(ep: Endpoint, w: Wire): Promise<void> {
  casesRun++;
  const p = predict(ep, w);
  const a = await send(w);
  const ctx = `${ep}: ${describeWire(w)} → ${a.status} ${a.text.slice(0, 200)}`;
  (statusSeen[ep] ??= {})[a.status] = (statusSeen[ep]![a.status] ?? 0) + 1;
  assert.ok(a.status < 500, `never a 5xx: ${ctx}`);
  assert.equal(a.status, p.status, `status predicted ${p.status}${p.error ? ` ${p.error}` : ''}: ${ctx}`);
  if (a.status !== 200) {
    if (w.method !== 'HEAD') {
      const e = assertErrorShape(a, OAUTH_ERRORS, ctx);
      if (p.error) assert.equal(e.error, p.error, ctx);
    }
    if (a.status === 401) assert.match(a.headers.get('www-authenticate') ?? '', /^Basic realm="revoke-hooks"/, ctx);
    if (a.status === 405) assert.equal(a.headers.get('allow'), 'POST', ctx);
  } else if (ep === '/revoke') {
    assert.equal(a.text, '', `200 from /revoke has an empty body: ${ctx}`);
    assert.equal(a.headers.get('cache-control'), 'no-store', ctx);
  } else if (ep === '/introspect') {
    assert.equal((parseJson(a.text, ctx) as { active: boolean }).active, p.active, `introspection agrees with the model: ${ctx}`);
    assert.equal(a.headers.get('cache-control'), 'no-store', ctx);
  } else {
    const t = parseJson(a.text, ctx) as { access_token?: unknown; token_type?: unknown };
    assert.equal(typeof t.access_token, 'string', ctx);
    assert.equal(t.token_type, 'Bearer', ctx);
    assert.equal(a.headers.get('cache-control'), 'no-store', ctx);
  }
  if (p.effect) p.effect();
  if (p.legit) legitCount[ep === '/revoke' ? 'revoke' : 'token']!++;
}

/** plain node:http, so that paths reach the server exactly as written (fetch normalises them) */
function raw(method: string, p: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, method, path: p, headers: { ...headers, ...(body && { 'content-length': String(body.length) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode!, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  s = await startServer();
  const add = async (key: string, method: Method, scope?: string) => {
    const c = await createClient(s, { token_endpoint_auth_method: method, client_name: `fuzz ${key}`, ...(scope && { scope }) });
    clients.push({ key, id: c.client_id, secret: c.client_secret ?? null, method, scope: scope ? scope.split(' ') : [], registered: true });
  };
  await add('basic', 'client_secret_basic');
  await add('post', 'client_secret_post');
  await add('public', 'none');
  await add('revoke-any', 'client_secret_basic', 'revoke_any_token');
  clients.push({ key: 'unknown', id: `unknown-${crypto.randomUUID()}`, secret: crypto.randomBytes(32).toString('base64url'), method: 'client_secret_basic', scope: [], registered: false });
  for (const c of clients.slice(0, 3)) {
    for (let i = 0; i < GRANTS_PER_CLIENT; i++) {
      const g = await createGrant(s, { client_id: c.id, subject: `fuzz-subject-${crypto.randomUUID()}`, refresh_token: true });
      const pair: Tok[] = [
        { value: g.access_token, type: 'access_token', grant: g.grant_id, owner: c.id, active: true },
        { value: g.refresh_token!, type: 'refresh_token', grant: g.grant_id, owner: c.id, active: true },
      ];
      grantTokens.set(g.grant_id, pair);
      for (const t of pair) {
        tokens.push(t);
        byValue.set(t.value, t);
      }
    }
  }
  console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
});

after(async () => {
  console.log(`fuzz cases run: ${casesRun}`);
  console.log(`fuzz legitimate state changes: ${JSON.stringify(legitCount)}; statuses: ${JSON.stringify(statusSeen)}`);
  await s?.stop();
});

const params = (runs: number, offset: number) => ({ numRuns: runs, seed: SEED + offset, endOnFailure: true, includeErrorInReport: true });

describe('fuzz: OAuth endpoints', { concurrency: false }, () => {
  it('/introspect: no 5xx, predicted status, RFC-shaped errors, answers agree with the model', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(revokeIntentArb, (intent) => checkOAuth('/introspect', buildRevoke(intent as RevokeIntent, '/introspect'))), params(RUNS.introspect, 1));
  });

  it('/token: no 5xx, predicted status, RFC-shaped errors; rotation and reuse detection as modelled', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(tokenIntentArb, (intent) => checkOAuth('/token', buildToken(intent as TokenIntent))), params(RUNS.token, 2));
  });

  it('/revoke: no 5xx, predicted status, RFC-shaped errors, empty no-store 200s', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(revokeIntentArb, (intent) => checkOAuth('/revoke', buildRevoke(intent as RevokeIntent))), params(RUNS.revoke, 3));
  });
});

// ---------------------------------------------------------------------------------------------
// /admin

const ADMIN_ROUTES = [
  '/admin/clients', '/admin/grants', '/admin/revocations', '/admin/audit', '/admin/hooks', '/admin/hooks/x', '/admin/hooks/x/logs',
  '/admin/hooks/x/test', '/admin/hooks/x/versions', '/admin/hooks/x/rollback',
];
const ADMIN_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const HOOK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const TRAVERSAL_NAMES = [
  '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%2E%2E%2F', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5C..%5Cwindows%5Cwin.ini', 'a%2Fb', 'a%5Cb',
  'a%00b', '%00', 'x%00.js', '.hidden', '-dash', '_under', 'a.js', 'a%20b', '%C0%AE%C0%AE', '%FF', '%', `${'a'.repeat(65)}`, 'b'.repeat(300),
  '%252e%252e', '..%252f..%252f', 'a:b',
];

function adminAuthorized(h: string | undefined): boolean {
  const m = /^Bearer ([\x21-\x7e]+)$/i.exec(headerValue(h) ?? '');
  return m !== null && m[1] === s.adminToken;
}

const adminAuthArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.constant('right') },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.constantFrom('lower', 'upper', 'suffix', 'prefix', 'twospace', 'basic', 'noscheme', 'truncated', 'case'),
      fc.string({ maxLength: 40 }).map((x) => `Bearer ${x}`),
      fc.string({ maxLength: 40 }),
    ),
  },
);
function adminAuthHeader(kind: string | null): string | undefined {
  const t = s.adminToken;
  switch (kind) {
    case null: return undefined;
    case 'right': return `Bearer ${t}`;
    case 'lower': return `bearer ${t}`; // the scheme is case-insensitive (RFC 9110 §11.1)
    case 'upper': return `BEARER ${t}`;
    case 'suffix': return `Bearer ${t}x`;
    case 'prefix': return `Bearer x${t}`;
    case 'twospace': return `Bearer  ${t}`;
    case 'basic': return `Basic ${b64(`admin:${t}`)}`;
    case 'noscheme': return t;
    case 'truncated': return `Bearer ${t.slice(0, -1)}`;
    case 'case': return `Bearer ${t.toUpperCase()}`;
    default: return kind;
  }
}

const adminPathArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ADMIN_ROUTES, '/admin', '/admin/', '/admin/hooks/', '/admin/hooks/x/versions/1', '/admin/hooks/x/versions/abc', '/admin/nope', '/admin/clients/x') },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TRAVERSAL_NAMES), fc.constantFrom('', '/logs', '/versions', '/test', '/rollback', '/versions/1')).map(([n, rest]) => `/admin/hooks/${n}${rest}`) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', '/logs', '/versions')).map(([n, rest]) => `/admin/hooks/${encodeURIComponent(n)}${rest}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('/admin/audit', '/admin/hooks/x/logs', '/admin/hooks/x/versions'), fc.string({ maxLength: 12 })).map(([p, q]) => `${p}?limit=${encodeURIComponent(q)}`) },
  { weight: 1, arbitrary: fc.constantFrom('/admin/audit?limit=0', '/admin/audit?limit=1001', '/admin/audit?limit=1e3', '/admin/audit?limit=%zz', '/admin/audit?limit=1&limit=2', '/admin/audit?limit=-1', '/admin/audit?limit=0x10') },
);
const adminBodyArb = fc.oneof(
  { weight: 12, arbitrary: fc.json({ maxDepth: 2 }).map((j) => Buffer.from(j)) },
  { weight: 8, arbitrary: fc.constantFrom('{', '', 'null', '[]', '{"client_id":1}', '{"token_endpoint_auth_method":"magic"}', '{"subject":""}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '{"source":""}', '{"version":-1}', '{"version":1e308}', '\uFEFF{}').map((x) => Buffer.from(x)) },
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }).map((x) => Buffer.from(x)) },
  { weight: 1, arbitrary: fc.constantFrom(1024 * 1024 + 1, 1024 * 1024 + 4096) }, // a size: built when sent
);
const adminIntentArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path: adminPathArb,
  auth: adminAuthArb,
  ct: fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/javascript', 'application/json; charset=latin1', 'APPLICATION/JSON')),
  body: adminBodyArb,
});

async function checkAdmin(intent: { method: string; path: string; auth: string | null; ct: string | null; body: Buffer | number }): Promise<void> {
  casesRun++;
  const it = { ...intent, body: typeof intent.body === 'number' ? Buffer.alloc(intent.body, 0x20) : intent.body };
  const authz = adminAuthHeader(it.auth);
  const headers: Record<string, string> = { ...(authz !== undefined && { authorization: authz }), ...(it.ct !== null && { 'content-type': it.ct }) };
  const bodyless = it.method === 'GET' || it.method === 'HEAD';
  const a = await raw(it.method, it.path, headers, bodyless ? undefined : it.body);
  const ctx = `${it.method} ${it.path.slice(0, 150)} auth=${JSON.stringify(authz?.slice(0, 60))} ct=${it.ct} body=${bodyless ? '-' : JSON.stringify(it.body.subarray(0, 80).toString('latin1'))}(${it.body.length}) → ${a.status} ${a.text.slice(0, 200)}`;
  (statusSeen.admin ??= {})[a.status] = (statusSeen.admin![a.status] ?? 0) + 1;
  assert.ok(a.status < 500, `never a 5xx: ${ctx}`);
  if (!adminAuthorized(authz)) {
    assert.equal(a.status, 401, `without the admin credential: 401 first: ${ctx}`);
    assert.match(a.headers.get('www-authenticate') ?? '', /^Bearer/, ctx);
  }
  if (a.status >= 300 && it.method !== 'HEAD') assertErrorShape(a, null, ctx);
  if (!bodyless && it.body.length > 1024 * 1024 && adminAuthorized(authz)) {
    assert.ok(a.status === 413 || a.status === 404 || a.status === 405, `an oversized body is never processed: ${ctx}`);
  }
  const hook = /^\/admin\/hooks\/([^/?]+)/.exec(it.path);
  if (hook) {
    let name: string | null;
    try {
      name = decodeURIComponent(hook[1]!);
    } catch {
      name = null;
    }
    if (name === null || !HOOK_NAME.test(name)) assert.ok([400, 401, 404, 413].includes(a.status), `an invalid hook name is never served: ${ctx}`);
  }
}

describe('fuzz: /admin', () => {
  it('no 5xx; 401 with WWW-Authenticate: Bearer without the credential; JSON errors; bad hook names refused', { timeout: 90_000 }, async () => {
    await fc.assert(fc.asyncProperty(adminIntentArb, checkAdmin), params(RUNS.admin, 4));
  });

  it('every admin route × method refuses without the admin credential: 401 (auth before 404/405) with WWW-Authenticate: Bearer', async () => {
    const creds = [undefined, 'Bearer wrong-token-0123456789', `Bearer ${s.adminToken}x`, `Basic ${b64(`admin:${s.adminToken}`)}`, s.adminToken, 'Bearer'];
    for (const route of ADMIN_ROUTES) {
      for (const method of ADMIN_METHODS) {
        for (const authz of creds) {
          const body = method === 'GET' ? undefined : Buffer.from('{"source":"export default () => true","subject":"x","version":1}');
          const a = await raw(method, route, { ...(authz !== undefined && { authorization: authz }), 'content-type': 'application/json' }, body);
          const ctx = `${method} ${route} auth=${JSON.stringify(authz)} → ${a.status} ${a.text}`;
          assert.equal(a.status, 401, ctx);
          assert.match(a.headers.get('www-authenticate') ?? '', /^Bearer( |$)/, ctx);
          const e = assertErrorShape(a, null, ctx);
          assert.equal(e.error, 'invalid_token', ctx);
        }
      }
    }
  });

  it('hook names cannot traverse paths: 400 or 404 JSON, never 200, never 5xx, nothing written outside HOOKS_DIR', async () => {
    const auth = { authorization: `Bearer ${s.adminToken}` };
    const names = [...TRAVERSAL_NAMES, '..', '...', '%2e', 'a%2F..%2F..%2Fb', '..%2f', '%2e%2e%5c%2e%2e%5c'];
    const sentinel = path.join(path.dirname(s.hooksDir), `rh-escape-${crypto.randomUUID()}`);
    for (const n of names) {
      for (const [method, rest] of [['GET', ''], ['GET', '/logs'], ['GET', '/versions'], ['DELETE', ''], ['PUT', ''], ['POST', '/test'], ['POST', '/rollback']] as const) {
        const body = method === 'PUT' ? Buffer.from(JSON.stringify({ source: 'export default function () { return true; }' })) : method === 'POST' ? Buffer.from('{"version":1}') : undefined;
        const a = await raw(method, `/admin/hooks/${n}${rest}`, { ...auth, 'content-type': 'application/json' }, body);
        const ctx = `${method} /admin/hooks/${n}${rest} → ${a.status} ${a.text.slice(0, 200)}`;
        assert.ok(a.status === 400 || a.status === 404, ctx);
        assertErrorShape(a, null, ctx);
      }
    }
    // a name that would climb out of HOOKS_DIR if it were used as a file name
    const escape = encodeURIComponent(`../${path.basename(sentinel)}`);
    const a = await raw('PUT', `/admin/hooks/${escape}`, { ...auth, 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ source: 'export default () => true' })));
    assert.ok(a.status === 400 || a.status === 404, `${a.status} ${a.text}`);
    for (const ext of ['', '.js', '.ts', '.json']) assert.equal(fs.existsSync(sentinel + ext), false, `nothing written at ${sentinel}${ext}`);
    // raw backslash / raw non-ASCII bytes in the path are refused by Node's HTTP parser itself
    // (400, no JSON body: the app never sees them) — never a 200 or a 5xx
    for (const p of ['/admin/hooks/a\\b', '/admin/hooks/..\\..\\x', '/admin/hooks/\xff']) {
      const r = await raw('GET', p, auth);
      assert.equal(r.status, 400, `${p} → ${r.status} ${r.text}`);
    }
  });

  it('oversized admin bodies (> 1 MiB) → 413 JSON', async () => {
    const auth = { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' };
    const big = Buffer.from(JSON.stringify({ client_name: 'x'.repeat(1024 * 1024) }));
    for (const p of ['/admin/clients', '/admin/grants', '/admin/revocations']) {
      const a = await raw('POST', p, auth, big);
      assert.equal(a.status, 413, `${p} → ${a.status} ${a.text.slice(0, 200)}`);
      assertErrorShape(a, null, p);
    }
    // and through fetch (Content-Length set by the client)
    const r = await fetch(`${s.url}/admin/clients`, { method: 'POST', headers: auth, body: big });
    assert.equal(r.status, 413);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('after a 413 the client can go on: the unread body never breaks the next requests (kept-alive connections)', async () => {
    const admin = { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' };
    const oversized: Array<[string, string, Record<string, string>, Buffer]> = [
      ['POST', '/revoke', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.alloc(300_000, 0x61)],
      ['POST', '/token', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.alloc(1_000_000, 0x61)],
      ['POST', '/admin/clients', admin, Buffer.alloc(1024 * 1024 + 200_000, 0x20)],
      ['PUT', '/admin/hooks/too-big', admin, Buffer.alloc(400_000, 0x20)],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [method, p, headers, body] of oversized) {
        const big = await fetch(`${s.url}${p}`, { method, headers, body }).catch((e: Error) => e);
        assert.ok(!(big instanceof Error), `${method} ${p} (${body.length} bytes): no answer: ${String((big as Error).cause ?? big)}`);
        assert.equal(big.status, 413, `${method} ${p}`);
        assertErrorShape({ status: big.status, headers: big.headers, text: await big.text() }, null, `${method} ${p}`);
        for (let i = 0; i < 3; i++) {
          const next = await fetch(`${s.url}/healthz`).catch((e: Error) => e);
          assert.ok(!(next instanceof Error), `request ${i + 1} after a 413 from ${method} ${p} failed: ${String((next as Error).cause ?? next)}`);
          assert.equal(next.status, 200);
          await next.text();
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('no client enumeration', () => {
  it('unknown client, wrong secret and wrong method give byte-identical 401s (Basic and post, every endpoint)', async () => {
    const [b, p, u] = clients as [Known, Known, Known];
    const unknown = `nobody-${crypto.randomUUID()}`;
    const token = 'some-token-value';
    const viaBasic: Array<[string, string, string]> = [
      ['unknown client', unknown, 'whatever-secret'],
      ['wrong secret', b.id, 'wrong-secret'],
      ['wrong secret (empty)', b.id, ''],
      ['right id and secret, wrong method (registered post)', p.id, p.secret!],
      ['public client via Basic', u.id, 'anything'],
    ];
    const viaPost: Array<[string, Record<string, string>]> = [
      ['unknown client', { client_id: unknown, client_secret: 'whatever-secret' }],
      ['wrong secret', { client_id: p.id, client_secret: 'wrong-secret' }],
      ['right id and secret, wrong method (registered basic)', { client_id: b.id, client_secret: b.secret! }],
      ['public client with a secret', { client_id: u.id, client_secret: 'anything' }],
    ];
    const viaNone: Array<[string, Record<string, string>]> = [
      ['unknown client', { client_id: unknown }],
      ['confidential client without its secret', { client_id: b.id }],
      ['post client without its secret', { client_id: p.id }],
    ];
    for (const ep of ['/revoke', '/introspect', '/token'] as const) {
      const extra: Record<string, string> = ep === '/token' ? { grant_type: 'client_credentials' } : { token };
      const fingerprint = async (r: Response) => {
        const h = [...r.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k));
        return JSON.stringify({ status: r.status, headers: h, body: await r.text() });
      };
      const groups: Array<Array<[string, Promise<Response>]>> = [
        viaBasic.map(([what, id, secret]) => [what, s.form(ep, extra, { basic: [id, secret] })]),
        viaPost.map(([what, f]) => [what, s.form(ep, { ...extra, ...f })]),
        viaNone.map(([what, f]) => [what, s.form(ep, { ...extra, ...f })]),
      ];
      const all: string[] = [];
      for (const group of groups) {
        const prints = await Promise.all(group.map(async ([what, r]) => [what, await fingerprint(await r)] as const));
        for (const [what, fp] of prints) {
          assert.equal(fp, prints[0]![1], `${ep}: "${what}" differs from "${prints[0]![0]}"`);
          const parsed = JSON.parse(fp) as { status: number; headers: Array<[string, string]> };
          assert.equal(parsed.status, 401);
          assert.ok(parsed.headers.some(([k, v]) => k === 'www-authenticate' && v.startsWith('Basic realm=')), `${ep} ${what}: WWW-Authenticate`);
        }
        all.push(prints[0]![1]);
      }
      // and Basic, post and none failures look alike too
      assert.equal(new Set(all).size, 1, `${ep}: ${all.join('\n')}`);
    }
  });

  it('headers beyond Node\'s header limit and unknown methods are refused before the app: a 4xx, never a 5xx, and the server lives on', async () => {
    const [b] = clients as [Known];
    const huge = await fetch(`${s.url}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${b64(`${b.id}:${'a'.repeat(20_000)}`)}` },
      body: 'token=x',
    });
    assert.ok(huge.status >= 400 && huge.status < 500, `huge Authorization → ${huge.status}`);
    const odd = await fetch(`${s.url}/revoke`, { method: 'BREW', body: 'token=x' });
    assert.ok(odd.status >= 400 && odd.status < 500, `BREW → ${odd.status}`);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
  });
});

describe('afterwards', () => {
  it('exactly the tokens revoked by legitimate requests are inactive; every other tracked token is still active', async () => {
    const rs = clients.find((c) => c.key === 'revoke-any')!; // confidential: may introspect
    const wrong: string[] = [];
    let inactive = 0;
    for (let i = 0; i < tokens.length; i += 16) {
      await Promise.all(
        tokens.slice(i, i + 16).map(async (t) => {
          const r = await s.form('/introspect', { token: t.value }, { basic: [rs.id, rs.secret!] });
          assert.equal(r.status, 200);
          const active = ((await r.json()) as { active: boolean }).active;
          if (!active) inactive++;
          if (active !== t.active) wrong.push(`${t.type} of grant ${t.grant} (owner ${clients.find((c) => c.id === t.owner)?.key}): model ${t.active}, server ${active}`);
        }),
      );
    }
    console.log(`fuzz tracked tokens: ${tokens.length}, inactive after the run: ${inactive}`);
    assert.deepEqual(wrong, []);
    assert.ok(inactive > 0 && inactive < tokens.length, `the traffic revoked some tracked tokens but not all (${inactive}/${tokens.length})`);
  });
});
