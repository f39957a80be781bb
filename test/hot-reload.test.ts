// Hot reload over a real watched HOOKS_DIR of a running server: every way an admin or an editor
// saves a file (plain write, temp file + rename, vim's backup dance, bursts of saves, broken saves,
// unlink, renames, sidecar edits, files that are not hooks) must end in the right version serving,
// observed over HTTP only. Plus a load test: revocations never fail while the hook is rewritten.
//
// No timing is asserted: every wait is a bounded poll for a condition.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient, createGrant, startServer, type Client, type TestServer, sleep, waitFor } from './helpers/server.js';



/** the runtime's version id: sha256(lang \0 source \0 sidecar) */
const versionHash = (lang: 'js' | 'ts', source: string, sidecar: string | null = null) =>
  createHash('sha256').update(`${lang}\0${source}\0${sidecar ?? ''}`).digest('hex');

/** a hook that stamps `X-Hook-<its own name>: <version>` and revokes */
const stamp = (version: string, lang: 'js' | 'ts' = 'ts') =>
  lang === 'ts'
    ? `// version ${version}\nfunction revoke(context: RevokeContext): boolean {\n  context.getResponseBuilder().header('X-Hook-' + context.getScript().getName(), '${version}');\n  return true;\n}\n`
    : `// version ${version}\nfunction revoke(context) {\n  context.getResponseBuilder().header('X-Hook-' + context.getScript().getName(), '${version}');\n  return true;\n}\n`;

/** appends its name to a shared `X-Order` header, to see the chain order */
const orderHook = () => `function revoke(context) {\n  context.getResponseBuilder().header('X-Order', context.getScript().getName());\n  return true;\n}\n`;

// a syntax error on line 3
const BROKEN = `// broken on purpose\nfunction revoke(context: RevokeContext): boolean {\n  return (true;\n}\n`;

interface HookView {
  name: string;
  status: string;
  hash: string | null;
  enabled: boolean;
  order: number;
  lastError: { message: string; file: string; line: number | null; column: number | null } | null;
  counters: { calls: number; revoked: number; skipped: number; errors: number; timeouts: number };
}

describe('hot reload over a watched directory', () => {
  let s: TestServer;
  let client: Client;
  const file = (f: string) => path.join(s.hooksDir, f);

  /** revokes a fresh live token; returns the response (body consumed) */
  async function probe(): Promise<Response> {
    const g = await createGrant(s, { client_id: client.client_id });
    const r = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
    await r.arrayBuffer();
    return r;
  }
  const header = async (name: string) => (await probe()).headers.get(`x-hook-${name}`);
  const waitHeader = (name: string, want: string | null) =>
    waitFor(`X-Hook-${name}: ${want}`, async () => ((await header(name)) === want ? true : null));
  async function hook(name: string): Promise<HookView | null> {
    const r = await s.admin('GET', `/hooks/${name}`);
    if (r.status === 404) return null;
    assert.equal(r.status, 200);
    return (await r.json()) as HookView;
  }
  async function list(): Promise<HookView[]> {
    const r = await s.admin('GET', '/hooks');
    assert.equal(r.status, 200);
    return ((await r.json()) as { hooks: HookView[] }).hooks;
  }
  /** server log lines about one hook with one message */
  const logCount = (hookName: string, msg: string) => s.logs.filter((l) => l.hook === hookName && l.msg === msg).length;
  /** give the watcher time to deliver anything still pending (chokidar holds unlinks 100 ms, we debounce 60 ms) */
  const settle = () => sleep(400);
  async function cleanup(...names: string[]) {
    for (const n of names) for (const ext of ['ts', 'js', 'json']) fs.rmSync(file(`${n}.${ext}`), { force: true });
    await waitFor(`${names.join(', ')} removed`, async () => {
      const l = await list();
      return names.every((n) => !l.some((h) => h.name === n));
    });
  }

  before(async () => {
    s = await startServer({ hooks: { 'x.ts': stamp('1') } });
    client = await createClient(s);
  });
  after(async () => {
    assert.equal(await s.stop(), 0, `server exit: signal ${s.proc.signalCode}; stderr: ${s.stderr()}`);
  });

  test('/readyz is ready and the initial hook serves', async () => {
    const r = await fetch(`${s.url}/readyz`);
    assert.equal(r.status, 200);
    assert.equal(await header('x'), '1');
    const h = await hook('x');
    assert.equal(h?.hash, versionHash('ts', stamp('1')));
  });

  test('plain write', async () => {
    fs.writeFileSync(file('x.ts'), stamp('2'));
    await waitHeader('x', '2');
    assert.equal((await hook('x'))?.hash, versionHash('ts', stamp('2')));
  });

  test('temp file + rename over the target: exactly one reload', async () => {
    const before = logCount('x', 'hook reloaded');
    const tmp = file('.x.ts.4f2a.tmp');
    fs.writeFileSync(tmp, stamp('3'));
    fs.renameSync(tmp, file('x.ts'));
    await waitHeader('x', '3');
    await settle();
    assert.equal(logCount('x', 'hook reloaded') - before, 1);
    assert.equal(logCount('x', 'hook loaded'), 1, 'never removed and re-added');
    assert.equal((await hook('x'))?.status, 'active');
  });

  test('vim-style save: original renamed to x.ts~, new x.ts written, backup unlinked', async () => {
    const before = logCount('x', 'hook reloaded');
    fs.renameSync(file('x.ts'), file('x.ts~'));
    fs.writeFileSync(file('x.ts'), stamp('4'));
    fs.unlinkSync(file('x.ts~'));
    await waitHeader('x', '4');
    await settle();
    assert.equal(logCount('x', 'hook reloaded') - before, 1);
    assert.equal(logCount('x', 'hook loaded'), 1, 'never removed and re-added');
    assert.equal(await header('x'), '4');
  });

  test('rapid successive saves: only the last content serves', async () => {
    for (let i = 10; i <= 29; i++) {
      if (i % 3 === 0) {
        const tmp = file(`.x.ts.${i}.tmp`);
        fs.writeFileSync(tmp, stamp(String(i)));
        fs.renameSync(tmp, file('x.ts'));
      } else fs.writeFileSync(file('x.ts'), stamp(String(i)));
      if (i % 5 === 0) await sleep(15);
    }
    const want = versionHash('ts', stamp('29'));
    await waitFor('hash of the last save', async () => (await hook('x'))?.hash === want);
    await settle();
    assert.equal((await hook('x'))?.hash, want);
    assert.equal(await header('x'), '29');
    assert.equal((await hook('x'))?.lastError, null);
  });

  test('syntax error: the last good version keeps serving, the error has file and line, logged once', async () => {
    const good = (await hook('x'))!.hash;
    const failed = (n: string) => logCount(n, 'hook reload failed; keeping the previous version');
    const before = failed('x');
    fs.writeFileSync(file('x.ts'), BROKEN);
    const h = await waitFor('lastError on x', async () => {
      const v = await hook('x');
      return v?.lastError ? v : null;
    });
    assert.equal(h.status, 'active');
    assert.equal(h.hash, good);
    assert.equal(h.lastError!.file, 'x.ts');
    assert.equal(h.lastError!.line, 3);
    assert.equal(typeof h.lastError!.column, 'number');
    assert.match(h.lastError!.message, /x\.ts:3/);
    assert.equal(await header('x'), '29');
    await settle();
    assert.equal(failed('x') - before, 1, 'the failure is logged once');
    // touching the broken file again (same content) changes nothing and logs nothing
    fs.writeFileSync(file('x.ts'), BROKEN);
    await settle();
    assert.equal(failed('x') - before, 1);
    // a good save clears the error
    fs.writeFileSync(file('x.ts'), stamp('30'));
    await waitHeader('x', '30');
    assert.equal((await hook('x'))?.lastError, null);
  });

  test('a hook that is broken from the start: status error, not in the chain; fixing it loads it', async () => {
    fs.writeFileSync(file('y.ts'), BROKEN);
    const h = await waitFor('y listed with an error', async () => {
      const v = await hook('y');
      return v?.lastError ? v : null;
    });
    assert.equal(h.status, 'error');
    assert.equal(h.lastError?.line, 3);
    assert.equal(await header('y'), null);
    fs.writeFileSync(file('y.ts'), stamp('1'));
    await waitHeader('y', '1');
    await cleanup('y');
  });

  test('non-hook files change nothing: notes.txt, .x.ts.swp, x.ts~, a temp file, a subdirectory', async () => {
    const h0 = (await hook('x'))!;
    const lines = s.logs.length;
    fs.writeFileSync(file('notes.txt'), 'function revoke() { return false; }\n');
    fs.writeFileSync(file('.x.ts.swp'), 'swap');
    fs.writeFileSync(file('x.ts~'), stamp('backup'));
    fs.writeFileSync(file('.x.ts.abc.tmp'), stamp('tmp'));
    fs.writeFileSync(file('4913'), ''); // vim's writability probe
    fs.mkdirSync(file('sub.ts'));
    fs.writeFileSync(file('sub.ts/z.ts'), stamp('sub'));
    await settle();
    fs.appendFileSync(file('notes.txt'), 'more\n');
    fs.unlinkSync(file('.x.ts.swp'));
    await settle();
    const h1 = (await hook('x'))!;
    assert.equal(h1.hash, h0.hash);
    assert.deepEqual((await list()).map((h) => h.name).sort(), ['x']);
    assert.equal(await header('x'), '30');
    const hookLines = s.logs.slice(lines).filter((l) => typeof l.hook === 'string' && l.hook !== 'x');
    assert.deepEqual(hookLines, [], 'no log line about any other hook');
    assert.equal(s.logs.slice(lines).filter((l) => l.hook === 'x' && /hook (re)?loaded|reload failed/.test(String(l.msg))).length, 0);
    for (const f of ['notes.txt', 'x.ts~', '.x.ts.abc.tmp', '4913']) fs.rmSync(file(f));
    fs.rmSync(file('sub.ts'), { recursive: true });
  });

  test('unlink: the hook is gone from the list (after destroy) and no longer affects /revoke', async () => {
    fs.writeFileSync(file('gone.js'), `function revoke(context) {\n  context.getResponseBuilder().header('X-Hook-gone', 'here');\n  return false;\n}\nfunction destroy() { console.log('destroyed'); }\n`);
    await waitHeader('gone', 'here');
    // while it exists it vetoes: the token stays live
    const g = await createGrant(s, { client_id: client.client_id });
    const r1 = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('x-hook-gone'), 'here');
    fs.unlinkSync(file('gone.js'));
    await waitFor('gone removed from the list', async () => !(await list()).some((h) => h.name === 'gone'));
    assert.equal(await hook('gone'), null);
    await waitFor('destroy() ran', async () => {
      const logs = (await (await s.admin('GET', '/hooks/gone/logs')).json()) as { logs: Array<{ message: string }> };
      return logs.logs.some((l) => l.message === 'destroyed');
    });
    // the same token is now revoked (no veto), and no header
    const r2 = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
    assert.equal(r2.status, 200);
    assert.equal(r2.headers.get('x-hook-gone'), null);
    const rs = await createClient(s);
    const intro = await s.form('/introspect', { token: g.access_token }, { basic: [rs.client_id, rs.client_secret!] });
    assert.deepEqual(await intro.json(), { active: false });
  });

  test('sidecar: enabled:false disables, enabled:true re-enables', async () => {
    fs.writeFileSync(file('x.json'), JSON.stringify({ enabled: false }));
    await waitHeader('x', null);
    assert.equal((await hook('x'))?.status, 'disabled');
    fs.writeFileSync(file('x.json'), JSON.stringify({ enabled: true, configurationAttributes: { a: { value1: '1' } } }));
    await waitHeader('x', '30');
    assert.equal((await hook('x'))?.status, 'active');
    fs.unlinkSync(file('x.json'));
    await waitFor('x without sidecar', async () => (await hook('x'))?.hash === versionHash('ts', stamp('30')));
  });

  test('sidecar: an order change reorders the chain; a bad sidecar keeps the last good one', async () => {
    fs.writeFileSync(file('p.js'), orderHook());
    fs.writeFileSync(file('q.js'), orderHook());
    const order = async () => (await probe()).headers.get('x-order');
    await waitFor('p, q', async () => (await order()) === 'p, q');
    fs.writeFileSync(file('q.json'), JSON.stringify({ order: 1 }));
    await waitFor('q, p', async () => (await order()) === 'q, p');
    assert.equal((await hook('q'))?.order, 1);
    fs.writeFileSync(file('q.json'), JSON.stringify({ ordre: 500 }));
    const q = await waitFor('q sidecar error', async () => {
      const v = await hook('q');
      return v?.lastError ? v : null;
    });
    assert.equal(q.lastError!.file, 'q.json');
    assert.match(q.lastError!.message, /ordre/);
    assert.equal(q.order, 1);
    assert.equal(await order(), 'q, p');
    await cleanup('p', 'q');
  });

  test('a request already running finishes on the old version; the old isolate is destroyed after it', async () => {
    // v1 busy-waits long enough for a reload to complete meanwhile; v2 is quick
    const slow = (v: string, busyMs: number) =>
      `function revoke(context) {\n  console.log('start ${v}');\n  const end = Date.now() + ${busyMs};\n  while (Date.now() < end) {}\n  context.getResponseBuilder().header('X-Hook-slow', '${v}');\n  console.log('end ${v}');\n  return true;\n}\nfunction destroy() { console.log('destroyed ${v}'); }\n`;
    fs.writeFileSync(file('slow.json'), JSON.stringify({ limits: { cpuMs: 10_000, wallMs: 15_000 } }));
    fs.writeFileSync(file('slow.js'), slow('s1', 0));
    await waitHeader('slow', 's1');
    fs.writeFileSync(file('slow.js'), slow('s2', 3000));
    await waitFor('s2 loaded', async () => (await hook('slow'))?.hash === versionHash('js', slow('s2', 3000), fs.readFileSync(file('slow.json'), 'utf8')));
    const idx = (msg: string) => s.logs.findIndex((l) => l.hook === 'slow' && l.msg === `hook log: ${msg}`);
    let inflightDone = false;
    const inflight = probe().then((r) => {
      inflightDone = true;
      return r;
    });
    await waitFor('the slow call started', () => idx('start s2') >= 0);
    fs.writeFileSync(file('slow.js'), slow('s3', 0));
    // (a probe before the swap would queue behind the running call in the same isolate)
    await waitFor('s3 loaded', async () => (await hook('slow'))?.hash === versionHash('js', slow('s3', 0), fs.readFileSync(file('slow.json'), 'utf8')));
    assert.equal(await header('slow'), 's3');
    assert.equal(inflightDone, false, 'the new version served while the old call was still running');
    assert.equal(idx('destroyed s2'), -1, 'the old version is not destroyed while a call runs in it');
    const r = await inflight;
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-hook-slow'), 's2', 'the running call finished on its version');
    await waitFor('s2 destroyed', () => idx('destroyed s2') >= 0);
    assert.ok(idx('destroyed s2') > idx('end s2'), 'destroy() after the last call ended');
    assert.ok(idx('destroyed s1') >= 0);
    assert.equal(idx('destroyed s3'), -1);
    await cleanup('slow');
    await waitFor('s3 destroyed on unlink', () => idx('destroyed s3') >= 0);
  });

  test('rename a → b: a is gone, b serves', async () => {
    fs.writeFileSync(file('a.ts'), stamp('r1'));
    await waitHeader('a', 'r1');
    fs.renameSync(file('a.ts'), file('b.ts'));
    await waitHeader('b', 'r1');
    await waitFor('a gone', async () => !(await list()).some((h) => h.name === 'a'));
    assert.equal(await header('a'), null);
    assert.deepEqual((await list()).map((h) => h.name).sort(), ['b', 'x']);
    // and a language switch by rename: b.ts → b.js
    fs.writeFileSync(file('b.ts'), stamp('r2', 'js'));
    fs.renameSync(file('b.ts'), file('b.js'));
    await waitFor('b.js serving', async () => (await hook('b'))?.hash === versionHash('js', stamp('r2', 'js')));
    assert.equal(await header('b'), 'r2');
    await cleanup('b');
  });
});

describe('readiness', () => {
  test('/readyz is 503 until the initial load of every hook completed; requests meanwhile wait for the chain', { timeout: 60_000 }, async () => {
    const slowInit = `function init() {\n  const end = Date.now() + 2500;\n  while (Date.now() < end) {}\n  return true;\n}\n${stamp('i1', 'js')}`;
    const s = await startServer({
      waitReady: false,
      hooks: { 'quick.ts': stamp('q1'), 'slowinit.js': slowInit, 'slowinit.json': JSON.stringify({ limits: { cpuMs: 20_000, wallMs: 25_000 } }), 'bad.ts': BROKEN },
    });
    try {
      const states: number[] = [];
      let early: Promise<Response> | null = null;
      await waitFor('ready', async () => {
        const r = await fetch(`${s.url}/readyz`);
        const body = (await r.json()) as { hooks: boolean };
        states.push(r.status);
        if (r.status === 503) {
          assert.equal(body.hooks, false);
          if (!early) {
            // a revocation during the initial load is answered with the complete chain
            const client = await createClient(s);
            const g = await createGrant(s, { client_id: client.client_id });
            early = s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
          }
          return false;
        }
        assert.equal(r.status, 200);
        // ready means every hook finished loading (the broken one with its error)
        const hooks = ((await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] }).hooks;
        assert.deepEqual(hooks.map((h) => [h.name, h.status]).sort(), [['bad', 'error'], ['quick', 'active'], ['slowinit', 'active']]);
        assert.equal(hooks.find((h) => h.name === 'bad')!.lastError?.line, 3);
        return true;
      }, 30_000);
      assert.ok(states[0] === 503, `not ready while a hook's init() still runs (${states.join(',')})`);
      const r = await early!;
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-hook-quick'), 'q1');
      assert.equal(r.headers.get('x-hook-slowinit'), 'i1');
    } finally {
      assert.equal(await s.stop(), 0, `server exit: signal ${s.proc.signalCode}; stderr: ${s.stderr()}`);
    }
  });
});

describe('load: revocations while the hook is rewritten', () => {
  test('zero failures, every response carries a written version, counters add up', { timeout: 85_000 }, async () => {
    const s = await startServer({ hooks: { 'load.ts': stamp('v0') } });
    try {
      const client = await createClient(s);
      const file = path.join(s.hooksDir, 'load.ts');

      // tokens minted beforehand: every revocation presents a fresh live token
      const mintStart = Date.now();
      const TOKENS = 1500;
      const tokens: string[] = [];
      for (let i = 0; i < TOKENS; i += 25) {
        const batch = await Promise.all(Array.from({ length: Math.min(25, TOKENS - i) }, () => createGrant(s, { client_id: client.client_id, refresh_token: false })));
        tokens.push(...batch.map((g) => g.access_token));
      }

      const mintMs = Date.now() - mintStart;
      const REWRITES = 30;
      const BROKEN_AT = 15;
      const written = new Set(['v0']);
      let writing = true;
      const results: Array<{ status: number; version: string | null }> = [];
      let next = 0;
      const worker = async () => {
        // one token stays in reserve for the check after the rewrites; a fast machine may use up the
        // rest before the rewrites end, which only shortens the overlap (versions seen is checked)
        while ((writing || results.length < 50) && next < tokens.length - 1) {
          const token = tokens[next++]!;
          const r = await s.form('/revoke', { token }, { basic: [client.client_id, client.client_secret!] });
          await r.arrayBuffer();
          results.push({ status: r.status, version: r.headers.get('x-hook-load') });
          await sleep(4);
        }
      };
      const workers = Array.from({ length: 3 }, worker);

      const t0 = Date.now();
      for (let i = 1; i <= REWRITES; i++) {
        const content = i === BROKEN_AT ? BROKEN : stamp(`v${i}`);
        if (i !== BROKEN_AT) written.add(`v${i}`);
        switch (i % 3) {
          case 0: {
            const tmp = path.join(s.hooksDir, `.load.ts.${i}.tmp`);
            fs.writeFileSync(tmp, content);
            fs.renameSync(tmp, file);
            break;
          }
          case 1:
            fs.writeFileSync(file, content);
            break;
          default:
            fs.renameSync(file, `${file}~`);
            fs.writeFileSync(file, content);
            fs.unlinkSync(`${file}~`);
        }
        // some saves in bursts, most spaced out enough for each to load
        await sleep(i % 4 === 0 ? 5 : 120);
      }
      const last = `v${REWRITES}`;
      // the last good version must end up serving
      const h = await waitFor(`${last} serving`, async () => {
        const r = await s.admin('GET', '/hooks/load');
        const v = (await r.json()) as HookView;
        return v.hash === versionHash('ts', stamp(last)) ? v : null;
      });
      const writeMs = Date.now() - t0;
      writing = false;
      await Promise.all(workers);

      const failed = results.filter((r) => r.status !== 200);
      assert.deepEqual(failed, [], 'no failed or 5xx response');
      const foreign = results.filter((r) => r.version === null || !written.has(r.version));
      assert.deepEqual(foreign.slice(0, 5), [], `every response carries a written version (${foreign.length} did not)`);
      const versions = new Set(results.map((r) => r.version));
      assert.ok(versions.size >= 3, `saw several versions while rewriting: ${[...versions].join(' ')}`);

      // after the writes, the last good version serves
      const tail = await s.form('/revoke', { token: tokens[next++]! }, { basic: [client.client_id, client.client_secret!] });
      assert.equal(tail.headers.get('x-hook-load'), last);

      // counters: every revocation reached the hook exactly once
      const reached = results.length + 1;
      const listed = ((await (await s.admin('GET', '/hooks')).json()) as { hooks: HookView[] }).hooks.find((x) => x.name === 'load')!;
      assert.equal(listed.counters.calls, reached);
      assert.equal(listed.counters.revoked, reached);
      assert.equal(listed.counters.errors, 0);
      assert.equal(h.status, 'active');
      // the broken save was seen (it may have been overwritten before the debounce fired; then not)
      const failedReloads = s.logs.filter((l) => l.hook === 'load' && l.msg === 'hook reload failed; keeping the previous version').length;
      assert.ok(failedReloads <= 1, `broken save logged at most once (${failedReloads})`);
      // informational
      console.log(`load: minted ${TOKENS} tokens in ${mintMs} ms; ${results.length} revocations during ${writeMs} ms of rewrites; versions seen: ${versions.size}; broken reload logged ${failedReloads}×`);
    } finally {
      assert.equal(await s.stop(), 0, `server exit: signal ${s.proc.signalCode}; stderr: ${s.stderr()}`);
    }
  });
});
