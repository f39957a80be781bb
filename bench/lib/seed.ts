// Seeds a service database directly with better-sqlite3, BEFORE the server starts, for the
// "1k vs 1M tokens in the store" comparison. It reuses the service's own schema (migrate() from
// src/store/migrations) and token hashing (src/oauth/tokens), compiled in dist/, so the rows are
// exactly what the service would have written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../src/store/migrations.js';
import { hashSecret, hashToken, newOpaqueValue, newSalt } from '../../src/oauth/tokens.js';

export interface SeedOptions {
  dbFile: string;
  clientId: string;
  clientSecret: string;
  /** tokens that are never touched: the store's background size (half access, half refresh) */
  filler: number;
  /** live access tokens (one grant each) returned for the timed phase */
  live: number;
}

export interface SeedResult {
  liveTokens: string[];
  totalTokens: number;
  ms: number;
  fileBytes: number;
}

export function seedStore(o: SeedOptions): SeedResult {
  const t0 = performance.now();
  fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
  const db = new Database(o.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only; the server reopens it with synchronous=FULL
  db.pragma('foreign_keys = ON');
  migrate(db);
  db.pragma('cache_size = -262144'); // 256 MiB for the bulk insert
  // bulk insert without the secondary indexes, then rebuild them from their own definitions
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('tokens', 'grants') AND sql IS NOT NULL`)
    .all() as Array<{ name: string; sql: string }>;
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  const now = Math.floor(Date.now() / 1000);
  const salt = newSalt();
  db.prepare(
    `INSERT INTO clients (client_id, client_name, auth_method, secret_hash, secret_salt, scope, created_at)
     VALUES (?, 'bench', 'client_secret_basic', ?, ?, 'api', ?)`,
  ).run(o.clientId, hashSecret(o.clientSecret, salt), salt, now);
  const insGrant = db.prepare(
    `INSERT INTO grants (grant_id, client_id, subject, scope, grant_type, created_at) VALUES (?, ?, ?, 'api', 'authorization_code', ?)`,
  );
  const insToken = db.prepare(
    `INSERT INTO tokens (hash, type, grant_id, client_id, subject, scope, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, 'api', ?, ?)`,
  );
  const CHUNK = 20_000;
  const fillerGrants = Math.ceil(o.filler / 2);
  let tokens = 0;
  const fillChunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const grantId = crypto.randomUUID();
      const subject = `user-${i}`;
      insGrant.run(grantId, o.clientId, subject, now);
      insToken.run(hashToken(newOpaqueValue()), 'access_token', grantId, o.clientId, subject, now, now + 86_400);
      tokens++;
      if (tokens < o.filler) {
        insToken.run(hashToken(newOpaqueValue()), 'refresh_token', grantId, o.clientId, subject, now, now + 30 * 86_400);
        tokens++;
      }
    }
  });
  for (let i = 0; i < fillerGrants; i += CHUNK) fillChunk(i, Math.min(fillerGrants, i + CHUNK));

  const liveTokens: string[] = [];
  const liveChunk = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const grantId = crypto.randomUUID();
      const value = newOpaqueValue();
      insGrant.run(grantId, o.clientId, 'bench-user', now);
      insToken.run(hashToken(value), 'access_token', grantId, o.clientId, 'bench-user', now, now + 86_400);
      liveTokens.push(value);
    }
  });
  for (let i = 0; i < o.live; i += CHUNK) liveChunk(Math.min(CHUNK, o.live - i));
  tokens += o.live;

  for (const ix of indexes) db.exec(ix.sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { liveTokens, totalTokens: tokens, ms: performance.now() - t0, fileBytes: fs.statSync(o.dbFile).size };
}
