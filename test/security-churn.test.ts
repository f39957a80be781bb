// Bounded load with hook churn: 1,500 revocations at concurrency 8 over loopback while two hooks
// are rewritten ~40 times (one by writing HOOKS_DIR directly — plain writes and atomic renames —
// the other through PUT /admin/hooks/:name), with broken versions in between, and a third hook is
// created and deleted. Every request must succeed (200, token revoked, the chain intact), nothing
// may answer 5xx, and the counters of the hooks that existed the whole time must add up to exactly
// the requests that reached them (a reload keeps a hook's counters).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient, createGrant, introspector, startServer, type Client, type Grant, type TestServer } from './helpers/server.js';

const REQUESTS = 1500;
const CONCURRENCY = 8;
const REWRITES = 40; // 20 through the directory, 20 through the admin API
const STABLE = ['a-stable', 'b-stable', 'c-churn-file', 'd-churn-put'];

interface HookView {
  name: string;
  status: string;
  hash: string | null;
  lastError: { message: string } | null;
  counters: { calls: number; revoked: number; skipped: number; errors: number; timeouts: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const fileVersion = (n: number) => `// churned through HOOKS_DIR, version ${n}\nfunction revoke(context) {\n  context.getResponseBuilder().header('X-File-Version', '${n}');\n  return true;\n}\n`;
const putVersion = (n: number) => `// churned through the admin API, version ${n}\nexport function revoke(context) {\n  context.getResponseBuilder().header('X-Put-Version', '${n}');\n  return true;\n}\n`;
// versions that must never become active (the previous good one keeps serving)
const BROKEN = [
  'function revoke(context) { return true;',
  'function init() { return false; }\nfunction revoke() { return true; }',
  "function init() { throw new Error('refusing to load'); }\nfunction revoke() { return true; }",
  'const notAHook = 1;',
  "import fs from 'node:fs';\nexport function revoke() { return !!fs; }",
];

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

describe('load with hook churn', () => {
  let s: TestServer;
  let client: Client;
  let introspect: (token: string) => Promise<Record<string, unknown>>;

  before(async () => {
    s = await startServer({
      env: { LOG_LEVEL: 'info' },
      hooks: {
        'a-stable.js': `function revoke(context) { context.getResponseBuilder().header('X-Stable', 'a'); context.getContextVariables().set('seen', ['a']); return true; }`,
        'a-stable.json': JSON.stringify({ order: 10 }),
        'b-stable.ts': `export function revoke(context: any): boolean {\n  const seen = context.getContextVariables().get('seen');\n  context.getResponseBuilder().header('X-Chain', Array.isArray(seen) ? seen.join(',') : 'none');\n  return true;\n}\n`,
        'b-stable.json': JSON.stringify({ order: 20 }),
        'c-churn-file.js': fileVersion(0),
        'c-churn-file.json': JSON.stringify({ order: 30 }),
        'd-churn-put.js': putVersion(0),
        'd-churn-put.json': JSON.stringify({ order: 40 }),
      },
    });
    client = await createClient(s, { client_name: 'load', scope: 'openid' });
    introspect = await introspector(s);
  });
  after(async () => {
    await s?.stop();
  });

  it(`${REQUESTS} revocations at concurrency ${CONCURRENCY} during ${REWRITES} rewrites: no failure, no 5xx, counters add up`, async () => {
    const started = Date.now();
    const grants: Grant[] = await pool(REQUESTS, CONCURRENCY, () => createGrant(s, { client_id: client.client_id, subject: 'load', scope: 'openid', refresh_token: false }));
    const hooksBefore = new Map(((await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] }).hooks.map((h) => [h.name, h]));
    for (const n of STABLE) assert.equal(hooksBefore.get(n)?.status, 'active', n);

    // ---- churn: rewrite i waits for i/(n+1) of the load, so the rewrites spread over all of it ----
    let completed = 0;
    let churning = true;
    let lastFileGood = 0;
    let lastPutGood = 0;
    let admin5xx = 0;
    const adminUnexpected: string[] = [];
    let rewrites = 0;
    let transientCreated = false;
    let transientDeleted = false;
    const churn = (async () => {
      const hooksDir = s.hooksDir;
      for (let i = 1; i <= REWRITES / 2; i++) {
        while (completed < (i * REQUESTS) / (REWRITES / 2 + 1)) await sleep(5);
        // through the directory: alternate plain writes and atomic temp+rename, broken every 3rd
        const broken = i % 3 === 0;
        const text = broken ? BROKEN[i % BROKEN.length]! : fileVersion(i);
        if (i % 2 === 0) {
          const tmp = path.join(hooksDir, `.c-churn-file.js.${i}.tmp`);
          fs.writeFileSync(tmp, text);
          fs.renameSync(tmp, path.join(hooksDir, 'c-churn-file.js'));
        } else {
          fs.writeFileSync(path.join(hooksDir, 'c-churn-file.js'), text);
        }
        if (i % 5 === 0 || i === 8) fs.writeFileSync(path.join(hooksDir, 'c-churn-file.json'), JSON.stringify({ order: 30, limits: { memoryMb: 32 + i, cpuMs: 100, wallMs: 1000 } }));
        if (i === 7) fs.writeFileSync(path.join(hooksDir, 'c-churn-file.json'), '{ "order": "thirty", "unknownKey": true }'); // a broken sidecar
        if (!broken) lastFileGood = i;
        rewrites++;

        // through the admin API: a good version, or a broken one that must be refused with 400
        const putBroken = i % 4 === 0;
        const r = await s.admin('PUT', '/hooks/d-churn-put', {
          source: putBroken ? BROKEN[i % BROKEN.length]! : putVersion(i),
          lang: 'js',
          sidecar: { order: 40, limits: { memoryMb: 32, cpuMs: 100 + i, wallMs: 1000 } },
        });
        const body = await r.text();
        if (r.status >= 500) admin5xx++;
        if (putBroken ? r.status !== 400 : r.status !== 200) adminUnexpected.push(`PUT v${i} (${putBroken ? 'broken' : 'good'}): ${r.status} ${body.slice(0, 200)}`);
        if (!putBroken) lastPutGood = i;
        rewrites++;

        // a hook that comes and goes (its counters vanish with it, so it is not counted)
        if (i === 4) {
          const c = await s.admin('PUT', '/hooks/e-transient', { source: 'function revoke() { return true; }', lang: 'js', sidecar: { order: 50 } });
          transientCreated = c.status === 201;
        }
        if (i === 14) transientDeleted = (await s.admin('DELETE', '/hooks/e-transient')).status === 200;
      }
      churning = false;
    })();

    // ---- load ----
    let during = 0;
    const failures: string[] = [];
    let fiveXx = 0;
    const seenFileVersions = new Set<string>();
    const seenPutVersions = new Set<string>();
    await pool(REQUESTS, CONCURRENCY, async (i) => {
      const g = grants[i]!;
      let r: Response;
      try {
        r = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
      } catch (e) {
        completed++;
        failures.push(`#${i}: ${(e as Error).message}`);
        return;
      }
      const body = await r.text();
      completed++;
      if (churning) during++;
      if (r.status >= 500) fiveXx++;
      if (r.status !== 200 || body !== '') failures.push(`#${i}: ${r.status} ${body.slice(0, 200)}`);
      else if (r.headers.get('x-stable') !== 'a' || r.headers.get('x-chain') !== 'a') failures.push(`#${i}: chain headers ${r.headers.get('x-stable')} ${r.headers.get('x-chain')}`);
      else if (r.headers.get('cache-control') !== 'no-store') failures.push(`#${i}: cache-control`);
      const fv = r.headers.get('x-file-version');
      const pv = r.headers.get('x-put-version');
      if (fv === null || pv === null) failures.push(`#${i}: a churned hook did not run (${fv}, ${pv})`);
      else {
        seenFileVersions.add(fv);
        seenPutVersions.add(pv);
      }
    });
    await churn;
    const loadDone = Date.now();

    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failed requests`);
    assert.equal(fiveXx, 0, '5xx answers');
    assert.equal(admin5xx, 0, '5xx from the admin API');
    assert.deepEqual(adminUnexpected, []);
    assert.equal(rewrites, REWRITES);
    assert.ok(transientCreated && transientDeleted, 'the transient hook came and went');

    // the last good versions end up active (the broken ones never did)
    const want = { file: String(lastFileGood), put: String(lastPutGood) };
    let last: Response | null = null;
    for (let i = 0; i < 100; i++) {
      const g = await createGrant(s, { client_id: client.client_id, subject: 'probe', refresh_token: false });
      last = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
      await last.text();
      assert.equal(last.status, 200);
      if (last.headers.get('x-file-version') === want.file && last.headers.get('x-put-version') === want.put) break;
      await sleep(100);
    }
    assert.equal(last!.headers.get('x-file-version'), want.file, 'latest good file version active');
    assert.equal(last!.headers.get('x-put-version'), want.put, 'latest good uploaded version active');

    // every token really was revoked
    const stillActive = (await pool(REQUESTS, CONCURRENCY, async (i) => (await introspect(grants[i]!.access_token)).active)).filter((a) => a !== false).length;
    assert.equal(stillActive, 0, 'tokens left active');

    // counters: a reload keeps them, so each hook that existed the whole time counted every request
    const hooksAfter = ((await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] }).hooks;
    const byName = new Map(hooksAfter.map((h) => [h.name, h]));
    assert.equal(byName.has('e-transient'), false);
    const probeCalls = byName.get('a-stable')!.counters.calls - hooksBefore.get('a-stable')!.counters.calls - REQUESTS;
    assert.ok(probeCalls >= 1 && probeCalls <= 100, `probe requests counted: ${probeCalls}`);
    const reached = REQUESTS + probeCalls;
    let sum = 0;
    for (const n of STABLE) {
      const b = hooksBefore.get(n)!.counters;
      const a = byName.get(n)!.counters;
      const calls = a.calls - b.calls;
      sum += calls;
      assert.equal(calls, reached, `${n}: calls ${calls} for ${reached} revocations`);
      assert.equal(a.revoked - b.revoked, reached, `${n}: revoked`);
      assert.equal(a.errors - b.errors, 0, `${n}: errors`);
      assert.equal(a.skipped - b.skipped, 0, `${n}: skipped`);
      assert.equal(byName.get(n)!.status, 'active');
    }
    assert.equal(sum, STABLE.length * reached);
    const took = (loadDone - started) / 1000;
    console.log(
      `churn: ${REQUESTS} revocations (+${probeCalls} probes) at concurrency ${CONCURRENCY}, ${during} of them while ${rewrites} rewrites ran ` +
        `(${REWRITES / 2} via HOOKS_DIR, ${REWRITES / 2} via PUT; file versions seen ${seenFileVersions.size}, uploaded versions seen ${seenPutVersions.size}); ` +
        `0 failed, 0 5xx; counters: ${STABLE.map((n) => `${n}=${byName.get(n)!.counters.calls - hooksBefore.get(n)!.counters.calls}`).join(', ')} (sum ${sum}); load phase ${took.toFixed(1)} s`,
    );
    assert.ok(took < 60, `bounded: ${took.toFixed(1)} s`);
  });
});
