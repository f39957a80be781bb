// POST /introspect (RFC 7662). Confidential clients only (resource servers); any of them may
// introspect any token, as §2.1 intends. Unknown, expired and revoked tokens are all {"active":false}.
import type { Context } from 'hono';
import { authenticateClient } from '../oauth/client-auth.js';
import { NO_STORE, invalidClient } from '../oauth/errors.js';
import { requireParam } from '../oauth/form.js';
import { hashToken } from '../oauth/tokens.js';
import type { AppDeps } from './deps.js';
import { readForm } from './oauth-body.js';
import { isLive } from './revoke.js';


export function introspectHandler(deps: AppDeps) {
  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    const { method } = await authenticateClient(deps.store, c.req.header('authorization'), form);
    if (method === 'none') throw invalidClient('public clients may not use the introspection endpoint');
    const t = await deps.store.findToken(hashToken(requireParam(form, 'token')));
    if (!t || !isLive(t)) return c.json({ active: false }, 200, { ...NO_STORE });
    return c.json(
      {
        active: true,
        scope: t.scope.join(' '),
        client_id: t.clientId,
        ...(t.subject !== null && { sub: t.subject }),
        ...(t.expiresAt !== null && { exp: t.expiresAt }),
        iat: t.issuedAt,
        token_type: t.type === 'access_token' ? 'Bearer' : 'refresh_token',
        iss: deps.issuer(),
      },
      200,
      { ...NO_STORE },
    );
  };
}
