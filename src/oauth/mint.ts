// Minting grants and tokens: the one place that turns fresh random values into stored hashes and the
// RFC 6749 §5.1 response that carries the raw values back exactly once.
import crypto from 'node:crypto';
import type { NewToken, Store } from '../store/types.js';
import { hashToken, newOpaqueValue } from './tokens.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

export interface MintOptions {
  scope: string[];
  accessTtl: number;
  /** seconds, or null for no refresh token */
  refreshTtl: number | null;
}

export function mintTokens(o: MintOptions, now = Math.floor(Date.now() / 1000)): { tokens: NewToken[]; response: TokenResponse } {
  const access = newOpaqueValue();
  const tokens: NewToken[] = [{ hash: hashToken(access), type: 'access_token', scope: o.scope, issuedAt: now, expiresAt: now + o.accessTtl }];
  const response: TokenResponse = { access_token: access, token_type: 'Bearer', expires_in: o.accessTtl };
  if (o.refreshTtl !== null) {
    const refresh = newOpaqueValue();
    tokens.push({ hash: hashToken(refresh), type: 'refresh_token', scope: o.scope, issuedAt: now, expiresAt: now + o.refreshTtl });
    response.refresh_token = refresh;
  }
  if (o.scope.length) response.scope = o.scope.join(' ');
  return { tokens, response };
}

export async function mintGrant(
  store: Store,
  g: { clientId: string; subject: string | null; grantType: string } & MintOptions,
): Promise<TokenResponse & { grant_id: string }> {
  const now = Math.floor(Date.now() / 1000);
  const grantId = crypto.randomUUID();
  const { tokens, response } = mintTokens(g, now);
  await store.createGrant({ grantId, clientId: g.clientId, subject: g.subject, scope: g.scope, grantType: g.grantType, createdAt: now }, tokens);
  return { grant_id: grantId, ...response };
}

/** space-delimited scope (RFC 6749 §3.3): NQCHAR tokens, no duplicates */
export function parseScope(s: string | undefined): string[] | null {
  if (s === undefined) return [];
  const parts = s.split(' ').filter(Boolean);
  if (parts.some((p) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(p))) return null;
  return [...new Set(parts)];
}
