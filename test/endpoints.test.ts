// /token, /introspect, metadata, health and the admin API over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, createGrant, introspector, startServer, type Client, type TestServer } from './helpers/server.js';

let s: TestServer;
let svc: Client;
let pub: Client;
let introspect: (t: string) => Promise<Record<string, unknown>>;

before(async () => {
  s = await startServer();
  svc = await createClient(s, { client_name: 'svc', scope: 'read write' });
  pub = await createClient(s, { token_endpoint_auth_method: 'none' });
  introspect = await introspector(s);
});
after(async () => {
  await s.stop();
});

const token = (client: Client, params: Record<string, string>) =>
  client.client_secret ? s.form('/token', params, { basic: [client.client_id, client.client_secret] }) : s.form('/token', { ...params, client_id: client.client_id });

describe('POST /token', () => {
  it('client_credentials issues an access token with no-store headers', async () => {
    const r = await token(svc, { grant_type: 'client_credentials', scope: 'read' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('pragma'), 'no-cache');
    const body = (await r.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'read');
    assert.equal(body.refresh_token, undefined);
    assert.match(String(body.access_token), /^[A-Za-z0-9_-]{43,}$/, 'at least 256 bits, base64url');
    const info = await introspect(String(body.access_token));
    assert.equal(info.active, true);
    assert.equal(info.client_id, svc.client_id);
    assert.equal(info.scope, 'read');
  });

  it('rejects scopes the client does not have, public clients and unknown grant types', async () => {
    const bad = await token(svc, { grant_type: 'client_credentials', scope: 'admin' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'invalid_scope');
    const p = await token(pub, { grant_type: 'client_credentials' });
    assert.equal(p.status, 400);
    assert.equal(((await p.json()) as { error: string }).error, 'unauthorized_client');
    const u = await token(svc, { grant_type: 'password' });
    assert.equal(((await u.json()) as { error: string }).error, 'unsupported_grant_type');
  });

  it('refresh_token rotates: the old refresh token is revoked, the new pair works', async () => {
    const g = await createGrant(s, { client_id: svc.client_id, scope: 'read write' });
    const r = await token(svc, { grant_type: 'refresh_token', refresh_token: g.refresh_token! });
    assert.equal(r.status, 200);
    const body = (await r.json()) as { access_token: string; refresh_token: string; scope: string };
    assert.notEqual(body.refresh_token, g.refresh_token);
    assert.equal(body.scope, 'read write');
    assert.equal((await introspect(g.refresh_token!)).active, false);
    assert.equal((await introspect(body.access_token)).active, true);
    assert.equal((await introspect(body.refresh_token)).active, true);
  });

  it('reuse of a rotated refresh token revokes the whole grant (invalid_grant)', async () => {
    const g = await createGrant(s, { client_id: svc.client_id });
    const first = (await (await token(svc, { grant_type: 'refresh_token', refresh_token: g.refresh_token! })).json()) as { access_token: string; refresh_token: string };
    const reuse = await token(svc, { grant_type: 'refresh_token', refresh_token: g.refresh_token! });
    assert.equal(reuse.status, 400);
    assert.equal(((await reuse.json()) as { error: string }).error, 'invalid_grant');
    assert.equal((await introspect(first.access_token)).active, false, 'tokens minted after rotation are revoked too');
    assert.equal((await introspect(first.refresh_token)).active, false);
    const audit = (await (await s.admin('GET', '/audit?limit=20')).json()) as { entries: Array<{ reason: string; grantId: string }> };
    assert.ok(audit.entries.some((e) => e.reason === 'refresh_reuse' && e.grantId === g.grant_id));
  });

  it('a refresh token of another client is invalid_grant and stays live', async () => {
    const g = await createGrant(s, { client_id: pub.client_id });
    const r = await token(svc, { grant_type: 'refresh_token', refresh_token: g.refresh_token! });
    assert.equal(((await r.json()) as { error: string }).error, 'invalid_grant');
    assert.equal((await introspect(g.refresh_token!)).active, true);
  });

  it('public clients refresh with client_id only', async () => {
    const g = await createGrant(s, { client_id: pub.client_id });
    const r = await token(pub, { grant_type: 'refresh_token', refresh_token: g.refresh_token! });
    assert.equal(r.status, 200);
  });
});

describe('POST /introspect', () => {
  it('active token: active, scope, client_id, sub, exp, iat, token_type', async () => {
    const g = await createGrant(s, { client_id: svc.client_id, subject: 'bob', scope: 'read' });
    const info = await introspect(g.access_token);
    assert.equal(info.active, true);
    assert.equal(info.scope, 'read');
    assert.equal(info.client_id, svc.client_id);
    assert.equal(info.sub, 'bob');
    assert.equal(info.token_type, 'Bearer');
    assert.equal(typeof info.exp, 'number');
    assert.equal(typeof info.iat, 'number');
    assert.ok((info.exp as number) > (info.iat as number));
  });
  it('unknown token: active false', async () => {
    assert.deepEqual(await introspect('nope'), { active: false });
  });
  it('public clients are refused; missing token is invalid_request', async () => {
    const r = await s.form('/introspect', { token: 'x', client_id: pub.client_id });
    assert.equal(r.status, 401);
    assert.equal(((await r.json()) as { error: string }).error, 'invalid_client');
    const m = await s.form('/introspect', {}, { basic: [svc.client_id, svc.client_secret!] });
    assert.equal(m.status, 400);
  });
});

describe('metadata and health', () => {
  it('publishes RFC 8414 metadata with the endpoints and auth methods', async () => {
    const r = await fetch(`${s.url}/.well-known/oauth-authorization-server`);
    const m = (await r.json()) as Record<string, unknown>;
    assert.equal(m.issuer, s.url);
    assert.equal(m.revocation_endpoint, `${s.url}/revoke`);
    assert.equal(m.introspection_endpoint, `${s.url}/introspect`);
    assert.equal(m.token_endpoint, `${s.url}/token`);
    assert.deepEqual(m.revocation_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none']);
    assert.ok(Array.isArray(m.introspection_endpoint_auth_methods_supported));
    assert.ok(Array.isArray(m.token_endpoint_auth_methods_supported));
  });
  it('healthz and readyz', async () => {
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    const r = await fetch(`${s.url}/readyz`);
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { status: string }).status, 'ready');
  });
  it('unknown paths are a JSON 404', async () => {
    const r = await fetch(`${s.url}/nope`);
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { error: string }).error, 'not_found');
  });
});

describe('admin API', () => {
  it('refuses every route without the admin credential', async () => {
    const routes: Array<[string, string]> = [['POST', '/clients'], ['POST', '/grants'], ['POST', '/revocations'], ['GET', '/audit'], ['GET', '/hooks']];
    for (const [method, p] of routes) {
      for (const auth of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
        const r = await fetch(`${s.url}/admin${p}`, { method, headers: { ...(auth && { authorization: auth }), 'content-type': 'application/json' }, ...(method === 'POST' && { body: '{}' }) });
        assert.equal(r.status, 401, `${method} ${p} with ${auth}`);
        assert.equal(((await r.json()) as { error: string }).error, 'invalid_token');
      }
    }
  });

  it('validates input with clear errors', async () => {
    const bad = await s.admin('POST', '/clients', { token_endpoint_auth_method: 'private_key_jwt' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error_description: string }).error_description, /token_endpoint_auth_method/);
    const unknownField = await s.admin('POST', '/clients', { surprise: 1 });
    assert.equal(unknownField.status, 400);
    const notJson = await fetch(`${s.url}/admin/clients`, { method: 'POST', headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' }, body: '{' });
    assert.equal(notJson.status, 400);
    const grantUnknownClient = await s.admin('POST', '/grants', { client_id: 'nobody', subject: 'x' });
    assert.equal(grantUnknownClient.status, 400);
    const dup = await s.admin('POST', '/clients', { client_id: svc.client_id });
    assert.equal(dup.status, 409);
  });

  it('public clients get no secret; the secret is shown once', async () => {
    const p = await createClient(s, { token_endpoint_auth_method: 'none' });
    assert.equal(p.client_secret, undefined);
    const c = await createClient(s, {});
    assert.match(c.client_secret!, /^[A-Za-z0-9_-]{43,}$/);
  });

  it('POST /admin/revocations revokes every live token of a subject, and of a client', async () => {
    const other = await createClient(s, {});
    const a1 = await createGrant(s, { client_id: svc.client_id, subject: 'carol' });
    const a2 = await createGrant(s, { client_id: other.client_id, subject: 'carol' });
    const keep = await createGrant(s, { client_id: svc.client_id, subject: 'dave' });
    const r = await s.admin('POST', '/revocations', { subject: 'carol' });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { revoked: number }).revoked, 4);
    for (const t of [a1.access_token, a1.refresh_token!, a2.access_token, a2.refresh_token!]) assert.equal((await introspect(t)).active, false);
    assert.equal((await introspect(keep.access_token)).active, true);

    const byClient = await s.admin('POST', '/revocations', { client_id: other.client_id });
    assert.equal(((await byClient.json()) as { revoked: number }).revoked, 0, 'already revoked: nothing more');
    const none = await s.admin('POST', '/revocations', {});
    assert.equal(none.status, 400);
  });
});
