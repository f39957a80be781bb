// Hostile hook corpus over real HTTP: every hook in test/attacks/ runs inside one real server (or is
// uploaded through the admin API when its header says `MODE: upload`). Each acts only when the
// grant's subject is its own name, so every request also runs the whole corpus for an innocent
// subject. For each attack: the answer follows the hook's onError (checked by introspection), the
// server keeps serving, the next innocent request succeeds, and no secret, canary env var, host path
// or host stack reaches the client, the captured logs, lastError, the audit log or the server log.
// At the end the server's RSS must be back within a band of its warmed-up baseline.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient, createGrant, introspector, startServer, type Client, type TestServer } from './helpers/server.js';

const ATTACK_DIR = fileURLToPath(new URL('../../test/attacks/', import.meta.url));
const RSS_BAND_MB = 150;

type Expect = 'fail' | 'veto' | 'rejected';
interface Attack {
  name: string;
  file: string;
  lang: 'js' | 'ts';
  source: string;
  sidecar: Record<string, unknown> | null;
  onError: 'revoke' | 'skip';
  expect: Expect;
  upload: boolean;
  checkLog: string | null;
  what: string;
}

/** Parse the `// KEY: value` header of an attack file. */
function loadCorpus(): Attack[] {
  const out: Attack[] = [];
  for (const file of fs.readdirSync(ATTACK_DIR).sort()) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)\.(js|ts)$/.exec(file);
    if (!m) continue;
    const source = fs.readFileSync(path.join(ATTACK_DIR, file), 'utf8');
    const head: Record<string, string> = {};
    let what = '';
    for (const line of source.split('\n')) {
      if (!line.startsWith('//')) break;
      const kv = /^\/\/ ([A-Z-]+): (.*)$/.exec(line);
      if (kv) head[kv[1]!] = kv[2]!.trim();
      if (kv?.[1] === 'ATTACK') what = kv[2]!;
    }
    assert.ok(what, `${file}: missing "// ATTACK:" header`);
    const expect = head.EXPECT as Expect;
    assert.ok(['fail', 'veto', 'rejected'].includes(expect), `${file}: EXPECT must be fail, veto or rejected`);
    const sidecarFile = path.join(ATTACK_DIR, `${m[1]}.json`);
    const sidecar = fs.existsSync(sidecarFile) ? (JSON.parse(fs.readFileSync(sidecarFile, 'utf8')) as Record<string, unknown>) : null;
    out.push({
      name: m[1]!,
      file,
      lang: m[2] as 'js' | 'ts',
      source,
      sidecar,
      onError: sidecar?.onError === 'skip' ? 'skip' : 'revoke',
      expect,
      upload: head.MODE === 'upload',
      checkLog: head['CHECK-LOG'] ?? null,
      what,
    });
  }
  return out;
}

interface HookView {
  name: string;
  status: string;
  lastError: { message: string } | null;
  counters: { calls: number; revoked: number; skipped: number; errors: number; timeouts: number };
}

/** RSS of the server and of its child processes (the hook process holds the isolates) */
function rssMb(pid: number): number {
  let children: number[] = [];
  try {
    children = fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    /* no children file: count the server alone */
  }
  return ownRssMb(pid) + children.reduce((sum, c) => sum + ownRssMb(c), 0);
}

function ownRssMb(pid: number): number {
  let status = '';
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // exited meanwhile
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const corpus = loadCorpus();
const canary = `canary-${randomBytes(12).toString('hex')}`;
const adminToken = `adm-${randomBytes(16).toString('hex')}`;
const cookieSecret = `sid-${randomBytes(12).toString('hex')}`;
const findings = new Map<string, string[]>(); // attack -> what leaked / escaped
const secrets = new Set<string>([canary, adminToken, cookieSecret]);

let s: TestServer;
let client: Client;
let introspect: (token: string) => Promise<Record<string, unknown>>;
let rssBaseline = 0;
let serverLogCursor = 0;

/** Every string that must never show up in anything a hook produced. */
function scan(attack: string, where: string, text: string): void {
  const needles = [
    ...secrets,
    'RH_CANARY_SECRET',
    'ESCAPED',
    '/work',
    '/tmp',
    '/home/',
    '/root',
    'node_modules',
    'node:internal',
    'file://',
    'isolated-vm',
    '<isolated-vm boundary>',
    'dist/src',
    s.hooksDir,
    s.dataDir,
    process.cwd(),
  ];
  for (const n of needles) {
    if (n && text.includes(n)) {
      const list = findings.get(attack) ?? [];
      list.push(`${where} contains ${JSON.stringify(n.length > 40 ? n.slice(0, 12) + '…' : n)}`);
      findings.set(attack, list);
    }
  }
}

async function hookView(name: string): Promise<HookView | null> {
  const r = await s.admin('GET', `/hooks/${name}`);
  if (r.status === 404) return null;
  assert.equal(r.status, 200);
  return (await r.json()) as HookView;
}

async function hookLogs(name: string): Promise<Array<{ message: string; level: string }>> {
  const r = await s.admin('GET', `/hooks/${name}/logs?limit=1000`);
  assert.equal(r.status, 200);
  return ((await r.json()) as { logs: Array<{ message: string; level: string }> }).logs;
}

async function revoke(token: string): Promise<Response> {
  return s.form('/revoke', { token, token_type_hint: 'access_token', client_id: client.client_id, client_secret: client.client_secret! }, { headers: { cookie: `sid=${cookieSecret}` } });
}

async function grantFor(subject: string) {
  const g = await createGrant(s, { client_id: client.client_id, subject, scope: 'openid service', refresh_token: true });
  secrets.add(g.access_token);
  secrets.add(g.refresh_token!);
  return g;
}

/** Scan everything observable after an attack: the response, logs, lastError, audit, server log. */
async function scanOutputs(a: string, res: { status: number; headers: Headers; body: string } | null): Promise<void> {
  if (res) {
    scan(a, 'response body', res.body);
    for (const [k, v] of res.headers) scan(a, `response header ${k}`, `${k}: ${v}`);
  }
  for (const l of await hookLogs(a)) scan(a, 'captured log', l.message);
  const list = (await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] };
  for (const h of list.hooks) if (h.lastError) scan(h.name === a ? a : `${a} (via ${h.name})`, 'lastError', h.lastError.message);
  const audit = (await (await s.admin('GET', '/audit?limit=20')).json()) as { entries: unknown[] };
  scan(a, 'audit', JSON.stringify(audit.entries));
  for (const line of s.logs.slice(serverLogCursor)) {
    if (line.hook === undefined) continue;
    const { pid: _p, hostname: _h, time: _t, ...rest } = line;
    scan(a, 'server log', JSON.stringify(rest));
  }
  serverLogCursor = s.logs.length;
}

/** An innocent revocation: every hook says true, the good hook's header is there, the token is gone. */
async function innocentRequestSucceeds(): Promise<void> {
  const g = await grantFor('innocent');
  const r = await revoke(g.access_token);
  const body = await r.text();
  assert.equal(r.status, 200, `innocent request: ${r.status} ${body}`);
  assert.equal(r.headers.get('x-good'), 'yes', 'the good hook at the end of the chain ran');
  assert.equal(body, '');
  assert.equal((await introspect(g.access_token)).active, false, 'innocent token revoked');
}

/** WARM_UP innocent requests (every hook's heap reaches its steady state), then the lowest RSS seen. */
const WARM_UP = 60;
async function warmRss(): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) {
    await innocentRequestSucceeds();
    if (process.env.RH_SECURITY_DEBUG && i % 10 === 0) console.log(`warm-up ${i}: ${rssMb(s.proc.pid!).toFixed(1)} MB`);
  }
  let rss = Infinity;
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    rss = Math.min(rss, rssMb(s.proc.pid!));
  }
  return rss;
}

describe('hostile hook corpus over HTTP', () => {
  before(async () => {
    assert.ok(corpus.length >= 40, `corpus has ${corpus.length} hooks`);
    const files: Record<string, string> = {
      'zz-good.js': `function revoke(context) { context.getResponseBuilder().header('X-Good', 'yes'); return true; }`,
      'zz-good.json': JSON.stringify({ order: 1000 }),
    };
    for (const a of corpus) {
      if (a.upload) continue;
      files[a.file] = a.source;
      if (a.sidecar) files[`${a.name}.json`] = JSON.stringify(a.sidecar);
    }
    // one isolate per hook: the RSS band below was calibrated for it (61 hooks × 2 isolates double
    // the baseline, and with it the noise of the leak check)
    s = await startServer({ hooks: files, env: { RH_CANARY_SECRET: canary, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'info', HOOK_ISOLATES: '1' } });
    client = await createClient(s, { client_name: 'attacked app', token_endpoint_auth_method: 'client_secret_post', scope: 'openid service' });
    secrets.add(client.client_secret!);
    introspect = await introspector(s);
    const list = (await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] };
    for (const h of list.hooks) assert.equal(h.status, 'active', `${h.name} loaded: ${h.lastError?.message}`);
    rssBaseline = await warmRss();
    serverLogCursor = s.logs.length;
  });

  after(async () => {
    const escapes = [...findings.values()].filter((f) => f.length > 0).length;
    console.log(`attacks tried: ${corpus.length}, escapes: ${escapes}`);
    for (const [a, f] of findings) console.log(`  ${a}: ${f.join('; ')}`);
    await s?.stop();
  });

  for (const a of corpus) {
    it(`${a.name} [${a.expect}${a.expect === 'fail' ? `, onError ${a.onError}` : ''}${a.upload ? ', upload' : ''}]: ${a.what.slice(0, 90)}`, async () => {
      if (a.upload) {
        const up = await s.admin('PUT', `/hooks/${a.name}`, { source: a.source, lang: a.lang, ...(a.sidecar && { sidecar: a.sidecar }) });
        const upBody = await up.text();
        scan(a.name, 'upload answer', upBody);
        if (a.expect === 'rejected') {
          assert.equal(up.status, 400, `upload refused: ${up.status} ${upBody}`);
          assert.equal(JSON.parse(upBody).error, 'invalid_hook');
          assert.equal(await hookView(a.name), null, 'nothing installed');
          await scanOutputs(a.name, null);
          await innocentRequestSucceeds();
          assert.deepEqual(findings.get(a.name) ?? [], []);
          return;
        }
        assert.ok(up.status === 201 || up.status === 200, `upload accepted: ${up.status} ${upBody}`);
      }

      const before = (await hookView(a.name))!;
      assert.equal(before.status, 'active');
      const g = await grantFor(a.name);
      const r = await revoke(g.access_token);
      const body = await r.text();
      await scanOutputs(a.name, { status: r.status, headers: r.headers, body });

      // the endpoint's own rules hold whatever the hook did
      assert.ok(r.status < 500, `no 5xx (${r.status})`);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('pragma'), 'no-cache');
      assert.equal(r.headers.get('set-cookie'), null, 'no cookie set');
      assert.equal(r.headers.get('x-injected'), null);
      const after = (await hookView(a.name))!;
      assert.equal(after.counters.calls, before.counters.calls + 1, 'the call is counted');
      const active = (await introspect(g.access_token)).active;
      if (a.expect === 'fail') {
        assert.equal(after.counters.errors, before.counters.errors + 1, `the hook failed (${after.lastError?.message})`);
        assert.equal(r.status, 200, 'a failed hook contributes nothing to the answer');
        assert.equal(body, '');
        assert.equal(r.headers.get('x-exfil'), null);
        assert.equal(r.headers.get('x-should-not-appear'), null, "a failed hook's builder is discarded");
        assert.equal(active, a.onError === 'skip', `onError ${a.onError}: token ${active ? 'still active' : 'revoked'}`);
        if (a.onError === 'revoke') assert.equal(r.headers.get('x-good'), 'yes', 'the chain went on');
      } else {
        assert.equal(after.counters.errors, before.counters.errors, `a clean veto, not a failure (${after.lastError?.message})`);
        assert.equal(active, true, 'vetoed: nothing revoked');
        assert.equal(r.headers.get('x-good'), null, 'the chain stopped at the veto');
      }

      if (a.checkLog) {
        let logs: Array<{ message: string }> = [];
        for (let i = 0; i < 20 && !logs.some((l) => l.message.includes(a.checkLog!)); i++) {
          if (i) await sleep(100);
          logs = await hookLogs(a.name);
        }
        assert.ok(logs.some((l) => l.message.includes(a.checkLog!)), `log mentions ${JSON.stringify(a.checkLog)}: ${JSON.stringify(logs.slice(0, 3))}`);
      }
      const logs = await hookLogs(a.name);
      for (const l of logs) assert.ok(Buffer.byteLength(l.message) <= 1024, `log line of ${Buffer.byteLength(l.message)} bytes`);
      assert.ok(logs.filter((l) => !l.message.startsWith('init flood')).length <= 101, `at most 100 lines (+1 notice) per call, got ${logs.length}`);

      // the server keeps serving and the attacker's own isolate works again
      assert.equal(s.proc.exitCode, null, 'server alive');
      await innocentRequestSucceeds();
      const again = (await hookView(a.name))!;
      assert.equal(again.counters.errors, after.counters.errors, 'the innocent call through the same hook did not fail');

      if (a.upload) {
        // replace it (the old version's destroy() runs and must not wedge anything), then delete it
        const rep = await s.admin('PUT', `/hooks/${a.name}`, { source: 'function revoke() { return true; }', lang: 'js', sidecar: null });
        assert.equal(rep.status, 200, await rep.text());
        const del = await s.admin('DELETE', `/hooks/${a.name}`);
        assert.equal(del.status, 200);
        await innocentRequestSucceeds();
      }
      if (process.env.RH_SECURITY_DEBUG) console.log(`rss after ${a.name}: ${rssMb(s.proc.pid!).toFixed(1)} MB`);
      assert.deepEqual(findings.get(a.name) ?? [], [], 'nothing leaked');
    });
  }

  it('the server survived the corpus, leaked nothing, and its memory went back to its band', async () => {
    assert.equal(s.proc.exitCode, null);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    const peak = rssMb(s.proc.pid!);
    // Rebuild every isolate (a changed file is a new version in a new isolate; the old one is
    // disposed), then warm up exactly as for the baseline: whatever the host still holds on to is
    // the difference. Garbage inside live isolates is bounded by each hook's memoryMb and is not a
    // leak, which is why the comparison is made between freshly built isolates.
    const before = (await (await s.admin('GET', '/hooks')).json()) as { hooks: Array<HookView & { hash: string }> };
    const oldHash = new Map(before.hooks.map((h) => [h.name, h.hash]));
    for (const a of corpus) if (!a.upload) fs.writeFileSync(path.join(s.hooksDir, a.file), `${a.source}\n// rebuilt\n`);
    fs.writeFileSync(path.join(s.hooksDir, 'zz-good.js'), `function revoke(context) { context.getResponseBuilder().header('X-Good', 'yes'); return true; }\n// rebuilt\n`);
    for (let i = 0; ; i++) {
      const now = (await (await s.admin('GET', '/hooks')).json()) as { hooks: Array<HookView & { hash: string }> };
      if (now.hooks.every((h) => h.status === 'active' && h.hash !== oldHash.get(h.name))) break;
      assert.ok(i < 300, 'every hook reloaded');
      await sleep(100);
    }
    const rss = await warmRss();
    console.log(`server RSS: baseline ${rssBaseline.toFixed(1)} MB, peak during the corpus ≥ ${peak.toFixed(1)} MB, after rebuilding the isolates ${rss.toFixed(1)} MB (band +${RSS_BAND_MB} MB)`);
    assert.ok(rss <= rssBaseline + RSS_BAND_MB, `RSS ${rss.toFixed(1)} MB > baseline ${rssBaseline.toFixed(1)} + ${RSS_BAND_MB} MB`);
    const escapes = [...findings.entries()].filter(([, f]) => f.length > 0);
    assert.deepEqual(escapes, []);
    assert.equal(s.stderr().includes('Catastrophic'), false);
  });
});
