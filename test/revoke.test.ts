// POST /revoke over real HTTP against a real server and SQLite file: every row of the status table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic, createClient, createGrant, introspector, startServer, type Client, type TestServer } from './helpers/server.js';

let s: TestServer;
let conf: Client; // confidential, client_secret_basic
let post: Client; // confidential, client_secret_post
let pub: Client; // public
let introspect: (t: string) => Promise<Record<string, unknown>>;

const revoke = (client: Client, params: Record<string, string>) =>
  client.client_secret
    ? s.form('/revoke', params, { basic: [client.client_id, client.client_secret] })
    : s.form('/revoke', { ...params, client_id: client.client_id });

async function assertEmpty200(r: Response) {
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('pragma'), 'no-cache');
}

async function assertOAuthError(r: Response, status: number, error: string) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await r.json()) as { error: string; error_description: string };
  assert.equal(body.error, error);
  assert.equal(typeof body.error_description, 'string');
  assert.ok(body.error_description.length > 0);
  return body;
}

before(async () => {
  s = await startServer();
  conf = await createClient(s, { client_name: 'web app' });
  post = await createClient(s, { token_endpoint_auth_method: 'client_secret_post' });
  pub = await createClient(s, { token_endpoint_auth_method: 'none' });
  introspect = await introspector(s);
});
after(async () => {
  assert.equal(await s.stop(), 0, 'graceful stop exits 0');
});

describe('success', () => {
  it('revokes an access token: empty 200 with no-store, introspection then says inactive', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    assert.equal((await introspect(g.access_token)).active, true);
    await assertEmpty200(await revoke(conf, { token: g.access_token }));
    assert.deepEqual(await introspect(g.access_token), { active: false });
  });

  it('revoking an access token revokes its grant (refresh token too) by default', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(conf, { token: g.access_token, token_type_hint: 'access_token' }));
    assert.equal((await introspect(g.refresh_token!)).active, false);
  });

  it('revoking a refresh token revokes every access token of the grant', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(conf, { token: g.refresh_token!, token_type_hint: 'refresh_token' }));
    assert.equal((await introspect(g.access_token)).active, false);
    assert.equal((await introspect(g.refresh_token!)).active, false);
  });

  it('a wrong or unknown token_type_hint still finds the token', async () => {
    const g1 = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(conf, { token: g1.access_token, token_type_hint: 'refresh_token' }));
    assert.equal((await introspect(g1.access_token)).active, false);
    const g2 = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(conf, { token: g2.refresh_token!, token_type_hint: 'urn:example:whatever' }));
    assert.equal((await introspect(g2.refresh_token!)).active, false);
  });

  it('client_secret_post and public clients revoke their own tokens', async () => {
    const gp = await createGrant(s, { client_id: post.client_id });
    await assertEmpty200(await s.form('/revoke', { token: gp.access_token, client_id: post.client_id, client_secret: post.client_secret! }));
    assert.equal((await introspect(gp.access_token)).active, false);
    const gu = await createGrant(s, { client_id: pub.client_id });
    await assertEmpty200(await revoke(pub, { token: gu.refresh_token! }));
    assert.equal((await introspect(gu.access_token)).active, false);
  });

  it('writes the revocation to the audit log', async () => {
    const g = await createGrant(s, { client_id: conf.client_id, subject: 'audit-subject' });
    await assertEmpty200(await revoke(conf, { token: g.access_token }));
    const r = await s.admin('GET', '/audit?limit=5');
    const { entries } = (await r.json()) as { entries: Array<Record<string, unknown>> };
    const e = entries.find((x) => x.grantId === g.grant_id);
    assert.ok(e, 'audit entry for the grant');
    assert.equal(e.actor, conf.client_id);
    assert.equal(e.reason, 'revocation_endpoint');
    assert.equal(e.subject, 'audit-subject');
    assert.equal(e.tokensRevoked, 2);
  });
});

describe('tokens that are not live', () => {
  it('unknown token: empty 200', async () => {
    await assertEmpty200(await revoke(conf, { token: 'no-such-token' }));
  });

  it('already revoked token: empty 200, and no second audit entry', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(conf, { token: g.access_token }));
    const before = ((await (await s.admin('GET', '/audit?limit=1000')).json()) as { entries: unknown[] }).entries.length;
    await assertEmpty200(await revoke(conf, { token: g.access_token }));
    const afterN = ((await (await s.admin('GET', '/audit?limit=1000')).json()) as { entries: unknown[] }).entries.length;
    assert.equal(afterN, before);
  });

  it('expired token: empty 200, introspection inactive', async () => {
    const g = await createGrant(s, { client_id: conf.client_id, access_token_ttl: 1, refresh_token: false });
    await new Promise((r) => setTimeout(r, 2100));
    assert.deepEqual(await introspect(g.access_token), { active: false });
    await assertEmpty200(await revoke(conf, { token: g.access_token }));
  });
});

describe('bad requests', () => {
  it('missing token: 400 invalid_request', async () => {
    await assertOAuthError(await revoke(conf, {}), 400, 'invalid_request');
  });
  it('blank token: 400 invalid_request', async () => {
    await assertOAuthError(await revoke(conf, { token: '' }), 400, 'invalid_request');
    await assertOAuthError(await revoke(conf, { token: '   ' }), 400, 'invalid_request');
  });
  it('duplicate parameter: 400 invalid_request', async () => {
    const r = await s.form('/revoke', 'token=a&token=b', { basic: [conf.client_id, conf.client_secret!] });
    await assertOAuthError(r, 400, 'invalid_request');
    const r2 = await s.form('/revoke', 'token=a&token_type_hint=x&token_type_hint=y', { basic: [conf.client_id, conf.client_secret!] });
    await assertOAuthError(r2, 400, 'invalid_request');
  });
  it('non-form content type: 400 invalid_request', async () => {
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await fetch(`${s.url}/revoke`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: basic(conf.client_id, conf.client_secret!) },
        body: type === 'application/json' ? '{"token":"x"}' : 'token=x',
      });
      await assertOAuthError(r, 400, 'invalid_request');
    }
    const none = await fetch(`${s.url}/revoke`, { method: 'POST', headers: { authorization: basic(conf.client_id, conf.client_secret!) } });
    await assertOAuthError(none, 400, 'invalid_request');
  });
  it('malformed body (bad percent-encoding, invalid UTF-8): 400 invalid_request', async () => {
    for (const body of ['token=%zz', 'token=%E2%82', 'token=abc%']) {
      await assertOAuthError(await s.form('/revoke', body, { basic: [conf.client_id, conf.client_secret!] }), 400, 'invalid_request');
    }
  });
  it('body over 64 KiB: 413 with a JSON error, nothing revoked', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    const body = `token=${g.access_token}&pad=${'x'.repeat(65 * 1024)}`;
    const r = await s.form('/revoke', body, { basic: [conf.client_id, conf.client_secret!] });
    await assertOAuthError(r, 413, 'invalid_request');
    assert.equal((await introspect(g.access_token)).active, true);
  });
  it('other methods: 405 with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const r = await fetch(`${s.url}/revoke`, { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.get('allow'), 'POST');
      await r.arrayBuffer();
    }
  });
});

describe('client authentication', () => {
  it('wrong secret, unknown client and no credentials: 401 invalid_client with WWW-Authenticate', async () => {
    const cases = [
      await s.form('/revoke', { token: 'x' }, { basic: [conf.client_id, 'wrong'] }),
      await s.form('/revoke', { token: 'x' }, { basic: ['nobody', 'wrong'] }),
      await s.form('/revoke', { token: 'x', client_id: post.client_id, client_secret: 'wrong' }),
      await s.form('/revoke', { token: 'x' }),
      await s.form('/revoke', { token: 'x', client_id: 'nobody' }),
    ];
    const bodies = [];
    for (const r of cases) {
      assert.match(r.headers.get('www-authenticate') ?? '', /^Basic realm="/);
      bodies.push(await assertOAuthError(r, 401, 'invalid_client'));
    }
    // unknown client and wrong secret are indistinguishable
    assert.deepEqual(bodies[0], bodies[1]);
  });

  it('a client may use only its registered method', async () => {
    // basic client sending its secret in the body
    await assertOAuthError(await s.form('/revoke', { token: 'x', client_id: conf.client_id, client_secret: conf.client_secret! }), 401, 'invalid_client');
    // post client using Basic
    await assertOAuthError(await s.form('/revoke', { token: 'x' }, { basic: [post.client_id, post.client_secret!] }), 401, 'invalid_client');
    // confidential client trying to act as public
    await assertOAuthError(await s.form('/revoke', { token: 'x', client_id: conf.client_id }), 401, 'invalid_client');
  });

  it('more than one authentication method: 400 invalid_request', async () => {
    const r = await s.form('/revoke', { token: 'x', client_id: conf.client_id, client_secret: conf.client_secret! }, { basic: [conf.client_id, conf.client_secret!] });
    await assertOAuthError(r, 400, 'invalid_request');
  });

  it('Basic credentials are form-url-decoded (RFC 6749 §2.3.1)', async () => {
    const odd = await createClient(s, { client_id: 'odd:id%2B+&=' });
    const g = await createGrant(s, { client_id: odd.client_id });
    await assertEmpty200(await s.form('/revoke', { token: g.access_token }, { basic: [odd.client_id, odd.client_secret!] }));
    assert.equal((await introspect(g.access_token)).active, false);
  });

  it('malformed Basic header: RFC-shaped 4xx, never 5xx', async () => {
    for (const h of ['Basic !!!!', 'Basic ' + Buffer.from('no-colon').toString('base64'), 'Basic ' + Buffer.from([0xff, 0x3a, 0xfe]).toString('base64'), 'Bearer abc']) {
      const r = await s.form('/revoke', { token: 'x' }, { headers: { authorization: h } });
      assert.ok(r.status === 400 || r.status === 401, `${h}: ${r.status}`);
      const body = (await r.json()) as { error: string };
      assert.ok(['invalid_request', 'invalid_client'].includes(body.error));
    }
  });
});

describe('tokens of another client', () => {
  it('confidential caller: 400 invalid_request, nothing revoked', async () => {
    const g = await createGrant(s, { client_id: post.client_id });
    await assertOAuthError(await revoke(conf, { token: g.access_token }), 400, 'invalid_request');
    assert.equal((await introspect(g.access_token)).active, true);
  });
  it('public caller: silent 200, nothing revoked', async () => {
    const g = await createGrant(s, { client_id: conf.client_id });
    await assertEmpty200(await revoke(pub, { token: g.access_token }));
    assert.equal((await introspect(g.access_token)).active, true);
  });
  it('a client holding scope revoke_any_token may revoke any token', async () => {
    const admin = await createClient(s, { scope: 'revoke_any_token' });
    const g = await createGrant(s, { client_id: conf.client_id, scope: undefined });
    await assertEmpty200(await revoke(admin, { token: g.refresh_token! }));
    assert.equal((await introspect(g.access_token)).active, false);
  });
});
