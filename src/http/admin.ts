// Admin API for clients, grants, the "log out everywhere" kill switch and the audit log.
import crypto from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { mintGrant } from '../oauth/mint.js';
import { hashSecret, newOpaqueValue, newSalt } from '../oauth/tokens.js';
import type { AppDeps } from './deps.js';
import { adminError, jsonBody, requireAdmin } from './admin-auth.js';
import { adminHooksRoutes } from './admin-hooks.js';
import { closingBodyLimit } from './body-limit.js';

const scopeString = z
  .string()
  .max(4096)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'space-separated scope tokens (RFC 6749 §3.3)');
const toScope = (s: string | undefined) => [...new Set((s ?? '').split(' ').filter(Boolean))];

const NewClient = z.strictObject({
  client_id: z.string().regex(/^[\x21-\x7e]{1,128}$/, '1-128 printable ASCII characters, no spaces').optional(),
  client_name: z.string().min(1).max(256).optional(),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).default('client_secret_basic'),
  scope: scopeString.optional(),
});

const NewGrant = z.strictObject({
  client_id: z.string().min(1).max(128),
  subject: z.string().min(1).max(256),
  scope: scopeString.optional(),
  access_token_ttl: z.number().int().min(1).max(31_536_000).optional(),
  refresh_token: z.boolean().default(false),
  refresh_token_ttl: z.number().int().min(1).max(315_360_000).optional(),
  grant_type: z.string().regex(/^[\x21-\x7e]{1,128}$/).default('authorization_code'),
});

const BulkRevocation = z
  .strictObject({ subject: z.string().min(1).max(256).optional(), client_id: z.string().min(1).max(128).optional() })
  .refine((v) => v.subject !== undefined || v.client_id !== undefined, 'give subject, client_id, or both');

const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function adminRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('*', requireAdmin(deps.adminToken));
  app.use('*', closingBodyLimit(1024 * 1024, (c) => adminError(c, 413, 'invalid_request', 'request body too large')));

  app.post('/clients', async (c) => {
    const body = await jsonBody(c, NewClient);
    if (!body.ok) return body.res;
    const v = body.value;
    const clientId = v.client_id ?? crypto.randomUUID();
    if (await deps.store.getClient(clientId)) return adminError(c, 409, 'invalid_request', `client ${JSON.stringify(clientId)} already exists`);
    const isPublic = v.token_endpoint_auth_method === 'none';
    const secret = isPublic ? null : newOpaqueValue();
    const salt = isPublic ? null : newSalt();
    const createdAt = Math.floor(Date.now() / 1000);
    await deps.store.createClient({
      clientId, clientName: v.client_name ?? null, authMethod: v.token_endpoint_auth_method, scope: toScope(v.scope),
      secretHash: secret && salt ? hashSecret(secret, salt) : null, secretSalt: salt, createdAt,
    });
    deps.logger.info({ client: clientId, method: v.token_endpoint_auth_method }, 'client registered');
    return c.json(
      {
        client_id: clientId,
        ...(secret && { client_secret: secret, client_secret_expires_at: 0 }),
        client_id_issued_at: createdAt,
        client_name: v.client_name ?? null,
        token_endpoint_auth_method: v.token_endpoint_auth_method,
        scope: toScope(v.scope).join(' '),
      },
      201,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.post('/grants', async (c) => {
    const body = await jsonBody(c, NewGrant);
    if (!body.ok) return body.res;
    const v = body.value;
    const client = await deps.store.getClient(v.client_id);
    if (!client) return adminError(c, 400, 'invalid_request', `unknown client_id ${JSON.stringify(v.client_id)}`);
    const scope = v.scope === undefined ? client.scope : toScope(v.scope);
    const extra = client.scope.length ? scope.filter((s) => !client.scope.includes(s)) : [];
    if (extra.length) return adminError(c, 400, 'invalid_scope', `scope not registered for the client: ${extra.join(' ')}`);
    const res = await mintGrant(deps.store, {
      clientId: client.clientId, subject: v.subject, grantType: v.grant_type, scope,
      accessTtl: v.access_token_ttl ?? deps.config.ACCESS_TOKEN_TTL,
      refreshTtl: v.refresh_token ? (v.refresh_token_ttl ?? deps.config.REFRESH_TOKEN_TTL) : null,
    });
    return c.json(res, 201, { 'Cache-Control': 'no-store' });
  });

  app.post('/revocations', async (c) => {
    const body = await jsonBody(c, BulkRevocation);
    if (!body.ok) return body.res;
    const filter = { ...(body.value.subject && { subject: body.value.subject }), ...(body.value.client_id && { clientId: body.value.client_id }) };
    const revoked = await deps.store.revokeAll(filter, 'admin');
    deps.logger.info({ ...filter, revoked }, 'bulk revocation');
    return c.json({ revoked }, 200);
  });

  app.get('/audit', async (c) => {
    const q = AuditQuery.safeParse({ limit: c.req.query('limit') ?? undefined });
    if (!q.success) return adminError(c, 400, 'invalid_request', 'limit must be an integer from 1 to 1000');
    return c.json({ entries: await deps.store.listAudit(q.data.limit) });
  });

  app.route('/hooks', adminHooksRoutes(deps, deps.hookManager));
  return app;
}
