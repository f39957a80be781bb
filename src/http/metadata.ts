// GET /.well-known/oauth-authorization-server (RFC 8414). Only the HTTPS endpoints are published
// when TLS is on; the plain-HTTP revocation listener exists only to catch tokens sent by mistake.
import type { Context } from 'hono';
import type { AppDeps } from './deps.js';

export function metadataHandler(deps: AppDeps) {
  return (c: Context): Response => {
    const issuer = deps.issuer();
    const base = issuer.replace(/\/+$/, '');
    return c.json(
      {
        issuer,
        token_endpoint: `${base}/token`,
        revocation_endpoint: `${base}/revoke`,
        introspection_endpoint: `${base}/introspect`,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        grant_types_supported: ['client_credentials', 'refresh_token'],
        response_types_supported: [],
      },
      200,
      { 'Cache-Control': 'public, max-age=300' },
    );
  };
}
