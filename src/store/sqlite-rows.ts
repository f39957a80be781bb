// Row shapes of the SQLite schema (src/store/migrations.ts) and their mapping to store records.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ClientWithSecret, GrantRecord, HookVersionRecord, TokenRecord } from './types.js';

export const splitScope = (s: string): string[] => (s ? s.split(' ') : []);
export const joinScope = (s: string[]): string => s.join(' ');

/** a connection with the pragmas every connection needs (the writer's and the readers') */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  // FULL: a COMMIT returns only after the WAL is fsynced, so an acknowledged revocation survives a power cut
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

export interface ClientRow {
  client_id: string;
  client_name: string | null;
  auth_method: ClientWithSecret['authMethod'];
  secret_hash: Buffer | null;
  secret_salt: Buffer | null;
  scope: string;
  created_at: number;
}

export const toClient = (r: ClientRow): ClientWithSecret => ({
  clientId: r.client_id,
  clientName: r.client_name,
  authMethod: r.auth_method,
  secretHash: r.secret_hash,
  secretSalt: r.secret_salt,
  scope: splitScope(r.scope),
  createdAt: r.created_at,
});

export interface GrantRow {
  grant_id: string;
  client_id: string;
  subject: string | null;
  scope: string;
  grant_type: string;
  created_at: number;
  revoked_at: number | null;
}

export const toGrant = (r: GrantRow): GrantRecord => ({
  grantId: r.grant_id,
  clientId: r.client_id,
  subject: r.subject,
  scope: splitScope(r.scope),
  grantType: r.grant_type,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export interface TokenRow {
  hash: Buffer;
  type: 'access_token' | 'refresh_token';
  grant_id: string;
  client_id: string;
  subject: string | null;
  scope: string;
  issued_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

export const toToken = (r: TokenRow): TokenRecord => ({
  hash: r.hash,
  type: r.type,
  grantId: r.grant_id,
  clientId: r.client_id,
  subject: r.subject,
  scope: splitScope(r.scope),
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

export interface HookVersionRow {
  id: number;
  hook: string;
  hash: string;
  lang: 'js' | 'ts';
  source: string;
  sidecar: string | null;
  origin: HookVersionRecord['origin'];
  activated_at: number;
}

export const toHookVersion = (r: HookVersionRow): HookVersionRecord => ({
  id: r.id, hook: r.hook, hash: r.hash, lang: r.lang, source: r.source, sidecar: r.sidecar, origin: r.origin, activatedAt: r.activated_at,
});
