// POST /token (RFC 6749): client_credentials, and refresh_token with rotation and reuse detection
// (a refresh token presented after it was rotated or revoked revokes its whole grant).
import type { Context } from 'hono';
import { authenticateClient } from '../oauth/client-auth.js';
import { NO_STORE, OAuthError } from '../oauth/errors.js';
import { param, requireParam, type Form } from '../oauth/form.js';
import { mintGrant, mintTokens, parseScope, type TokenResponse } from '../oauth/mint.js';
import { hashToken } from '../oauth/tokens.js';
import type { ClientRecord } from '../store/types.js';
import type { AppDeps } from './deps.js';
import { readForm } from './oauth-body.js';
import { isLive } from './revoke.js';

function requestedScope(form: Form, allowed: string[]): string[] {
  const raw = param(form, 'scope');
  const scope = parseScope(raw);
  if (scope === null) throw new OAuthError('invalid_scope', 'malformed scope');
  if (raw === undefined) return allowed;
  const extra = scope.filter((s) => !allowed.includes(s));
  if (extra.length) throw new OAuthError('invalid_scope', `scope not allowed: ${extra.join(' ').slice(0, 200)}`);
  return scope;
}

async function clientCredentials(deps: AppDeps, client: ClientRecord, form: Form): Promise<TokenResponse> {
  if (client.authMethod === 'none') throw new OAuthError('unauthorized_client', 'public clients cannot use client_credentials');
  const scope = requestedScope(form, client.scope);
  const { grant_id: _g, ...res } = await mintGrant(deps.store, {
    clientId: client.clientId, subject: client.clientId, grantType: 'client_credentials',
    scope, accessTtl: deps.config.ACCESS_TOKEN_TTL, refreshTtl: null,
  });
  return res;
}

async function refreshToken(deps: AppDeps, client: ClientRecord, form: Form): Promise<TokenResponse> {
  const value = requireParam(form, 'refresh_token');
  const old = await deps.store.findToken(hashToken(value));
  const invalid = new OAuthError('invalid_grant', 'refresh token is invalid, expired or revoked');
  if (!old || old.type !== 'refresh_token' || old.clientId !== client.clientId) throw invalid;
  const reuse = () =>
    deps.store.revoke({ target: { tokenHash: old.hash, scope: 'grant' }, actor: client.clientId, reason: 'refresh_reuse' });
  if (old.revokedAt !== null) {
    await reuse();
    deps.logger.warn({ client: client.clientId, grant: old.grantId }, 'revoked refresh token presented again: grant revoked');
    throw invalid;
  }
  if (!isLive(old)) throw invalid;
  const scope = requestedScope(form, old.scope);
  const now = Math.floor(Date.now() / 1000);
  const refreshTtl = old.expiresAt === null ? deps.config.REFRESH_TOKEN_TTL : Math.max(1, old.expiresAt - now);
  const { tokens, response } = mintTokens({ scope, accessTtl: deps.config.ACCESS_TOKEN_TTL, refreshTtl }, now);
  // the rotated refresh token keeps the original scope, so a narrowed request cannot shrink later refreshes
  tokens[1]!.scope = old.scope;
  if (!(await deps.store.rotate(old.hash, client.clientId, tokens))) {
    await reuse(); // lost a race with another use of the same refresh token: that is reuse too
    throw invalid;
  }
  return response;
}

export function tokenHandler(deps: AppDeps) {
  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    const { client } = await authenticateClient(deps.store, c.req.header('authorization'), form);
    const grantType = requireParam(form, 'grant_type');
    let body: TokenResponse;
    if (grantType === 'client_credentials') body = await clientCredentials(deps, client, form);
    else if (grantType === 'refresh_token') body = await refreshToken(deps, client, form);
    else throw new OAuthError('unsupported_grant_type', 'supported: client_credentials, refresh_token');
    return c.json(body, 200, { ...NO_STORE });
  };
}
