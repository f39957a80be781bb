// A dry-run "sample request": the JSON an admin (or the CLI) gives to test a hook, with sensible
// defaults for everything omitted, turned into the same HookInput a real revocation builds.
import { z } from 'zod';
import type { HookInput } from './types.js';

const scopes = z.union([z.string().transform((s) => s.split(' ').filter(Boolean)), z.array(z.string())]);
const epoch = z.number().int().nonnegative();

export const SampleSchema = z.strictObject({
  client: z
    .strictObject({
      client_id: z.string().default('sample-client'),
      client_name: z.string().nullable().default('Sample client'),
      scope: scopes.default([]),
      public: z.boolean().default(false),
      authentication_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
    })
    .default({ client_id: 'sample-client', client_name: 'Sample client', scope: [], public: false }),
  token: z
    .strictObject({
      type: z.enum(['access_token', 'refresh_token']).default('access_token'),
      scope: scopes.optional(),
      issued_at: epoch.optional(),
      expires_at: epoch.nullable().optional(),
      hint: z.string().nullable().default(null),
    })
    .default({ type: 'access_token', hint: null }),
  grant: z
    .strictObject({
      grant_id: z.string().default('sample-grant'),
      subject: z.string().nullable().default('sample-user'),
      scope: scopes.optional(),
      grant_type: z.string().default('authorization_code'),
      created_at: epoch.optional(),
    })
    .default({ grant_id: 'sample-grant', subject: 'sample-user', grant_type: 'authorization_code' }),
  request: z
    .strictObject({
      method: z.string().default('POST'),
      path: z.string().default('/revoke'),
      headers: z.record(z.string(), z.string()).default({}),
      params: z.record(z.string(), z.string()).default({}),
      remote_addr: z.string().default('127.0.0.1'),
    })
    .default({ method: 'POST', path: '/revoke', headers: {}, params: {}, remote_addr: '127.0.0.1' }),
  context_variables: z.record(z.string(), z.unknown()).default({}),
});

export type Sample = z.input<typeof SampleSchema>;

export function sampleInput(raw: unknown): { input: HookInput; contextVariables: Record<string, unknown> } {
  const s = SampleSchema.parse(raw ?? {});
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = s.token.issued_at ?? now;
  const tokenScopes = s.token.scope ?? s.grant.scope ?? s.client.scope;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  for (const [k, v] of Object.entries(s.request.headers)) headers[k.toLowerCase()] = v;
  return {
    input: {
      client: {
        clientId: s.client.client_id,
        clientName: s.client.client_name,
        scopes: s.client.scope,
        isPublic: s.client.public,
        authenticationMethod: s.client.authentication_method ?? (s.client.public ? 'none' : 'client_secret_basic'),
      },
      grant: {
        grantId: s.grant.grant_id,
        clientId: s.client.client_id,
        subject: s.grant.subject,
        scopes: s.grant.scope ?? tokenScopes,
        grantType: s.grant.grant_type,
        createdAt: s.grant.created_at ?? issuedAt,
        tokens: [{ type: s.token.type, issuedAt, expiresAt: s.token.expires_at ?? issuedAt + 3600, revoked: false }],
      },
      token: { type: s.token.type, issuedAt, expiresAt: s.token.expires_at === undefined ? issuedAt + 3600 : s.token.expires_at, scopes: tokenScopes, hint: s.token.hint },
      request: {
        method: s.request.method,
        path: s.request.path,
        headers,
        parameters: { token: '[redacted]', ...(s.token.hint !== null && { token_type_hint: s.token.hint }), ...s.request.params },
        remoteAddr: s.request.remote_addr,
      },
    },
    contextVariables: s.context_variables,
  };
}
