// Every write the SQLite store makes, as synchronous operations on one connection. They run in the
// writer thread (sqlite-writer.ts), each inside the group-commit transaction of its batch.
import type Database from 'better-sqlite3';
import { joinScope, toHookVersion, type GrantRow, type HookVersionRow, type TokenRow } from './sqlite-rows.js';
import type { AuditEntry, ClientWithSecret, GrantRecord, HookVersionRecord, NewToken, RevokeCommand } from './types.js';

const nowSec = (): number => Math.floor(Date.now() / 1000);

export class SqliteWrites {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly hookLogRetention: number,
  ) {
    this.s = {
      insertClient: db.prepare(
        `INSERT INTO clients (client_id, client_name, auth_method, secret_hash, secret_salt, scope, created_at)
         VALUES (@clientId, @clientName, @authMethod, @secretHash, @secretSalt, @scope, @createdAt)`,
      ),
      insertGrant: db.prepare(
        `INSERT INTO grants (grant_id, client_id, subject, scope, grant_type, created_at)
         VALUES (@grantId, @clientId, @subject, @scope, @grantType, @createdAt)`,
      ),
      getGrant: db.prepare(`SELECT * FROM grants WHERE grant_id = ?`),
      insertToken: db.prepare(
        `INSERT INTO tokens (hash, type, grant_id, client_id, subject, scope, issued_at, expires_at)
         VALUES (@hash, @type, @grantId, @clientId, @subject, @scope, @issuedAt, @expiresAt)`,
      ),
      findToken: db.prepare(`SELECT * FROM tokens WHERE hash = ?`),
      revokeOne: db.prepare(`UPDATE tokens SET revoked_at = @at, revoked_by = @by WHERE hash = @hash AND revoked_at IS NULL`),
      revokeGrantTokens: db.prepare(`UPDATE tokens SET revoked_at = @at, revoked_by = @by WHERE grant_id = @grantId AND revoked_at IS NULL`),
      revokeGrant: db.prepare(`UPDATE grants SET revoked_at = @at WHERE grant_id = @grantId AND revoked_at IS NULL`),
      liveGrantsBy: db.prepare(
        `SELECT DISTINCT grant_id FROM tokens
         WHERE revoked_at IS NULL AND (@subject IS NULL OR subject = @subject) AND (@clientId IS NULL OR client_id = @clientId)`,
      ),
      audit: db.prepare(
        `INSERT INTO revocation_audit (at, actor, reason, grant_id, client_id, subject, token_type, tokens_revoked, hooks)
         VALUES (@at, @actor, @reason, @grantId, @clientId, @subject, @tokenType, @tokensRevoked, @hooks)`,
      ),
      insertHookLog: db.prepare(`INSERT INTO hook_logs (hook, level, message, at) VALUES (@hook, @level, @message, @at)`),
      trimHookLogs: db.prepare(`DELETE FROM hook_logs WHERE id <= (SELECT max(id) FROM hook_logs) - ?`),
      insertHookVersion: db.prepare(
        `INSERT INTO hook_versions (hook, hash, lang, source, sidecar, origin, activated_at)
         VALUES (@hook, @hash, @lang, @source, @sidecar, @origin, @activatedAt) RETURNING *`,
      ),
      latestHookVersion: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? ORDER BY id DESC LIMIT 1`),
      sweepTokens: db.prepare(`DELETE FROM tokens WHERE hash IN (SELECT hash FROM tokens WHERE expires_at < ? LIMIT ?)`),
      sweepGrants: db.prepare(
        `DELETE FROM grants WHERE grant_id IN (
           SELECT g.grant_id FROM grants g WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = g.grant_id) LIMIT ?)`,
      ),
    };
  }

  createClient(c: ClientWithSecret): void {
    this.s.insertClient.run({ ...c, scope: joinScope(c.scope) });
  }

  createGrant(g: Omit<GrantRecord, 'revokedAt'>, tokens: NewToken[]): void {
    this.s.insertGrant.run({ ...g, scope: joinScope(g.scope) });
    for (const t of tokens) this.insertToken(g.grantId, g.clientId, g.subject, t);
  }

  private insertToken(grantId: string, clientId: string, subject: string | null, t: NewToken): void {
    this.s.insertToken.run({ ...t, grantId, clientId, subject, scope: joinScope(t.scope) });
  }

  revoke(cmd: RevokeCommand): number {
    const row = this.s.findToken.get(cmd.target.tokenHash) as TokenRow | undefined;
    if (!row) return 0;
    const at = nowSec();
    let changed: number;
    if (cmd.target.scope === 'grant') {
      changed = this.s.revokeGrantTokens.run({ at, by: cmd.actor, grantId: row.grant_id }).changes;
      this.s.revokeGrant.run({ at, grantId: row.grant_id });
    } else {
      changed = this.s.revokeOne.run({ at, by: cmd.actor, hash: row.hash }).changes;
    }
    // a no-op revocation (already revoked) leaves no audit entry; a reuse attempt always does
    if (changed > 0 || cmd.reason === 'refresh_reuse') {
      this.s.audit.run({
        at: Date.now(), actor: cmd.actor, reason: cmd.reason, grantId: row.grant_id, clientId: row.client_id,
        subject: row.subject, tokenType: row.type, tokensRevoked: changed, hooks: cmd.hooks === undefined ? null : JSON.stringify(cmd.hooks),
      });
    }
    return changed;
  }

  rotate(oldHash: Buffer, actor: string, tokens: NewToken[]): boolean {
    const old = this.s.findToken.get(oldHash) as TokenRow | undefined;
    if (!old || old.revoked_at !== null) return false;
    this.revoke({ target: { tokenHash: oldHash, scope: 'token' }, actor, reason: 'refresh_rotation' });
    for (const t of tokens) this.insertToken(old.grant_id, old.client_id, old.subject, t);
    return true;
  }

  revokeAll(filter: { subject?: string; clientId?: string }, actor: string): number {
    const grants = this.s.liveGrantsBy.all({ subject: filter.subject ?? null, clientId: filter.clientId ?? null }) as Array<{ grant_id: string }>;
    const at = nowSec();
    let total = 0;
    for (const { grant_id } of grants) {
      const n = this.s.revokeGrantTokens.run({ at, by: actor, grantId: grant_id }).changes;
      this.s.revokeGrant.run({ at, grantId: grant_id });
      const g = this.s.getGrant.get(grant_id) as GrantRow;
      this.s.audit.run({ at: Date.now(), actor, reason: 'admin', grantId: grant_id, clientId: g.client_id, subject: g.subject, tokenType: null, tokensRevoked: n, hooks: null });
      total += n;
    }
    return total;
  }

  appendAudit(e: Omit<AuditEntry, 'id' | 'at'>): void {
    this.s.audit.run({ ...e, at: Date.now(), hooks: e.hooks === undefined || e.hooks === null ? null : JSON.stringify(e.hooks) });
  }

  appendHookLogs(lines: Array<{ hook: string; level: string; message: string; at: number }>): void {
    for (const l of lines) this.s.insertHookLog.run(l);
    this.s.trimHookLogs.run(this.hookLogRetention);
  }

  recordHookVersion(v: Omit<HookVersionRecord, 'id' | 'activatedAt'>): HookVersionRecord {
    const latest = this.s.latestHookVersion.get(v.hook) as HookVersionRow | undefined;
    if (latest && latest.hash === v.hash && latest.sidecar === v.sidecar) return toHookVersion(latest);
    return toHookVersion(this.s.insertHookVersion.get({ ...v, activatedAt: Date.now() }) as HookVersionRow);
  }

  sweepExpired(now: number, batch: number): number {
    return this.s.sweepTokens.run(now, batch).changes + this.s.sweepGrants.run(batch).changes;
  }
}

export type WriteOp = {
  [K in keyof SqliteWrites]: SqliteWrites[K] extends (...a: infer A) => infer R ? { op: K; args: A; result: R } : never;
}[keyof SqliteWrites];
