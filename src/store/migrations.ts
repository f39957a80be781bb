// Versioned schema migrations, applied in order inside one transaction each; PRAGMA user_version
// records the last one applied. Never edit a migration that has shipped: append a new one.
import type Database from 'better-sqlite3';

export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'clients, grants, tokens, audit log, hook logs',
    sql: `
      CREATE TABLE clients (
        client_id    TEXT PRIMARY KEY,
        client_name  TEXT,
        auth_method  TEXT NOT NULL CHECK (auth_method IN ('client_secret_basic','client_secret_post','none')),
        secret_hash  BLOB,
        secret_salt  BLOB,
        scope        TEXT NOT NULL DEFAULT '',
        created_at   INTEGER NOT NULL,
        CHECK ((auth_method = 'none') = (secret_hash IS NULL))
      ) STRICT;

      CREATE TABLE grants (
        grant_id    TEXT PRIMARY KEY,
        client_id   TEXT NOT NULL REFERENCES clients(client_id),
        subject     TEXT,
        scope       TEXT NOT NULL DEFAULT '',
        grant_type  TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        revoked_at  INTEGER
      ) STRICT;
      CREATE INDEX grants_client ON grants(client_id);
      CREATE INDEX grants_subject ON grants(subject);

      -- hash = SHA-256 of the token value; the value itself is never stored
      CREATE TABLE tokens (
        hash        BLOB PRIMARY KEY CHECK (length(hash) = 32),
        type        TEXT NOT NULL CHECK (type IN ('access_token','refresh_token')),
        grant_id    TEXT NOT NULL REFERENCES grants(grant_id),
        client_id   TEXT NOT NULL,
        subject     TEXT,
        scope       TEXT NOT NULL DEFAULT '',
        issued_at   INTEGER NOT NULL,
        expires_at  INTEGER,
        revoked_at  INTEGER,
        revoked_by  TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX tokens_grant ON tokens(grant_id);
      CREATE INDEX tokens_subject ON tokens(subject) WHERE subject IS NOT NULL;
      CREATE INDEX tokens_client ON tokens(client_id);
      CREATE INDEX tokens_expiry ON tokens(expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE revocation_audit (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        at              INTEGER NOT NULL,
        actor           TEXT NOT NULL,
        reason          TEXT NOT NULL,
        grant_id        TEXT,
        client_id       TEXT,
        subject         TEXT,
        token_type      TEXT,
        tokens_revoked  INTEGER NOT NULL,
        hooks           TEXT
      ) STRICT;
      CREATE TRIGGER revocation_audit_no_update BEFORE UPDATE ON revocation_audit
        BEGIN SELECT RAISE(ABORT, 'revocation_audit is append-only'); END;
      CREATE TRIGGER revocation_audit_no_delete BEFORE DELETE ON revocation_audit
        BEGIN SELECT RAISE(ABORT, 'revocation_audit is append-only'); END;

      CREATE TABLE hook_logs (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        hook     TEXT NOT NULL,
        level    TEXT NOT NULL,
        message  TEXT NOT NULL,
        at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX hook_logs_hook ON hook_logs(hook, id);
    `,
  },
  {
    version: 2,
    name: 'hook versions',
    sql: `
      -- every hook version that became active, so an admin can see history and roll back
      CREATE TABLE hook_versions (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        hook          TEXT NOT NULL,
        hash          TEXT NOT NULL,
        lang          TEXT NOT NULL CHECK (lang IN ('js','ts')),
        source        TEXT NOT NULL,
        sidecar       TEXT,
        origin        TEXT NOT NULL CHECK (origin IN ('file','upload','rollback')),
        activated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX hook_versions_hook ON hook_versions(hook, id);
    `,
  },
];

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this build knows (${latest}); refusing to start`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
