// The default store: one SQLite file through better-sqlite3, WAL journal, synchronous=FULL so that an
// acknowledged revocation survives a power cut. Statements are prepared once; writes go through
// GroupCommit (one fsync for all writes of an event-loop turn).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import { migrate } from './migrations.js';
import type {
  AuditEntry,
  ClientWithSecret,
  GrantRecord,
  HookLogRecord,
  HookVersionRecord,
  NewToken,
  RevokeCommand,
  Store,
  TokenRecord,
} from './types.js';

const splitScope = (s: string): string[] => (s ? s.split(' ') : []);
const joinScope = (s: string[]): string => s.join(' ');
const nowSec = (): number => Math.floor(Date.now() / 1000);

interface TokenRow {
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

interface HookVersionRow {
  id: number;
  hook: string;
  hash: string;
  lang: 'js' | 'ts';
  source: string;
  sidecar: string | null;
  origin: HookVersionRecord['origin'];
  activated_at: number;
}

const toHookVersion = (r: HookVersionRow): HookVersionRecord => ({
  id: r.id, hook: r.hook, hash: r.hash, lang: r.lang, source: r.source, sidecar: r.sidecar, origin: r.origin, activatedAt: r.activated_at,
});

const toToken = (r: TokenRow): TokenRecord => ({
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

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;
  private readonly s;
  private closed = false;

  constructor(
    file: string,
    private readonly hookLogRetention = 10_000,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.writes = new GroupCommit(this.db);
    const db = this.db;
    this.s = {
      insertClient: db.prepare(
        `INSERT INTO clients (client_id, client_name, auth_method, secret_hash, secret_salt, scope, created_at)
         VALUES (@clientId, @clientName, @authMethod, @secretHash, @secretSalt, @scope, @createdAt)`,
      ),
      getClient: db.prepare(`SELECT * FROM clients WHERE client_id = ?`),
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
      grantTokens: db.prepare(`SELECT * FROM tokens WHERE grant_id = ? ORDER BY issued_at, type`),
      revokeOne: db.prepare(`UPDATE tokens SET revoked_at = @at, revoked_by = @by WHERE hash = @hash AND revoked_at IS NULL`),
      revokeGrantTokens: db.prepare(
        `UPDATE tokens SET revoked_at = @at, revoked_by = @by WHERE grant_id = @grantId AND revoked_at IS NULL`,
      ),
      revokeGrant: db.prepare(`UPDATE grants SET revoked_at = @at WHERE grant_id = @grantId AND revoked_at IS NULL`),
      liveGrantsBy: db.prepare(
        `SELECT DISTINCT grant_id FROM tokens
         WHERE revoked_at IS NULL AND (@subject IS NULL OR subject = @subject) AND (@clientId IS NULL OR client_id = @clientId)`,
      ),
      audit: db.prepare(
        `INSERT INTO revocation_audit (at, actor, reason, grant_id, client_id, subject, token_type, tokens_revoked, hooks)
         VALUES (@at, @actor, @reason, @grantId, @clientId, @subject, @tokenType, @tokensRevoked, @hooks)`,
      ),
      listAudit: db.prepare(`SELECT * FROM revocation_audit ORDER BY id DESC LIMIT ?`),
      insertHookLog: db.prepare(`INSERT INTO hook_logs (hook, level, message, at) VALUES (@hook, @level, @message, @at)`),
      trimHookLogs: db.prepare(`DELETE FROM hook_logs WHERE id <= (SELECT max(id) FROM hook_logs) - ?`),
      listHookLogs: db.prepare(`SELECT * FROM hook_logs WHERE hook = ? ORDER BY id DESC LIMIT ?`),
      sweepTokens: db.prepare(
        `DELETE FROM tokens WHERE hash IN (SELECT hash FROM tokens WHERE expires_at < ? LIMIT ?)`,
      ),
      sweepGrants: db.prepare(
        `DELETE FROM grants WHERE grant_id IN (
           SELECT g.grant_id FROM grants g WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = g.grant_id) LIMIT ?)`,
      ),
      ping: db.prepare(`SELECT 1 AS ok`),
      insertHookVersion: db.prepare(
        `INSERT INTO hook_versions (hook, hash, lang, source, sidecar, origin, activated_at)
         VALUES (@hook, @hash, @lang, @source, @sidecar, @origin, @activatedAt) RETURNING *`,
      ),
      latestHookVersion: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? ORDER BY id DESC LIMIT 1`),
      listHookVersions: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? ORDER BY id DESC LIMIT ?`),
      getHookVersion: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? AND id = ?`),
    };
  }

  async createClient(c: ClientWithSecret): Promise<void> {
    await this.writes.run(() =>
      this.s.insertClient.run({ ...c, scope: joinScope(c.scope) }),
    );
  }

  async getClient(clientId: string): Promise<ClientWithSecret | null> {
    const r = this.s.getClient.get(clientId) as
      | { client_id: string; client_name: string | null; auth_method: ClientWithSecret['authMethod']; secret_hash: Buffer | null; secret_salt: Buffer | null; scope: string; created_at: number }
      | undefined;
    if (!r) return null;
    return {
      clientId: r.client_id,
      clientName: r.client_name,
      authMethod: r.auth_method,
      secretHash: r.secret_hash,
      secretSalt: r.secret_salt,
      scope: splitScope(r.scope),
      createdAt: r.created_at,
    };
  }

  async createGrant(g: Omit<GrantRecord, 'revokedAt'>, tokens: NewToken[]): Promise<void> {
    await this.writes.run(() => {
      this.s.insertGrant.run({ ...g, scope: joinScope(g.scope) });
      for (const t of tokens) this.insertToken(g.grantId, g.clientId, g.subject, t);
    });
  }

  private insertToken(grantId: string, clientId: string, subject: string | null, t: NewToken): void {
    this.s.insertToken.run({ ...t, grantId, clientId, subject, scope: joinScope(t.scope) });
  }

  async getGrant(grantId: string): Promise<GrantRecord | null> {
    const r = this.s.getGrant.get(grantId) as
      | { grant_id: string; client_id: string; subject: string | null; scope: string; grant_type: string; created_at: number; revoked_at: number | null }
      | undefined;
    if (!r) return null;
    return {
      grantId: r.grant_id,
      clientId: r.client_id,
      subject: r.subject,
      scope: splitScope(r.scope),
      grantType: r.grant_type,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    };
  }

  async listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return (this.s.grantTokens.all(grantId) as TokenRow[]).map(toToken);
  }

  async findToken(hash: Buffer): Promise<TokenRecord | null> {
    const r = this.s.findToken.get(hash) as TokenRow | undefined;
    return r ? toToken(r) : null;
  }

  /** runs inside a write transaction */
  private revokeNow(cmd: RevokeCommand): number {
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
    if (changed > 0 || cmd.reason === 'refresh_reuse') {
      this.s.audit.run({
        at: Date.now(),
        actor: cmd.actor,
        reason: cmd.reason,
        grantId: row.grant_id,
        clientId: row.client_id,
        subject: row.subject,
        tokenType: row.type,
        tokensRevoked: changed,
        hooks: cmd.hooks === undefined ? null : JSON.stringify(cmd.hooks),
      });
    }
    return changed;
  }

  async revoke(cmd: RevokeCommand): Promise<number> {
    return this.writes.run(() => this.revokeNow(cmd));
  }

  async rotate(oldHash: Buffer, actor: string, tokens: NewToken[]): Promise<boolean> {
    return this.writes.run(() => {
      const old = this.s.findToken.get(oldHash) as TokenRow | undefined;
      if (!old || old.revoked_at !== null) return false;
      this.revokeNow({ target: { tokenHash: oldHash, scope: 'token' }, actor, reason: 'refresh_rotation' });
      for (const t of tokens) this.insertToken(old.grant_id, old.client_id, old.subject, t);
      return true;
    });
  }

  async revokeAll(filter: { subject?: string; clientId?: string }, actor: string): Promise<number> {
    return this.writes.run(() => {
      const grants = this.s.liveGrantsBy.all({ subject: filter.subject ?? null, clientId: filter.clientId ?? null }) as Array<{ grant_id: string }>;
      const at = nowSec();
      let total = 0;
      for (const { grant_id } of grants) {
        const n = this.s.revokeGrantTokens.run({ at, by: actor, grantId: grant_id }).changes;
        this.s.revokeGrant.run({ at, grantId: grant_id });
        const g = this.s.getGrant.get(grant_id) as { client_id: string; subject: string | null };
        this.s.audit.run({
          at: Date.now(), actor, reason: 'admin', grantId: grant_id, clientId: g.client_id, subject: g.subject,
          tokenType: null, tokensRevoked: n, hooks: null,
        });
        total += n;
      }
      return total;
    });
  }

  async appendAudit(e: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.writes.run(() =>
      this.s.audit.run({ ...e, at: Date.now(), hooks: e.hooks === undefined || e.hooks === null ? null : JSON.stringify(e.hooks) }),
    );
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    const rows = this.s.listAudit.all(limit) as Array<{
      id: number; at: number; actor: string; reason: AuditEntry['reason']; grant_id: string | null; client_id: string | null;
      subject: string | null; token_type: string | null; tokens_revoked: number; hooks: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      reason: r.reason,
      grantId: r.grant_id,
      clientId: r.client_id,
      subject: r.subject,
      tokenType: r.token_type,
      tokensRevoked: r.tokens_revoked,
      hooks: r.hooks === null ? null : JSON.parse(r.hooks),
    }));
  }

  async appendHookLogs(lines: Array<{ hook: string; level: string; message: string; at: number }>): Promise<void> {
    if (!lines.length) return;
    await this.writes.run(() => {
      for (const l of lines) this.s.insertHookLog.run(l);
      this.s.trimHookLogs.run(this.hookLogRetention);
    });
  }

  async listHookLogs(hook: string, limit: number): Promise<HookLogRecord[]> {
    return this.s.listHookLogs.all(hook, limit) as HookLogRecord[];
  }

  async recordHookVersion(v: Omit<HookVersionRecord, 'id' | 'activatedAt'>): Promise<HookVersionRecord> {
    return this.writes.run(() => {
      const latest = this.s.latestHookVersion.get(v.hook) as HookVersionRow | undefined;
      if (latest && latest.hash === v.hash && latest.sidecar === v.sidecar) return toHookVersion(latest);
      return toHookVersion(this.s.insertHookVersion.get({ ...v, activatedAt: Date.now() }) as HookVersionRow);
    });
  }

  async listHookVersions(hook: string, limit: number): Promise<HookVersionRecord[]> {
    return (this.s.listHookVersions.all(hook, limit) as HookVersionRow[]).map(toHookVersion);
  }

  async getHookVersion(hook: string, id: number): Promise<HookVersionRecord | null> {
    const r = this.s.getHookVersion.get(hook, id) as HookVersionRow | undefined;
    return r ? toHookVersion(r) : null;
  }

  async sweepExpired(now: number, batch: number): Promise<number> {
    return this.writes.run(() => {
      const tokens = this.s.sweepTokens.run(now, batch).changes;
      const grants = this.s.sweepGrants.run(batch).changes;
      return tokens + grants;
    });
  }

  async ping(): Promise<boolean> {
    return !this.closed && (this.s.ping.get() as { ok: number }).ok === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writes.flush();
    this.closed = true;
    this.db.close();
  }
}
