// Start-up, configuration, restarts and policies that need their own server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createClient, createGrant, introspector, startServer, tmpDir, waitFor } from './helpers/server.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

describe('restart', () => {
  it('revocations survive a restart on the same DATA_DIR', async () => {
    const dataDir = tmpDir('restart');
    const s1 = await startServer({ dataDir });
    const c = await createClient(s1, {});
    const revoked = await createGrant(s1, { client_id: c.client_id });
    const live = await createGrant(s1, { client_id: c.client_id });
    const r = await s1.form('/revoke', { token: revoked.refresh_token! }, { basic: [c.client_id, c.client_secret!] });
    assert.equal(r.status, 200);
    assert.equal(await s1.stop(), 0);

    const s2 = await startServer({ dataDir });
    const introspect = await introspector(s2);
    assert.equal((await introspect(revoked.access_token)).active, false);
    assert.equal((await introspect(revoked.refresh_token!)).active, false);
    assert.equal((await introspect(live.access_token)).active, true);
    // the client and its secret survived too
    const again = await s2.form('/revoke', { token: live.access_token }, { basic: [c.client_id, c.client_secret!] });
    assert.equal(again.status, 200);
    assert.equal((await introspect(live.access_token)).active, false);
    await s2.stop();
  });

  it('without ADMIN_TOKEN, one is generated into DATA_DIR/admin-token (0600), logged by path only, and reused', async () => {
    const dataDir = tmpDir('admintoken');
    const s1 = await startServer({ dataDir, env: { ADMIN_TOKEN: '' } });
    const file = path.join(dataDir, 'admin-token');
    const token = fs.readFileSync(file, 'utf8').trim();
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(token.length >= 32);
    const logged = s1.logs.find((l) => l.msg === 'admin token is in this file');
    assert.equal(logged?.file, file);
    assert.ok(!JSON.stringify(s1.logs).includes(token), 'the token value never appears in the log');
    const ok = await fetch(`${s1.url}/admin/audit`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    await s1.stop();
    const s2 = await startServer({ dataDir, env: { ADMIN_TOKEN: '' } });
    assert.equal(fs.readFileSync(file, 'utf8').trim(), token);
    assert.equal((await fetch(`${s2.url}/admin/audit`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    await s2.stop();
  });
});

describe('background work and shutdown', () => {
  it('expired tokens are swept from the database in the background', async () => {
    const s = await startServer({ env: { SWEEP_INTERVAL_MS: '1000', SWEEP_BATCH: '2' } });
    const c = await createClient(s, {});
    const keep = await createGrant(s, { client_id: c.client_id });
    for (let i = 0; i < 3; i++) await createGrant(s, { client_id: c.client_id, access_token_ttl: 1, refresh_token: false });
    const db = new Database(path.join(s.dataDir, 'revoke-hooks.sqlite'), { readonly: true, fileMustExist: true });
    const count = () => (db.prepare('SELECT count(*) AS n FROM tokens').get() as { n: number }).n;
    assert.equal(count(), 5);
    // batches of 2: all three expired rows go within a few sweeps, the live grant stays
    for (let i = 0; i < 100 && count() > 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(count(), 2);
    assert.equal((db.prepare('SELECT count(*) AS n FROM grants').get() as { n: number }).n, 1, 'grants left without tokens are swept too');
    db.close();
    const introspect = await introspector(s);
    assert.equal((await introspect(keep.access_token)).active, true);
    await s.stop();
  });

  it('SIGTERM lets an in-flight revocation finish, then exits 0', async () => {
    const slow = `function revoke() { console.log('slow hook running'); const end = Date.now() + 500; while (Date.now() < end) {} return true; }`;
    const s = await startServer({ hooks: { 'slow.js': slow, 'slow.json': JSON.stringify({ limits: { cpuMs: 5000, wallMs: 5000 } }) } });
    const c = await createClient(s, {});
    const g = await createGrant(s, { client_id: c.client_id });
    const pending = s.form('/revoke', { token: g.access_token }, { basic: [c.client_id, c.client_secret!] });
    // SIGTERM only once the request is inside the hook (its log line reached the server log)
    await waitFor('the hook to start', () => s.logs.some((l) => typeof l.msg === 'string' && l.msg.includes('slow hook running')));
    const exited = s.stop('SIGTERM');
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(await exited, 0);
    // and the revocation it acknowledged is on disk
    const s2 = await startServer({ dataDir: s.dataDir });
    const introspect = await introspector(s2);
    assert.equal((await introspect(g.access_token)).active, false);
    await s2.stop();
  });
});

describe('configuration', () => {
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, ['--no-node-snapshot', MAIN, ...args], {
      env: { ...process.env, DATA_DIR: tmpDir('cfg'), ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('names each bad value and exits 2', () => {
    const r = run({ PORT: 'eighty', ACCESS_TOKEN_REVOCATION: 'sometimes', ISSUER: 'not a url' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /ACCESS_TOKEN_REVOCATION/);
    assert.match(r.stderr, /ISSUER/);
    assert.match(r.stderr, /"eighty"/);
  });
  it('HOOK_ISOLATES is 1 to 16', () => {
    const r = run({ HOOK_ISOLATES: '0' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /HOOK_ISOLATES/);
  });
  it('TRUST_PROXY must list addresses or CIDRs', () => {
    const r = run({ TRUST_PROXY: '10.0.0.0/8, proxy.example' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /TRUST_PROXY/);
    assert.match(r.stderr, /proxy\.example/);
  });
  it('TLS_CERT without TLS_KEY is refused', () => {
    const r = run({ TLS_CERT: '/tmp/cert.pem' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /TLS_KEY/);
  });
  it('unknown flags are refused; flags mirror variables', () => {
    const r = run({}, ['--no-such-flag', 'x']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--no-such-flag/);
    const r2 = run({}, ['--port=99999']);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /PORT/);
  });
  it('refuses to start without --no-node-snapshot, saying how to fix it', () => {
    const r = spawnSync(process.execPath, [MAIN], { env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: tmpDir('snap') }, encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--no-node-snapshot/);
  });
});

describe('policies', () => {
  it('ACCESS_TOKEN_REVOCATION=token revokes only the presented access token', async () => {
    const s = await startServer({ env: { ACCESS_TOKEN_REVOCATION: 'token' } });
    const introspect = await introspector(s);
    const c = await createClient(s, {});
    const g = await createGrant(s, { client_id: c.client_id });
    assert.equal((await s.form('/revoke', { token: g.access_token }, { basic: [c.client_id, c.client_secret!] })).status, 200);
    assert.equal((await introspect(g.access_token)).active, false);
    assert.equal((await introspect(g.refresh_token!)).active, true);
    // a refresh token still takes the whole grant
    assert.equal((await s.form('/revoke', { token: g.refresh_token! }, { basic: [c.client_id, c.client_secret!] })).status, 200);
    assert.equal((await introspect(g.refresh_token!)).active, false);
    await s.stop();
  });

  it('FOREIGN_TOKEN_POLICY=ignore answers a confidential caller with a silent 200, nothing revoked', async () => {
    const s = await startServer({ env: { FOREIGN_TOKEN_POLICY: 'ignore' } });
    const introspect = await introspector(s);
    const a = await createClient(s, {});
    const b = await createClient(s, {});
    const g = await createGrant(s, { client_id: a.client_id });
    const r = await s.form('/revoke', { token: g.access_token }, { basic: [b.client_id, b.client_secret!] });
    assert.equal(r.status, 200);
    assert.equal((await introspect(g.access_token)).active, true);
    await s.stop();
  });
});
