// The default store: one SQLite file through better-sqlite3, WAL journal, synchronous=FULL so that an
// acknowledged revocation survives a power cut. Reads run on this thread (WAL readers never wait
// for the writer); every write goes to the writer thread (sqlite-writer.ts), which group-commits
// them, so the fsync of a commit never blocks the event loop.
import type Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import {
  openDatabase, toClient, toGrant, toHookVersion, toToken,
  type ClientRow, type GrantRow, type HookVersionRow, type TokenRow,
} from './sqlite-rows.js';
import type {
  AuditEntry, ClientWithSecret, GrantRecord, HookLogRecord, HookVersionRecord, NewToken, RevokeCommand, Store, TokenRecord,
} from './types.js';
import { WriterClient } from './writer-client.js';

/** clients are immutable once registered, so they are cached (bounded) after the first read */
const CLIENT_CACHE_MAX = 10_000;

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly writer: WriterClient;
  private readonly clients = new Map<string, ClientWithSecret>();
  private readonly s;
  private closed = false;

  private constructor(file: string, hookLogRetention: number) {
    this.db = openDatabase(file);
    migrate(this.db);
    this.writer = new WriterClient(file, hookLogRetention);
    const db = this.db;
    this.s = {
      getClient: db.prepare(`SELECT * FROM clients WHERE client_id = ?`),
      getGrant: db.prepare(`SELECT * FROM grants WHERE grant_id = ?`),
      findToken: db.prepare(`SELECT * FROM tokens WHERE hash = ?`),
      grantTokens: db.prepare(`SELECT * FROM tokens WHERE grant_id = ? ORDER BY issued_at, type`),
      listAudit: db.prepare(`SELECT * FROM revocation_audit ORDER BY id DESC LIMIT ?`),
      listHookLogs: db.prepare(`SELECT * FROM hook_logs WHERE hook = ? ORDER BY id DESC LIMIT ?`),
      listHookVersions: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? ORDER BY id DESC LIMIT ?`),
      getHookVersion: db.prepare(`SELECT * FROM hook_versions WHERE hook = ? AND id = ?`),
      ping: db.prepare(`SELECT 1 AS ok`),
    };
  }

  /** opens (creating and migrating as needed) and waits for the writer thread */
  static async open(file: string, hookLogRetention = 10_000): Promise<SqliteStore> {
    const store = new SqliteStore(file, hookLogRetention);
    try {
      await store.writer.ready;
    } catch (e) {
      store.db.close();
      throw e;
    }
    return store;
  }

  async createClient(c: ClientWithSecret): Promise<void> {
    await this.writer.call('createClient', c);
  }

  async getClient(clientId: string): Promise<ClientWithSecret | null> {
    const cached = this.clients.get(clientId);
    if (cached) return cached;
    const r = this.s.getClient.get(clientId) as ClientRow | undefined;
    if (!r) return null;
    const client = toClient(r);
    if (this.clients.size >= CLIENT_CACHE_MAX) this.clients.delete(this.clients.keys().next().value!);
    this.clients.set(clientId, client);
    return client;
  }

  async createGrant(g: Omit<GrantRecord, 'revokedAt'>, tokens: NewToken[]): Promise<void> {
    await this.writer.call('createGrant', g, tokens);
  }

  async getGrant(grantId: string): Promise<GrantRecord | null> {
    const r = this.s.getGrant.get(grantId) as GrantRow | undefined;
    return r ? toGrant(r) : null;
  }

  async listGrantTokens(grantId: string): Promise<TokenRecord[]> {
    return (this.s.grantTokens.all(grantId) as TokenRow[]).map(toToken);
  }

  async findToken(hash: Buffer): Promise<TokenRecord | null> {
    const r = this.s.findToken.get(hash) as TokenRow | undefined;
    return r ? toToken(r) : null;
  }

  revoke(cmd: RevokeCommand): Promise<number> {
    return this.writer.call('revoke', cmd);
  }

  rotate(oldHash: Buffer, actor: string, tokens: NewToken[]): Promise<boolean> {
    return this.writer.call('rotate', oldHash, actor, tokens);
  }

  revokeAll(filter: { subject?: string; clientId?: string }, actor: string): Promise<number> {
    return this.writer.call('revokeAll', filter, actor);
  }

  async appendAudit(e: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.writer.call('appendAudit', e);
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    const rows = this.s.listAudit.all(limit) as Array<{
      id: number; at: number; actor: string; reason: AuditEntry['reason']; grant_id: string | null; client_id: string | null;
      subject: string | null; token_type: string | null; tokens_revoked: number; hooks: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id, at: r.at, actor: r.actor, reason: r.reason, grantId: r.grant_id, clientId: r.client_id, subject: r.subject,
      tokenType: r.token_type, tokensRevoked: r.tokens_revoked, hooks: r.hooks === null ? null : JSON.parse(r.hooks),
    }));
  }

  async appendHookLogs(lines: Array<{ hook: string; level: string; message: string; at: number }>): Promise<void> {
    if (lines.length) await this.writer.call('appendHookLogs', lines);
  }

  async listHookLogs(hook: string, limit: number): Promise<HookLogRecord[]> {
    return this.s.listHookLogs.all(hook, limit) as HookLogRecord[];
  }

  recordHookVersion(v: Omit<HookVersionRecord, 'id' | 'activatedAt'>): Promise<HookVersionRecord> {
    return this.writer.call('recordHookVersion', v);
  }

  async listHookVersions(hook: string, limit: number): Promise<HookVersionRecord[]> {
    return (this.s.listHookVersions.all(hook, limit) as HookVersionRow[]).map(toHookVersion);
  }

  async getHookVersion(hook: string, id: number): Promise<HookVersionRecord | null> {
    const r = this.s.getHookVersion.get(hook, id) as HookVersionRow | undefined;
    return r ? toHookVersion(r) : null;
  }

  sweepExpired(now: number, batch: number): Promise<number> {
    return this.writer.call('sweepExpired', now, batch);
  }

  async ping(): Promise<boolean> {
    return !this.closed && this.writer.alive && (this.s.ping.get() as { ok: number }).ok === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
    this.db.close();
  }
}
