// Revoke hooks through the real endpoint: a real server, real HTTP, a real SQLite file, hook files in
// a real HOOKS_DIR. Unit-level sandbox behaviour is covered by hooks-runtime/hostile tests; this file
// proves the wiring: shapes, context data from the real request, builder on veto and success, chain,
// onError, lifecycle, redaction, context variables, audit, and that unknown tokens never reach hooks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, createGrant, introspector, startServer, waitFor, type Client, type TestServer } from './helpers/server.js';

interface HookStatusView {
  name: string;
  status: string;
  lastError: { message: string; line: number | null } | null;
  counters: { calls: number; revoked: number; skipped: number; errors: number; timeouts: number };
}

async function setup(hooks: Record<string, string>, env: Record<string, string> = {}) {
  const s = await startServer({ hooks, env });
  const client = await createClient(s, { client_name: 'Hooked App', scope: 'openid service' });
  const introspect = await introspector(s);
  const revoke = async (token: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    s.form('/revoke', { token, ...extra }, { basic: [client.client_id, client.client_secret!], headers });
  const grant = (body: Record<string, unknown> = {}) => createGrant(s, { client_id: client.client_id, subject: 'alice', scope: 'openid service', ...body });
  const hook = async (name: string): Promise<HookStatusView> => {
    const r = await s.admin('GET', `/hooks/${name}`);
    assert.equal(r.status, 200, `hook ${name} exists`);
    return (await r.json()) as HookStatusView;
  };
  return { s, client, introspect, revoke, grant, hook };
}

const sidecar = (o: Record<string, unknown>) => JSON.stringify(o);

describe('file shapes, context data and the builder on success', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    t = await setup({
      'a-script.js': `function revoke(context) { context.getResponseBuilder().header('X-Shape-Script', '1'); return true; }`,
      'a-script.json': sidecar({ order: 1 }),
      'b-esm.js': `export function revoke(context) { context.getResponseBuilder().header('X-Shape-Esm', '1'); return true; }`,
      'b-esm.json': sidecar({ order: 2 }),
      'c-default.js': `export default { revoke(context) { context.getResponseBuilder().header('X-Shape-Default', '1'); return true; } };`,
      'c-default.json': sidecar({ order: 3 }),
      'd-class.js': `export default class Hook { revoke(context) { context.getResponseBuilder().header('X-Shape-Class', '1'); return true; } }`,
      'd-class.json': sidecar({ order: 4 }),
      'e-typed.ts': [
        `enum Shape { Ts = 'ts' }`,
        `interface Ctx { getResponseBuilder(): { header(n: string, v: string): unknown } }`,
        `export async function revoke(context: Ctx): Promise<boolean> {`,
        `  await Promise.resolve();`,
        `  context.getResponseBuilder().header('X-Shape-Ts', Shape.Ts);`,
        `  return true;`,
        `}`,
      ].join('\n'),
      'e-typed.json': sidecar({ order: 5 }),
      'f-gluu.js': `class RevokeToken { getApiVersion() { return 11; } revoke(context) { context.getResponseBuilder().header('X-Shape-Gluu', '1'); return true; } }`,
      'f-gluu.json': sidecar({ order: 6 }),
      'z-dump.js': `function revoke(context) {
        const c = context.getClient(), g = context.getGrant(), t = context.getToken(), r = context.getHttpRequest();
        context.getResponseBuilder().status(200).type('application/json').entity({
          client: [c.getClientId(), c.getClientName(), c.getScopes(), c.isPublic(), c.getAuthenticationMethod()],
          grant: [g.getGrantId(), g.getClientId(), g.getSubject(), g.getUserId(), g.getScopes(), g.getGrantType(), typeof g.getCreatedAt()],
          grantTokens: g.getTokens().map((x) => [x.type, typeof x.issuedAt, x.revoked]),
          token: [t.getType(), typeof t.getIssuedAt(), typeof t.getExpiresAt(), t.getScopes(), t.getHint()],
          request: [r.getMethod(), r.getPath(), r.getHeader('Authorization'), r.getHeader('X-Custom'), r.getParameter('token'),
                    r.getParameter('token_type_hint'), r.getParameter('extra'), r.getRemoteAddr()],
          ip: [context.getIpAddress(), context.isInNetwork('127.0.0.0/8'), context.isInNetwork('10.0.0.0/8'), context.isInNetwork('::ffff:127.0.0.1/128')],
          script: context.getScript().getName(),
          attr: context.getScript().getConfigurationAttributes().get('greeting').getValue1(),
        });
        return true;
      }`,
      'z-dump.json': sidecar({ order: 99, configurationAttributes: { greeting: { value1: 'hello', value2: 'world', description: 'a test attribute' } } }),
    });
  });
  after(async () => {
    await t.s.stop();
  });

  it('every file shape runs, in order, and the token is revoked', async () => {
    const g = await t.grant();
    const r = await t.revoke(g.access_token, { token_type_hint: 'access_token', extra: 'x' }, { 'X-Custom': 'custom-value' });
    assert.equal(r.status, 200);
    for (const h of ['script', 'esm', 'default', 'class', 'ts', 'gluu']) assert.ok(r.headers.get(`x-shape-${h}`), `hook shape ${h} ran`);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('pragma'), 'no-cache');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    const dump = (await r.json()) as Record<string, unknown[]>;
    assert.deepEqual(dump.client, [t.client.client_id, 'Hooked App', ['openid', 'service'], false, 'client_secret_basic']);
    assert.deepEqual(dump.grant, [g.grant_id, t.client.client_id, 'alice', 'alice', ['openid', 'service'], 'authorization_code', 'number']);
    assert.deepEqual(dump.grantTokens, [
      ['access_token', 'number', false],
      ['refresh_token', 'number', false],
    ]);
    assert.deepEqual(dump.token, ['access_token', 'number', 'number', ['openid', 'service'], 'access_token']);
    // the token value and the Authorization header are redacted; other data comes from the request
    assert.deepEqual(dump.request, ['POST', '/revoke', '[redacted]', 'custom-value', '[redacted]', 'access_token', 'x', '127.0.0.1']);
    assert.deepEqual(dump.ip, ['127.0.0.1', true, false, true]);
    assert.equal(dump.script, 'z-dump');
    assert.equal(dump.attr, 'hello');
    assert.equal((await t.introspect(g.access_token)).active, false);
    assert.equal((await t.introspect(g.refresh_token!)).active, false);
  });

  it('client_secret_post secrets are redacted too, and no raw token reaches a hook', async () => {
    const post = await createClient(t.s, { token_endpoint_auth_method: 'client_secret_post' });
    const g = await createGrant(t.s, { client_id: post.client_id, refresh_token: true });
    const r = await t.s.form('/revoke', { token: g.refresh_token!, client_id: post.client_id, client_secret: post.client_secret! });
    const text = await r.text();
    assert.equal(r.status, 200);
    assert.ok(!text.includes(post.client_secret!), 'client secret never reaches a hook');
    assert.ok(!text.includes(g.refresh_token!), 'token never reaches a hook');
    assert.ok(!text.includes(g.access_token), 'no other token of the grant either');
  });

  it('unknown, revoked and foreign tokens never invoke hooks', async () => {
    const before = await t.hook('z-dump');
    const g = await t.grant();
    assert.equal((await t.revoke(g.access_token)).status, 200); // one real call
    const mid = await t.hook('z-dump');
    assert.equal(mid.counters.calls, before.counters.calls + 1);
    const unknown = await t.revoke('no-such-token');
    assert.equal(unknown.status, 200);
    assert.equal(await unknown.text(), '', 'no hook entity for an unknown token');
    assert.equal((await t.revoke(g.access_token)).status, 200); // already revoked
    const other = await createClient(t.s, {});
    const foreign = await createGrant(t.s, { client_id: other.client_id });
    assert.equal((await t.revoke(foreign.access_token)).status, 400); // another client's token
    const afterAll = await t.hook('z-dump');
    assert.equal(afterAll.counters.calls, mid.counters.calls);
  });

  it('the audit log records which hooks ran, their decision and duration', async () => {
    const g = await t.grant({ subject: 'audited' });
    await t.revoke(g.access_token);
    const { entries } = (await (await t.s.admin('GET', '/audit?limit=5')).json()) as { entries: Array<{ grantId: string; hooks: Array<{ hook: string; decision: string; durationMs: number }> }> };
    const e = entries.find((x) => x.grantId === g.grant_id);
    assert.ok(e);
    assert.deepEqual(e.hooks.map((h) => h.hook), ['a-script', 'b-esm', 'c-default', 'd-class', 'e-typed', 'f-gluu', 'z-dump']);
    assert.ok(e.hooks.every((h) => h.decision === 'revoke' && typeof h.durationMs === 'number'));
  });

  it('GET /admin/hooks lists every hook with status, hash and counters', async () => {
    const r = await t.s.admin('GET', '/hooks');
    const { hooks } = (await r.json()) as { hooks: Array<HookStatusView & { hash: string; order: number; file: string; enabled: boolean; loadedAt: string }> };
    assert.equal(hooks.length, 7);
    assert.deepEqual(hooks.map((h) => h.name), ['a-script', 'b-esm', 'c-default', 'd-class', 'e-typed', 'f-gluu', 'z-dump']);
    for (const h of hooks) {
      assert.equal(h.status, 'active');
      assert.match(h.hash, /^[0-9a-f]{64}$/);
      assert.equal(typeof h.loadedAt, 'string');
      assert.ok(h.counters.calls >= 1);
    }
  });
});

describe('veto, chain order, context variables and logs', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    t = await setup({
      'first.js': `function revoke(context) {
        context.getContextVariables().set('seen', ['first']);
        context.getResponseBuilder().header('X-First', '1');
        console.log('first ran for', context.getGrant().getSubject());
        return true;
      }`,
      'first.json': sidecar({ order: 10 }),
      'veto.js': `function revoke(context) {
        const seen = context.getContextVariables().get('seen');
        if (context.getGrant().getSubject() !== 'protected') return true;
        context.getLog().warn('refusing to revoke for', context.getGrant().getSubject());
        context.getResponseBuilder().status(403).header('X-Seen', seen.join(',')).entity({ error: 'access_denied', error_description: 'protected subject' });
        return false;
      }`,
      'veto.json': sidecar({ order: 20 }),
      'never.js': `function revoke(context) { context.getResponseBuilder().header('X-Never', '1'); return true; }`,
      'never.json': sidecar({ order: 30 }),
    });
  });
  after(async () => {
    await t.s.stop();
  });

  it('the first false stops the chain, nothing is revoked, and the builder is the answer', async () => {
    const g = await t.grant({ subject: 'protected' });
    const r = await t.revoke(g.refresh_token!);
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-first'), '1');
    assert.equal(r.headers.get('x-seen'), 'first', 'context variable passed from the first hook');
    assert.equal(r.headers.get('x-never'), null, 'hooks after a false do not run');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await r.json(), { error: 'access_denied', error_description: 'protected subject' });
    assert.equal((await t.introspect(g.refresh_token!)).active, true);
    assert.equal((await t.introspect(g.access_token)).active, true);
    const { entries } = (await (await t.s.admin('GET', '/audit?limit=5')).json()) as { entries: Array<{ grantId: string; reason: string; tokensRevoked: number }> };
    const e = entries.find((x) => x.grantId === g.grant_id);
    assert.equal(e?.reason, 'hook_veto');
    assert.equal(e?.tokensRevoked, 0);
  });

  it('when every hook says true the token is revoked and all builder changes apply', async () => {
    const g = await t.grant({ subject: 'bob' });
    const r = await t.revoke(g.access_token);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-first'), '1');
    assert.equal(r.headers.get('x-never'), '1');
    assert.equal((await t.introspect(g.access_token)).active, false);
  });

  it('console and getLog() output is captured per hook', async () => {
    const r = await t.s.admin('GET', '/hooks/first/logs?limit=50');
    const { logs } = (await r.json()) as { logs: Array<{ message: string; level: string }> };
    assert.ok(logs.some((l) => l.message.includes('first ran for bob')), JSON.stringify(logs));
    const v = (await (await t.s.admin('GET', '/hooks/veto/logs')).json()) as { logs: Array<{ message: string; level: string }> };
    assert.ok(v.logs.some((l) => l.level === 'warn' && l.message.includes('protected')));
  });
});

describe('onError', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    t = await setup({
      'throws-revoke.js': `function revoke(context) { if (context.getGrant().getSubject() === 'boom-revoke') throw new Error('secret internal detail'); return true; }`,
      'throws-revoke.json': sidecar({ order: 1, onError: 'revoke' }),
      'throws-skip.js': `function revoke(context) { if (context.getGrant().getSubject() === 'boom-skip') throw 'a string'; return true; }`,
      'throws-skip.json': sidecar({ order: 2, onError: 'skip' }),
      'not-boolean.js': `function revoke(context) { return context.getGrant().getSubject() === 'maybe' ? 'yes' : true; }`,
      'not-boolean.json': sidecar({ order: 3, onError: 'skip' }),
    });
  });
  after(async () => {
    await t.s.stop();
  });

  it('onError "revoke" (the default) keeps revocation fail-safe; the client sees no hook message', async () => {
    const g = await t.grant({ subject: 'boom-revoke' });
    const r = await t.revoke(g.access_token);
    assert.equal(r.status, 200);
    const body = await r.text();
    assert.equal(body, '');
    assert.equal((await t.introspect(g.access_token)).active, false);
    const h = await t.hook('throws-revoke');
    assert.equal(h.counters.errors, 1);
    assert.match(h.lastError?.message ?? '', /secret internal detail/, 'the error is recorded on the hook');
    assert.equal(h.lastError?.line, 1);
  });

  it('onError "skip" (Gluu) answers 200 and revokes nothing', async () => {
    const g = await t.grant({ subject: 'boom-skip' });
    const r = await t.revoke(g.access_token);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '');
    assert.equal((await t.introspect(g.access_token)).active, true);
  });

  it('a non-boolean return is a hook error with a message that says so', async () => {
    const g = await t.grant({ subject: 'maybe' });
    assert.equal((await t.revoke(g.access_token)).status, 200);
    assert.equal((await t.introspect(g.access_token)).active, true);
    const h = await t.hook('not-boolean');
    assert.match(h.lastError?.message ?? '', /boolean/);
  });
});

describe('lifecycle: init and destroy with configuration attributes', () => {
  it('init(false) or a throwing init keeps a hook out; init sees its attributes; destroy runs on shutdown', async () => {
    const t = await setup({
      'refuses.js': `function init() { return false; }\nfunction revoke() { return false; }`,
      'crashes.js': `function init() {\n  throw new Error('no config');\n}\nfunction revoke() { return false; }`,
      'configured.js': `function init(attrs) { console.log('init max=' + attrs.get('max').getValue1()); return true; }
        function destroy(attrs) { console.log('destroy max=' + attrs.get('max').getValue1()); return true; }
        function revoke(context) { context.getResponseBuilder().header('X-Max', context.getConfigurationAttributes().get('max').getValue1()); return true; }`,
      'configured.json': sidecar({ configurationAttributes: { max: { value1: '42', description: 'limit' } } }),
    });
    assert.equal((await t.hook('refuses')).status, 'error');
    const crashed = await t.hook('crashes');
    assert.equal(crashed.status, 'error');
    assert.match(crashed.lastError?.message ?? '', /no config/);
    assert.equal(crashed.lastError?.line, 2);
    const g = await t.grant();
    const r = await t.revoke(g.access_token);
    assert.equal(r.status, 200, 'hooks that failed to load do not veto');
    assert.equal(r.headers.get('x-max'), '42');
    assert.equal((await t.introspect(g.access_token)).active, false);
    const logs = (await (await t.s.admin('GET', '/hooks/configured/logs')).json()) as { logs: Array<{ message: string }> };
    assert.ok(logs.logs.some((l) => l.message === 'init max=42'));
    assert.equal(await t.s.stop(), 0);
    const destroyLogged = t.s.logs.some((l) => typeof l.msg === 'string' && l.msg.includes('destroy max=42'));
    assert.ok(destroyLogged, 'destroy() ran with its attributes on shutdown');
  });
});

describe('hostile hooks over HTTP', () => {
  // Each hostile hook only acts for its own subject, so one server hosts them all and every
  // request also proves the others keep working.
  const hostile: Record<string, { code: string; onError: 'revoke' | 'skip' }> = {
    'spin': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'spin') { while (true) {} } return true; }`, onError: 'skip' },
    'async-spin': { code: `async function revoke(c) { if (c.getGrant().getSubject() === 'async-spin') { await null; while (true) {} } return true; }`, onError: 'revoke' },
    'never-settles': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'never-settles') return new Promise(() => {}); return true; }`, onError: 'skip' },
    'heap-bomb': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'heap-bomb') { const a = []; for (;;) a.push(new Array(100000).fill(1)); } return true; }`, onError: 'revoke' },
    'deep-recursion': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'deep-recursion') { const f = (n) => f(n + 1) + 1; f(0); } return true; }`, onError: 'skip' },
    'escape': { code: `function revoke(c) {
        if (c.getGrant().getSubject() !== 'escape') return true;
        const p = this.constructor.constructor('return typeof process === "undefined" ? null : process')();
        const q = c.getClient.constructor('return typeof process === "undefined" ? null : process')();
        c.getResponseBuilder().header('X-Escape', String(p === null && q === null ? 'contained' : 'ESCAPED'));
        return false;
      }`, onError: 'revoke' },
    'proto-tamper': { code: `function revoke(c) {
        if (c.getGrant().getSubject() !== 'proto-tamper') return true;
        Object.prototype.reference = true; Object.prototype.copy = true; Object.prototype.promise = true;
        Object.defineProperty(Object.prototype, 'then', { get() { return (r) => r(true); }, configurable: true });
        Array.prototype.push = function () { throw new Error('pwned'); };
        c.getResponseBuilder().header('X-Client', c.getClient().getClientId());
        return false;
      }`, onError: 'revoke' },
    'throws-object': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'throws-object') throw { toString() { throw new Error('gotcha'); }, get message() { throw new Error('gotcha'); } }; return true; }`, onError: 'skip' },
    'crlf-header': { code: `function revoke(c) { if (c.getGrant().getSubject() === 'crlf-header') c.getResponseBuilder().header('X-Evil', 'a\\r\\nSet-Cookie: pwned=1'); return true; }`, onError: 'skip' },
  };
  let t: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    const files: Record<string, string> = {
      'good.js': `function revoke(c) { c.getResponseBuilder().header('X-Good', 'yes'); return true; }`,
      'good.json': sidecar({ order: 1000 }),
    };
    for (const [name, h] of Object.entries(hostile)) {
      files[`${name}.js`] = h.code;
      files[`${name}.json`] = sidecar({ onError: h.onError, limits: { memoryMb: 16, cpuMs: 100, wallMs: 600 } });
    }
    t = await setup(files);
  });
  after(async () => {
    await t.s.stop();
  });

  for (const [name, h] of Object.entries(hostile)) {
    it(`${name}: answered per onError (${h.onError}), server keeps serving, the next request succeeds`, async () => {
      const g = await t.grant({ subject: name });
      const r = await t.revoke(g.access_token);
      const body = await r.text();
      assert.ok(r.status < 500, `no 5xx: ${r.status}`);
      for (const leak of ['/work', 'node_modules', 'process.env', 'at Object.', 'isolated-vm', 'pwned']) {
        assert.ok(!body.includes(leak), `body leaks ${leak}`);
        for (const [k, v] of r.headers) assert.ok(!`${k}: ${v}`.includes(leak), `header leaks ${leak}`);
      }
      if (name === 'escape') {
        assert.equal(r.headers.get('x-escape'), 'contained');
        assert.equal((await t.introspect(g.access_token)).active, true);
      } else if (name === 'proto-tamper') {
        assert.equal(r.headers.get('x-client'), t.client.client_id);
        assert.equal((await t.introspect(g.access_token)).active, true, 'its own false is honoured, not hijacked by a then getter');
      } else {
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('x-evil'), null);
        assert.equal(r.headers.get('set-cookie'), null);
        const expectActive = h.onError === 'skip';
        assert.equal((await t.introspect(g.access_token)).active, expectActive, `onError ${h.onError}`);
        const status = await t.hook(name);
        assert.ok(status.counters.errors >= 1, 'the failure is counted on the hook');
      }
      // the same hook again (after any isolate rebuild) and the rest of the chain still work
      const next = await t.grant({ subject: 'innocent' });
      const ok = await t.revoke(next.access_token);
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('x-good'), 'yes');
      assert.equal((await t.introspect(next.access_token)).active, false);
    });
  }

  it('the server stayed up through all of it', async () => {
    assert.equal(t.s.proc.exitCode, null);
    assert.equal((await fetch(`${t.s.url}/healthz`)).status, 200);
  });
});

// keep the type import used when this file is compiled alone
export type { Client };

describe('the caller address behind a reverse proxy (TRUST_PROXY)', () => {
  const ipHook = {
    'ip.js': `function revoke(c) {
      c.getResponseBuilder().header('X-Ip', c.getIpAddress()).header('X-Remote', c.getHttpRequest().getRemoteAddr())
        .header('X-In-Doc-Net', String(c.isInNetwork('203.0.113.0/24')));
      return true;
    }`,
  };
  const ask = async (t: Awaited<ReturnType<typeof setup>>, xff?: string) => {
    const g = await t.grant();
    const r = await t.revoke(g.access_token, {}, xff ? { 'X-Forwarded-For': xff } : {});
    return [r.headers.get('x-ip'), r.headers.get('x-remote'), r.headers.get('x-in-doc-net')];
  };

  it('X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
    const t = await setup(ipHook);
    assert.deepEqual(await ask(t, '203.0.113.7'), ['127.0.0.1', '127.0.0.1', 'false']);
    await t.s.stop();
  });

  it('from a trusted proxy, the rightmost untrusted address is the caller (a forged prefix does not help)', async () => {
    const t = await setup(ipHook, { TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    assert.deepEqual(await ask(t, '203.0.113.7'), ['203.0.113.7', '203.0.113.7', 'true']);
    assert.deepEqual(await ask(t, '198.51.100.9, 203.0.113.7, 10.1.2.3'), ['203.0.113.7', '203.0.113.7', 'true']);
    assert.deepEqual(await ask(t, '203.0.113.7, 198.51.100.9'), ['198.51.100.9', '198.51.100.9', 'false']);
    assert.deepEqual(await ask(t, 'not-an-ip'), ['127.0.0.1', '127.0.0.1', 'false']);
    assert.deepEqual(await ask(t), ['127.0.0.1', '127.0.0.1', 'false']);
    await t.s.stop();
  });
});

describe('isolates per hook (HOOK_ISOLATES)', () => {
  // one isolate runs one call at a time: with two, a slow call does not hold up the next request
  const slow = {
    'slow.js': `function revoke(c) {
      if (c.getGrant().getSubject() === 'slow') { console.log('slow call running'); const end = Date.now() + 800; while (Date.now() < end) {} }
      return true;
    }`,
    'slow.json': JSON.stringify({ limits: { cpuMs: 5000, wallMs: 5000 } }),
  };
  const race = async (isolates: string) => {
    const t = await setup(slow, { HOOK_ISOLATES: isolates });
    const a = await t.grant({ subject: 'slow' });
    const b = await t.grant({ subject: 'quick' });
    const order: string[] = [];
    const pa = t.revoke(a.access_token).then(() => order.push('slow'));
    await waitFor('the slow call to run', () => t.s.logs.some((l) => typeof l.msg === 'string' && l.msg.includes('slow call running')));
    const pb = t.revoke(b.access_token).then(() => order.push('quick'));
    await Promise.all([pa, pb]);
    await t.s.stop();
    return order;
  };

  it('with 2, a quick request overtakes a slow one on the same hook', async () => {
    assert.deepEqual(await race('2'), ['quick', 'slow']);
  });
  it('with 1, it waits behind it', async () => {
    assert.deepEqual(await race('1'), ['slow', 'quick']);
  });
});
