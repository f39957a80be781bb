// The same flows driven by unmodified OAuth client libraries: openid-client v6 (client_secret_basic
// and client_secret_post) and oauth4webapi with a public client. Discovery goes through our RFC 8414
// metadata, so these also prove the published endpoints are the ones that work.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { createClient, createGrant, introspector, startServer, type TestServer } from './helpers/server.js';

let s: TestServer;
let introspect: (t: string) => Promise<Record<string, unknown>>;

before(async () => {
  s = await startServer();
  introspect = await introspector(s);
});
after(async () => {
  await s.stop();
});

for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
  describe(`openid-client v6 with ${method}`, () => {
    it('client credentials → revoke → introspection inactive', async () => {
      const c = await createClient(s, { token_endpoint_auth_method: method, scope: 'api' });
      const auth = method === 'client_secret_basic' ? oidc.ClientSecretBasic(c.client_secret!) : oidc.ClientSecretPost(c.client_secret!);
      const config = await oidc.discovery(new URL(s.url), c.client_id, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' });
      assert.equal(tokens.token_type, 'bearer');
      const before = await oidc.tokenIntrospection(config, tokens.access_token);
      assert.equal(before.active, true);
      assert.equal(before.client_id, c.client_id);
      await oidc.tokenRevocation(config, tokens.access_token, { token_type_hint: 'access_token' });
      const afterR = await oidc.tokenIntrospection(config, tokens.access_token);
      assert.equal(afterR.active, false);
    });

    it('refresh → revoke refresh token → refreshing again fails with invalid_grant', async () => {
      const c = await createClient(s, { token_endpoint_auth_method: method });
      const auth = method === 'client_secret_basic' ? oidc.ClientSecretBasic(c.client_secret!) : oidc.ClientSecretPost(c.client_secret!);
      const config = await oidc.discovery(new URL(s.url), c.client_id, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const g = await createGrant(s, { client_id: c.client_id });
      const refreshed = await oidc.refreshTokenGrant(config, g.refresh_token!);
      assert.ok(refreshed.refresh_token);
      await oidc.tokenRevocation(config, refreshed.refresh_token!);
      assert.equal((await oidc.tokenIntrospection(config, refreshed.access_token)).active, false);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token!), (e: unknown) => {
        assert.ok(e instanceof oidc.ResponseBodyError);
        assert.equal(e.error, 'invalid_grant');
        return true;
      });
    });

    it('a wrong secret surfaces as invalid_client', async () => {
      const c = await createClient(s, { token_endpoint_auth_method: method });
      const auth = method === 'client_secret_basic' ? oidc.ClientSecretBasic('wrong') : oidc.ClientSecretPost('wrong');
      const config = await oidc.discovery(new URL(s.url), c.client_id, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      await assert.rejects(oidc.tokenRevocation(config, 'whatever'), (e: unknown) => {
        // a 401 with WWW-Authenticate surfaces as a challenge error; either way it names invalid_client
        assert.ok(e instanceof oidc.WWWAuthenticateChallengeError || e instanceof oidc.ResponseBodyError, String(e));
        assert.equal((e as { status: number }).status, 401);
        return true;
      });
    });
  });
}

describe('oauth4webapi with a public client', () => {
  it('revoke → introspection inactive → refresh fails with invalid_grant', async () => {
    const pub = await createClient(s, { token_endpoint_auth_method: 'none' });
    const issuer = new URL(s.url);
    const opts = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...opts }));
    const client: oauth.Client = { client_id: pub.client_id };
    const auth = oauth.None();
    const g = await createGrant(s, { client_id: pub.client_id });

    // a refresh first, to show the grant works for this client
    const ok = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, g.refresh_token!, opts));
    assert.ok(ok.refresh_token);

    const res = await oauth.revocationRequest(as, client, auth, ok.refresh_token!, opts);
    assert.equal(await oauth.processRevocationResponse(res), undefined);
    assert.equal((await introspect(ok.access_token)).active, false);
    assert.equal((await introspect(ok.refresh_token!)).active, false);

    const again = await oauth.refreshTokenGrantRequest(as, client, auth, ok.refresh_token!, opts);
    await assert.rejects(oauth.processRefreshTokenResponse(as, client, again), (e: unknown) => {
      assert.ok(e instanceof oauth.ResponseBodyError);
      assert.equal(e.error, 'invalid_grant');
      return true;
    });
  });

  it('revoking an unknown token resolves (empty 200)', async () => {
    const pub = await createClient(s, { token_endpoint_auth_method: 'none' });
    const issuer = new URL(s.url);
    const opts = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...opts }));
    const res = await oauth.revocationRequest(as, { client_id: pub.client_id }, oauth.None(), 'not-a-token', opts);
    assert.equal(await oauth.processRevocationResponse(res), undefined);
  });
});
