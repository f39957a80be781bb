// The store interface. Every method is async so that a PostgreSQL store (several instances, one
// database) can implement it without touching the endpoints. Token values never reach the store:
// callers pass the SHA-256 of the value (see oauth/tokens.ts).

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
export type TokenType = 'access_token' | 'refresh_token';

export interface ClientRecord {
  clientId: string;
  clientName: string | null;
  authMethod: AuthMethod;
  scope: string[];
  createdAt: number; // epoch seconds
}

export interface ClientWithSecret extends ClientRecord {
  /** HMAC-SHA256(salt, secret); null for public clients */
  secretHash: Buffer | null;
  secretSalt: Buffer | null;
}

export interface GrantRecord {
  grantId: string;
  clientId: string;
  subject: string | null;
  scope: string[];
  grantType: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface TokenRecord {
  hash: Buffer;
  type: TokenType;
  grantId: string;
  clientId: string;
  subject: string | null;
  scope: string[];
  issuedAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface NewToken {
  hash: Buffer;
  type: TokenType;
  scope: string[];
  issuedAt: number;
  expiresAt: number | null;
}

export type RevocationReason = 'revocation_endpoint' | 'refresh_rotation' | 'refresh_reuse' | 'admin' | 'hook_veto';

export interface RevokeCommand {
  /** what to revoke: one token, or every token of a grant (and the grant itself) */
  target: { tokenHash: Buffer; scope: 'token' | 'grant' };
  actor: string; // client id, or "admin"
  reason: RevocationReason;
  /** hook outcomes, recorded in the audit log as JSON */
  hooks?: unknown;
}

export interface AuditEntry {
  id: number;
  at: number; // epoch ms
  actor: string;
  reason: RevocationReason;
  grantId: string | null;
  clientId: string | null;
  subject: string | null;
  tokenType: string | null;
  tokensRevoked: number;
  hooks: unknown;
}

export interface HookLogRecord {
  id: number;
  hook: string;
  level: string;
  message: string;
  at: number; // epoch ms
}

export interface HookVersionRecord {
  id: number;
  hook: string;
  hash: string;
  lang: 'js' | 'ts';
  source: string;
  sidecar: string | null;
  origin: 'file' | 'upload' | 'rollback';
  activatedAt: number; // epoch ms
}

export interface Store {
  createClient(c: ClientWithSecret): Promise<void>;
  getClient(clientId: string): Promise<ClientWithSecret | null>;

  /** a grant and its first tokens, in one transaction */
  createGrant(g: Omit<GrantRecord, 'revokedAt'>, tokens: NewToken[]): Promise<void>;
  getGrant(grantId: string): Promise<GrantRecord | null>;
  listGrantTokens(grantId: string): Promise<TokenRecord[]>;

  findToken(hash: Buffer): Promise<TokenRecord | null>;

  /**
   * Revokes in one durable transaction and appends to the audit log. Returns how many tokens went
   * from live to revoked (0 when everything was already revoked: revoking twice is a no-op).
   */
  revoke(cmd: RevokeCommand): Promise<number>;

  /**
   * Refresh-token rotation: revokes `oldHash` and adds `tokens` to its grant, atomically, only if the
   * old token is still live. Returns false (and changes nothing) when it was revoked meanwhile.
   */
  rotate(oldHash: Buffer, actor: string, tokens: NewToken[]): Promise<boolean>;

  /** the "log out everywhere" kill switch: every live token of a subject and/or client */
  revokeAll(filter: { subject?: string; clientId?: string }, actor: string): Promise<number>;

  /** a decision that revoked nothing (a hook veto), so the audit log still shows who asked and why */
  appendAudit(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;

  appendHookLogs(lines: Array<{ hook: string; level: string; message: string; at: number }>): Promise<void>;
  listHookLogs(hook: string, limit: number): Promise<HookLogRecord[]>;

  /** records a version that became active; a no-op when it equals the newest recorded one */
  recordHookVersion(v: Omit<HookVersionRecord, 'id' | 'activatedAt'>): Promise<HookVersionRecord>;
  listHookVersions(hook: string, limit: number): Promise<HookVersionRecord[]>;
  getHookVersion(hook: string, id: number): Promise<HookVersionRecord | null>;

  /** deletes expired tokens (and grants left without tokens), at most `batch` rows; returns rows deleted */
  sweepExpired(now: number, batch: number): Promise<number>;

  ping(): Promise<boolean>;
  close(): Promise<void>;
}
