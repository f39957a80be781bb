// Durability under crashes: revocations are driven from a SEPARATE process (test/fixtures/revoker.mjs)
// that records every token whose /revoke answered 200; the server is killed with SIGKILL after about
// half the answers, while requests are in flight, and restarted on the same DATA_DIR. Every
// acknowledged revocation must still hold — in the SQLite file as the crash left it, and through
// introspection after the restart, for both tokens of the grant — and the file must pass
// PRAGMA integrity_check. Group commit answers 200 only after COMMIT returned (synchronous=FULL); this
// test is what proves it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createClient, createGrant, introspector, startServer, tmpDir, type Client, type Grant, type TestServer } from './helpers/server.js';

const REVOKER = fileURLToPath(new URL('../../test/fixtures/revoker.mjs', import.meta.url));
const TARGETS = 500; // grants the revoker works through
const CONTROLS = 50; // grants nobody revokes
const CYCLES = 2; // kill -9 and restart this many times
const sha256 = (v: string) => crypto.createHash('sha256').update(v, 'utf8').digest();

interface RevokerRun {
  acked: string[];
  sent: number;
  summary: Record<string, unknown> | null;
  killedAfter: number;
}

/** runs the revoker over `tokens`; SIGKILLs the server once `killAt` revocations were acknowledged */
async function revokeAndKill(s: TestServer, client: Client, tokens: string[], killAt: number, dir: string): Promise<RevokerRun> {
  const out = path.join(dir, `acked-${crypto.randomUUID()}.txt`);
  const jobFile = path.join(dir, `job-${crypto.randomUUID()}.json`);
  fs.writeFileSync(jobFile, JSON.stringify({ url: s.url, clientId: client.client_id, clientSecret: client.client_secret, tokens, out, concurrency: 24 }));
  const child = spawn(process.execPath, [REVOKER, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let oks = 0;
  let killedAfter = -1;
  let last = '';
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killed = new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ok') {
          if (++oks >= killAt && killedAfter < 0) {
            killedAfter = oks;
            void s.kill().then(resolve);
          }
        } else last = line;
      }
    });
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, `revoker failed: ${stderr}`);
  assert.ok(killedAfter > 0, `the server was killed mid-load (acknowledged ${oks} of ${tokens.length} before the revoker finished)`);
  await killed;
  const summary = last ? (JSON.parse(last) as Record<string, unknown>) : null;
  const acked = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
  assert.equal(acked.length, oks, 'every "ok" printed was recorded first');
  return { acked, sent: Number(summary?.sent ?? 0), summary, killedAfter };
}

/** the SQLite file exactly as the crash left it (WAL included), read-only */
function inspectFile(dataDir: string, check: (db: Database.Database) => void) {
  const db = new Database(path.join(dataDir, 'revoke-hooks.sqlite'), { readonly: true, fileMustExist: true });
  try {
    check(db);
  } finally {
    db.close();
  }
}

it('every revocation acknowledged with 200 survives kill -9 mid-load, and the database stays intact', { timeout: 90_000 }, async () => {
  const dataDir = tmpDir('durable');
  const work = tmpDir('revoker');
  let s = await startServer({ dataDir });
  const client = await createClient(s, { client_name: 'durability' });

  const grants: Grant[] = [];
  for (let i = 0; i < TARGETS + CONTROLS; i += 25) {
    const n = Math.min(25, TARGETS + CONTROLS - i);
    grants.push(...(await Promise.all(Array.from({ length: n }, () => createGrant(s, { client_id: client.client_id, refresh_token: true })))));
  }
  const targets = grants.slice(0, TARGETS);
  const controls = grants.slice(TARGETS);
  // revoke the access token of some grants and the refresh token of others; either revokes the grant
  const revokeValue = (g: Grant, i: number) => (i % 2 === 0 ? g.access_token : g.refresh_token!);
  const tokenOf = new Map(targets.map((g, i) => [revokeValue(g, i), g]));

  const acked = new Set<Grant>();
  const neverSent = new Set<Grant>(targets);
  let pending = [...targets];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const tokens = pending.map((g) => revokeValue(g, targets.indexOf(g)));
    const run = await revokeAndKill(s, client, tokens, Math.ceil(tokens.length / 2), work);
    for (const t of tokens.slice(0, run.sent)) neverSent.delete(tokenOf.get(t)!);
    for (const t of run.acked) acked.add(tokenOf.get(t)!);
    console.log(`durability cycle ${cycle + 1}: ${tokens.length} to revoke, killed after ${run.killedAfter} acknowledgements; revoker: ${JSON.stringify(run.summary)}`);
    assert.ok(run.acked.length < tokens.length, 'some revocations were still to come when the server died');

    // the crashed file: intact, and every acknowledged revocation is in it (both tokens of the grant)
    inspectFile(dataDir, (db) => {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const revokedAt = db.prepare('SELECT revoked_at FROM tokens WHERE hash = ?').pluck();
      for (const g of acked) {
        for (const v of [g.access_token, g.refresh_token!]) assert.notEqual(revokedAt.get(sha256(v)) ?? null, null, `grant ${g.grant_id}: acknowledged but not revoked in the file`);
      }
    });

    s = await startServer({ dataDir });
    pending = pending.filter((g) => !acked.has(g));
  }

  // after the restart, through the API: acknowledged → inactive; never sent and controls → active
  const introspect = await introspector(s);
  const wrong: string[] = [];
  const check = async (g: Grant, expectActive: boolean, what: string) => {
    for (const v of [g.access_token, g.refresh_token!]) {
      const active = (await introspect(v)).active;
      if (active !== expectActive) wrong.push(`${what} grant ${g.grant_id}: active=${String(active)}`);
    }
  };
  const all: Array<[Grant, boolean, string]> = [
    ...[...acked].map((g) => [g, false, 'acknowledged'] as [Grant, boolean, string]),
    ...[...neverSent].map((g) => [g, true, 'never sent'] as [Grant, boolean, string]),
    ...controls.map((g) => [g, true, 'control'] as [Grant, boolean, string]),
  ];
  for (let i = 0; i < all.length; i += 20) await Promise.all(all.slice(i, i + 20).map(([g, a, w]) => check(g, a, w)));
  assert.deepEqual(wrong, []);
  console.log(`revocations checked after kill -9: ${acked.size} (grants acknowledged with 200, ${acked.size * 2} tokens introspected inactive); ${neverSent.size} never-sent and ${controls.length} control grants still active`);
  assert.ok(acked.size >= TARGETS / 2, `enough revocations were acknowledged to mean something (${acked.size})`);

  // the audit log agrees: one revocation_endpoint entry per acknowledged grant at least
  assert.equal(await s.stop(), 0);
  inspectFile(dataDir, (db) => {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const audited = new Set(db.prepare("SELECT grant_id FROM revocation_audit WHERE reason = 'revocation_endpoint'").pluck().all() as string[]);
    for (const g of acked) assert.ok(audited.has(g.grant_id), `grant ${g.grant_id}: acknowledged revocation is in the audit log`);
  });
});
