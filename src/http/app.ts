// The Hono app: a thin layer mapping routes to the endpoint functions. Errors become RFC-shaped JSON;
// an unexpected error is logged with its stack and answered as a bare server_error.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { OAuthError, errorResponse } from '../oauth/errors.js';
import { adminRoutes } from './admin.js';
import type { AppDeps } from './deps.js';
import { introspectHandler } from './introspect.js';
import { metadataHandler } from './metadata.js';
import { formBodyLimit, methodNotAllowed } from './oauth-body.js';
import { revokeHandler } from './revoke.js';
import { tokenHandler } from './token.js';

export interface AppOptions {
  /** the plain-HTTP listener next to HTTPS serves revocation only (RFC 7009 §2) */
  revocationOnly?: boolean;
}

export function createApp(deps: AppDeps, opts: AppOptions = {}): Hono {
  const app = new Hono();

  app.post('/revoke', formBodyLimit, revokeHandler(deps));
  app.all('/revoke', methodNotAllowed('POST'));

  if (!opts.revocationOnly) {
    app.post('/token', formBodyLimit, tokenHandler(deps));
    app.all('/token', methodNotAllowed('POST'));
    app.post('/introspect', formBodyLimit, introspectHandler(deps));
    app.all('/introspect', methodNotAllowed('POST'));
    app.get('/.well-known/oauth-authorization-server', metadataHandler(deps));
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.get('/readyz', async (c) => {
      const store = await deps.store.ping().catch(() => false);
      const hooks = deps.hooks.ready;
      return c.json({ status: store && hooks ? 'ready' : 'starting', store, hooks }, store && hooks ? 200 : 503);
    });
    app.route('/admin', adminRoutes(deps));
  }

  app.notFound((c) => c.json({ error: 'not_found', error_description: 'no such endpoint' }, 404));
  app.onError((err, c) => {
    if (err instanceof OAuthError) return errorResponse(err);
    if (err instanceof HTTPException) {
      return c.json({ error: 'invalid_request', error_description: err.message || 'bad request' }, err.status);
    }
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return errorResponse(new OAuthError('server_error', 'internal error'));
  });
  return app;
}
