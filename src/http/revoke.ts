// POST /revoke (RFC 7009), as a chain of small steps: parse body → authenticate client → find token
// → ownership policy → hook chain → revoke → answer. Unknown, expired and already revoked tokens get
// the same empty 200 as a success (RFC 7009 §2.2) and never reach the hooks.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HookChainResult, HookInput } from '../hooks/types.js';
import { authenticateClient, type AuthenticatedClient } from '../oauth/client-auth.js';
import { OAuthError } from '../oauth/errors.js';
import { param, requireParam, type Form } from '../oauth/form.js';
import { hashToken } from '../oauth/tokens.js';
import type { TokenRecord } from '../store/types.js';
import type { AppDeps } from './deps.js';
import { readForm } from './oauth-body.js';
import { respond } from './revocation-response.js';

export const REVOKE_ANY_TOKEN_SCOPE = 'revoke_any_token';

const REDACTED = '[redacted]';
const SECRET_PARAMS = new Set(['token', 'client_secret', 'client_assertion', 'refresh_token']);
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

export const isLive = (t: TokenRecord, now = Math.floor(Date.now() / 1000)): boolean =>
  t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now);

/**
 * A token of another client: RFC 7009 §2.1 says the server MUST verify the token was issued to the
 * caller. Returns true to go on, false for a silent 200; throws for a 400.
 */
function ownershipAllows(deps: AppDeps, caller: AuthenticatedClient, token: TokenRecord): boolean {
  if (token.clientId === caller.client.clientId || caller.client.scope.includes(REVOKE_ANY_TOKEN_SCOPE)) return true;
  const policy = deps.config.FOREIGN_TOKEN_POLICY;
  if (policy === 'ignore' || (policy === 'reject-confidential' && caller.method === 'none')) return false;
  throw new OAuthError('invalid_request', 'client is not authorized to revoke the presented token');
}

async function hookInput(deps: AppDeps, c: Context, form: Form, caller: AuthenticatedClient, token: TokenRecord): Promise<HookInput> {
  const [grant, grantTokens] = await Promise.all([deps.store.getGrant(token.grantId), deps.store.listGrantTokens(token.grantId)]);
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((v, k) => (headers[k] = SECRET_HEADERS.has(k) ? REDACTED : v));
  const parameters: Record<string, string> = {};
  for (const [k, v] of form) parameters[k] = SECRET_PARAMS.has(k) ? REDACTED : v;
  return {
    client: {
      clientId: caller.client.clientId,
      clientName: caller.client.clientName,
      scopes: caller.client.scope,
      isPublic: caller.client.authMethod === 'none',
      authenticationMethod: caller.method,
    },
    grant: {
      grantId: token.grantId,
      clientId: token.clientId,
      subject: grant?.subject ?? token.subject,
      scopes: grant?.scope ?? token.scope,
      grantType: grant?.grantType ?? 'unknown',
      createdAt: grant?.createdAt ?? token.issuedAt,
      tokens: grantTokens.map((t) => ({ type: t.type, issuedAt: t.issuedAt, expiresAt: t.expiresAt, revoked: t.revokedAt !== null })),
    },
    token: { type: token.type, issuedAt: token.issuedAt, expiresAt: token.expiresAt, scopes: token.scope, hint: param(form, 'token_type_hint') ?? null },
    request: { method: c.req.method, path: c.req.path, headers, parameters, remoteAddr: deps.clientIp(getConnInfo(c).remote.address ?? '', c.req.header('x-forwarded-for')) },
  };
}

export function revokeHandler(deps: AppDeps) {
  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    const caller = await authenticateClient(deps.store, c.req.header('authorization'), form);
    const value = requireParam(form, 'token');
    const token = await deps.store.findToken(hashToken(value));
    if (!token || !isLive(token)) return respond(null);
    if (!ownershipAllows(deps, caller, token)) return respond(null);

    let chain: HookChainResult | null = null;
    if (deps.hooks.hasActiveHooks()) chain = await deps.hooks.run(await hookInput(deps, c, form, caller, token));

    if (chain === null || chain.revoke) {
      const scope = token.type === 'refresh_token' || deps.config.ACCESS_TOKEN_REVOCATION === 'grant' ? 'grant' : 'token';
      await deps.store.revoke({
        target: { tokenHash: token.hash, scope },
        actor: caller.client.clientId,
        reason: 'revocation_endpoint',
        hooks: chain?.outcomes.length ? chain.outcomes : undefined,
      });
    } else {
      await deps.store.appendAudit({
        actor: caller.client.clientId,
        reason: 'hook_veto',
        grantId: token.grantId,
        clientId: token.clientId,
        subject: token.subject,
        tokenType: token.type,
        tokensRevoked: 0,
        hooks: chain.outcomes,
      });
    }
    return respond(chain?.response ?? null);
  };
}
