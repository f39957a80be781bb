// The hook admin API over real HTTP against a running server with a real HOOKS_DIR: upload
// (validated and compiled before anything is written), names, size limit, delete, dry-run tests,
// version history and rollback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createClient, createGrant, introspector, startServer, type Client, type TestServer, sleep, waitFor } from './helpers/server.js';


// say why a request failed ("fetch failed" alone hides the socket error)
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  try {
    return await realFetch(input, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${init?.method ?? 'GET'} ${String(input)} failed: ${cause?.code ?? ''} ${cause?.message ?? String(e)}`, { cause: e });
  }
}) as typeof fetch;


/** stamps `X-Hook-<name>: <version>`; optionally logs and vetoes (valid JS and TS) */
const stamp = (version: string, opts: { veto?: boolean } = {}) =>
  `// ${version}\nfunction revoke(context) {\n  console.log('running ${version}');\n  context.getResponseBuilder().header('X-Hook-' + context.getScript().getName(), '${version}');\n  return ${opts.veto ? 'false' : 'true'};\n}\n`;

interface Installed {
  name: string;
  version: string;
  versionId: number | null;
  status: { status: string; hash: string; lastError: unknown };
}
interface InvalidHook {
  error: string;
  message: string;
  file: string;
  line: number | null;
  column: number | null;
}
interface Version {
  id: number;
  hook: string;
  hash: string;
  origin: 'file' | 'upload' | 'rollback';
  activatedAt: string;
}

/** an HTTP request with the path sent exactly as given (fetch would normalise "..", "%2e%2e") */
function rawRequest(s: TestServer, method: string, rawPath: string, body?: string, type = 'application/json'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: s.port, method, path: rawPath, headers: { authorization: `Bearer ${s.adminToken}`, ...(body !== undefined && { 'content-type': type, 'content-length': Buffer.byteLength(body) }) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('hook admin API', () => {
  let s: TestServer;
  let client: Client;
  let introspect: (token: string) => Promise<Record<string, unknown>>;

  const dirListing = () => fs.readdirSync(s.hooksDir).sort();
  async function put(name: string, body: unknown, query = ''): Promise<Response> {
    return s.admin('PUT', `/hooks/${name}${query}`, body);
  }
  function putRaw(name: string, source: string, type: string, query = ''): Promise<Response> {
    return fetch(`${s.url}/admin/hooks/${name}${query}`, { method: 'PUT', headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': type }, body: source });
  }
  async function revokeFresh(): Promise<{ res: Response; token: string }> {
    const g = await createGrant(s, { client_id: client.client_id });
    const res = await s.form('/revoke', { token: g.access_token }, { basic: [client.client_id, client.client_secret!] });
    await res.arrayBuffer();
    return { res, token: g.access_token };
  }
  const header = async (name: string) => (await revokeFresh()).res.headers.get(`x-hook-${name}`);
  async function versions(name: string): Promise<Version[]> {
    const r = await s.admin('GET', `/hooks/${name}/versions`);
    assert.equal(r.status, 200);
    return ((await r.json()) as { versions: Version[] }).versions;
  }
  async function expectInvalid(r: Response, line: number | null): Promise<InvalidHook> {
    const body = (await r.json()) as InvalidHook;
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(body.error, 'invalid_hook');
    assert.equal(typeof body.message, 'string');
    assert.ok('line' in body && 'column' in body, JSON.stringify(body));
    assert.equal(body.line, line, JSON.stringify(body));
    if (line !== null) assert.equal(typeof body.column, 'number');
    return body;
  }

  before(async () => {
    s = await startServer({ hooks: { 'filed.ts': stamp('f1') } });
    client = await createClient(s);
    introspect = await introspector(s);
  });
  after(async () => {
    assert.equal(await s.stop(), 0, `server exit: signal ${s.proc.signalCode}; stopped logged: ${s.logs.some((l) => l.msg === 'stopped')}; last log: ${JSON.stringify(s.logs.at(-1))}; stderr: ${s.stderr()}`);
  });

  test('the admin API requires the bearer token', async () => {
    const r = await fetch(`${s.url}/admin/hooks`);
    assert.equal(r.status, 401);
    const w = await fetch(`${s.url}/admin/hooks/nope`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: stamp('x') }) });
    assert.equal(w.status, 401);
    assert.ok(!fs.existsSync(path.join(s.hooksDir, 'nope.js')));
  });

  test('PUT JSON: 201 for a new hook, serving as soon as the answer arrives; 200 for an update', async () => {
    const r1 = await put('up', { source: stamp('u1'), lang: 'ts' });
    assert.equal(r1.status, 201);
    const b1 = (await r1.json()) as Installed;
    assert.equal(b1.name, 'up');
    assert.match(b1.version, /^[0-9a-f]{64}$/);
    assert.equal(typeof b1.versionId, 'number');
    assert.equal(b1.status.status, 'active');
    assert.equal(await header('up'), 'u1'); // no polling: it serves already
    assert.equal(fs.readFileSync(path.join(s.hooksDir, 'up.ts'), 'utf8'), stamp('u1'));

    const r2 = await put('up', { source: stamp('u2'), lang: 'ts', sidecar: { order: 5, configurationAttributes: { k: { value1: 'v' } } } });
    assert.equal(r2.status, 200);
    const b2 = (await r2.json()) as Installed;
    assert.notEqual(b2.version, b1.version);
    assert.ok(b2.versionId! > b1.versionId!);
    assert.equal(await header('up'), 'u2');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(s.hooksDir, 'up.json'), 'utf8')), { order: 5, configurationAttributes: { k: { value1: 'v' } } });
    // no temp files left behind
    assert.deepEqual(dirListing().filter((f) => f.startsWith('.')), []);
  });

  test('PUT raw source with a TypeScript / JavaScript content type, ?lang=', async () => {
    const r1 = await putRaw('raw', stamp('r1'), 'application/typescript');
    assert.equal(r1.status, 201, await r1.clone().text());
    assert.equal(await header('raw'), 'r1');
    assert.ok(fs.existsSync(path.join(s.hooksDir, 'raw.ts')));
    const r2 = await putRaw('raw', stamp('r2'), 'text/plain; charset=utf-8', '?lang=ts');
    assert.equal(r2.status, 200);
    assert.equal(await header('raw'), 'r2');
    // switching language replaces the file: never both raw.ts and raw.js
    const js = `function revoke(context) {\n  context.getResponseBuilder().header('X-Hook-raw', 'r3');\n  return true;\n}\n`;
    const r3 = await putRaw('raw', js, 'application/javascript');
    assert.equal(r3.status, 200);
    assert.equal(await header('raw'), 'r3');
    assert.deepEqual(dirListing().filter((f) => f.startsWith('raw.')), ['raw.js']);
    const r4 = await putRaw('raw', js, 'image/png');
    assert.equal(r4.status, 415);
  });

  test('a TypeScript type error is not an upload error (only syntax is)', async () => {
    const src = `function revoke(context: RevokeContext): boolean {\n  const n: number = 'not a number';\n  context.getResponseBuilder().header('X-Hook-typed', String(n));\n  return true;\n}\n`;
    const r = await put('typed', { source: src, lang: 'ts' });
    assert.equal(r.status, 201, await r.clone().text());
    assert.equal(await header('typed'), 'not a number');
  });

  test('broken uploads: 400 {error, message, line, column}, nothing written, the previous version still serving', async () => {
    const listing = dirListing();
    const before = fs.readFileSync(path.join(s.hooksDir, 'up.ts'), 'utf8');
    const cases: Array<[string, unknown, number | null, RegExp]> = [
      ['syntax error', { source: '// x\n\nfunction revoke(context) {\n  return (true;\n}\n' }, 4, /SyntaxError/],
      ['V8-only syntax error', { source: 'function revoke(context) {\n  let a = 1;\n  let a = 2;\n  return true;\n}\n' }, 3, /already been declared/],
      ['an import', { source: "// imports are not allowed\nimport fs from 'node:fs';\nexport function revoke() { return fs !== null; }\n", lang: 'ts' }, 2, /import|require/i],
      ['init returning false', { source: 'function init() { return false; }\nfunction revoke() { return true; }\n' }, null, /init\(\) returned false/],
      ['init throwing', { source: 'function init() {\n  throw new Error("no config");\n}\nfunction revoke() { return true; }\n' }, 2, /no config/],
      ['no revoke()', { source: 'function revok() { return true; }\n' }, null, /revoke/],
      ['a bad sidecar (unknown key)', { source: stamp('bad'), lang: 'ts', sidecar: { ordre: 1 } }, null, /ordre/],
      ['a bad sidecar (limit too high)', { source: stamp('bad'), lang: 'ts', sidecar: { limits: { memoryMb: 100000 } } }, null, /memoryMb/],
    ];
    for (const [what, body, line, msg] of cases) {
      for (const name of ['up', 'fresh']) {
        const b = await expectInvalid(await put(name, body), line);
        assert.match(b.message, msg, `${what}: ${b.message}`);
      }
    }
    // raw content type too
    await expectInvalid(await putRaw('up', 'function revoke() {\n  return (true;\n}\n', 'application/javascript'), 2);
    await expectInvalid(await putRaw('up', 'function revoke() {\n  return (true;\n}\n', 'application/typescript'), 2);
    assert.deepEqual(dirListing(), listing, 'nothing written');
    assert.equal(fs.readFileSync(path.join(s.hooksDir, 'up.ts'), 'utf8'), before);
    assert.equal(await header('up'), 'u2');
    assert.equal((await s.admin('GET', '/hooks/fresh')).status, 404);
    const up = (await (await s.admin('GET', '/hooks/up')).json()) as { lastError: unknown; status: string };
    assert.equal(up.status, 'active');
    assert.equal(up.lastError, null, 'a refused upload leaves no trace on the installed hook');
  });

  test('request validation: bad JSON, unknown fields, empty source, bad lang', async () => {
    const listing = dirListing();
    assert.equal((await put('v', { source: stamp('x'), extra: 1 })).status, 400);
    assert.equal((await put('v', { source: '' })).status, 400);
    assert.equal((await put('v', { source: stamp('x'), lang: 'py' })).status, 400);
    assert.equal((await put('v', { source: stamp('x') }, '?lang=py')).status, 400);
    assert.equal((await rawRequest(s, 'PUT', '/admin/hooks/v', '{not json')).status, 400);
    assert.equal((await putRaw('v', '', 'application/javascript')).status, 400);
    assert.deepEqual(dirListing(), listing);
  });

  test('names: traversal, separators, NUL, too long → 400/404, nothing written outside HOOKS_DIR', async () => {
    const parent = path.dirname(s.hooksDir);
    const parentListing = fs.readdirSync(parent).sort();
    const listing = dirListing();
    const body = JSON.stringify({ source: stamp('evil') });
    const paths = [
      '/admin/hooks/..',
      '/admin/hooks/%2e%2e',
      '/admin/hooks/%2E%2E',
      '/admin/hooks/..%2Fevil',
      '/admin/hooks/%2e%2e%2fevil',
      '/admin/hooks/a%2Fb',
      '/admin/hooks/a%5Cb',
      '/admin/hooks/evil%00',
      '/admin/hooks/%00',
      `/admin/hooks/${'a'.repeat(65)}`,
      '/admin/hooks/.hidden',
      '/admin/hooks/-dash',
      '/admin/hooks/a.b',
      '/admin/hooks/a%20b',
      '/admin/hooks/%C3%A9',
    ];
    for (const p of paths) {
      for (const method of ['PUT', 'DELETE', 'GET']) {
        const r = await rawRequest(s, method, p, method === 'PUT' ? body : undefined);
        assert.ok(r.status === 400 || r.status === 404, `${method} ${p} → ${r.status} ${r.body}`);
      }
      const t = await rawRequest(s, 'POST', `${p}/test`, JSON.stringify({ source: stamp('evil') }));
      assert.ok(t.status === 400 || t.status === 404, `POST ${p}/test → ${t.status}`);
      const rb = await rawRequest(s, 'POST', `${p}/rollback`, JSON.stringify({ version: 1 }));
      assert.ok(rb.status === 400 || rb.status === 404, `POST ${p}/rollback → ${rb.status}`);
    }
    // 64 characters is the limit, and allowed
    const ok = await put('b'.repeat(64), { source: stamp('long') });
    assert.equal(ok.status, 201);
    assert.equal((await s.admin('DELETE', `/hooks/${'b'.repeat(64)}`)).status, 200);
    assert.deepEqual(fs.readdirSync(parent).sort(), parentListing, 'nothing written next to HOOKS_DIR');
    assert.deepEqual(dirListing(), listing);
  });

  test('source size: 100 KiB allowed, more → 413 (JSON and raw), nothing written', async () => {
    const listing = dirListing();
    const body = (n: number) => {
      const head = `function revoke(context) { return true; }\n`;
      return head + '/' + '*'.repeat(n - head.length - 4) + '*/\n';
    };
    const exact = body(100 * 1024);
    assert.equal(Buffer.byteLength(exact), 100 * 1024);
    const big = body(100 * 1024 + 1);
    assert.equal((await put('big', { source: big })).status, 413);
    assert.equal((await putRaw('big', big, 'application/javascript')).status, 413);
    assert.equal((await putRaw('big', body(400 * 1024), 'application/javascript')).status, 413);
    // multi-byte characters count as bytes
    const wide = `function revoke(context) { return true; }\n// ${'é'.repeat(52 * 1024)}\n`;
    assert.equal((await put('big', { source: wide })).status, 413);
    assert.deepEqual(dirListing(), listing);
    const r = await put('big', { source: exact });
    assert.equal(r.status, 201, await r.clone().text());
    assert.equal((await s.admin('DELETE', '/hooks/big')).status, 200);
  });

  test('GET /admin/hooks and /admin/hooks/:name: status, source, sidecar, counters', async () => {
    const l = (await (await s.admin('GET', '/hooks')).json()) as { hooks: Array<{ name: string; counters: { calls: number } }> };
    assert.ok(l.hooks.some((h) => h.name === 'up'));
    const r = await s.admin('GET', '/hooks/up');
    assert.equal(r.status, 200);
    const h = (await r.json()) as Record<string, unknown>;
    assert.equal(h.source, stamp('u2'));
    assert.equal(h.lang, 'ts');
    assert.deepEqual(h.sidecar, { order: 5, configurationAttributes: { k: { value1: 'v' } } });
    assert.equal(h.status, 'active');
    assert.equal(h.order, 5);
    assert.ok((h.counters as { calls: number }).calls >= 1);
    assert.equal((await s.admin('GET', '/hooks/nosuch')).status, 404);
  });

  test('GET /admin/hooks/:name with a hand-edited, unparsable sidecar answers (does not 500)', async () => {
    fs.writeFileSync(path.join(s.hooksDir, 'hand.js'), `function revoke() { return true; }\n`);
    await waitFor('hand loaded', async () => (await s.admin('GET', '/hooks/hand')).status === 200);
    fs.writeFileSync(path.join(s.hooksDir, 'hand.json'), '{ "order": 1,, }');
    const h = await waitFor('hand sidecar error', async () => {
      const r = await s.admin('GET', '/hooks/hand');
      assert.equal(r.status, 200, await r.clone().text());
      const v = (await r.json()) as { lastError: { file: string } | null; sidecar: unknown };
      return v.lastError ? v : null;
    });
    assert.equal(h.lastError!.file, 'hand.json');
    assert.equal(h.sidecar, '{ "order": 1,, }');
    const d = await s.admin('DELETE', '/hooks/hand');
    assert.equal(d.status, 200);
  });

  test('DELETE: the hook is gone (list, files, /revoke); a second DELETE is 404', async () => {
    const r = await put('del', { source: stamp('d1', { veto: true }), sidecar: { order: 1 } });
    assert.equal(r.status, 201);
    assert.equal(await header('del'), 'd1');
    const d = await s.admin('DELETE', '/hooks/del');
    assert.equal(d.status, 200);
    assert.deepEqual(await d.json(), { deleted: 'del' });
    assert.deepEqual(dirListing().filter((f) => f.startsWith('del.')), []);
    const l = (await (await s.admin('GET', '/hooks')).json()) as { hooks: Array<{ name: string }> };
    assert.ok(!l.hooks.some((h) => h.name === 'del'));
    // immediately gone from /revoke: the token really is revoked now (the hook vetoed before)
    const { res, token } = await revokeFresh();
    assert.equal(res.headers.get('x-hook-del'), null);
    assert.equal((await introspect(token)).active, false);
    assert.equal((await s.admin('DELETE', '/hooks/del')).status, 404);
    assert.equal((await s.admin('GET', '/hooks/del')).status, 404);
  });

  test('POST /:name/test: dry run against the installed hook and an unsaved source; the token store is untouched', async () => {
    const g = await createGrant(s, { client_id: client.client_id });
    const audit = async () => ((await (await s.admin('GET', '/audit?limit=1000')).json()) as { entries: unknown[] }).entries;
    const auditBefore = await audit();
    const listing = dirListing();

    // the installed hook
    const r1 = await s.admin('POST', '/hooks/up/test', { sample: { client: { client_id: 'c-1', scope: 'openid' }, token: { type: 'refresh_token', hint: 'refresh_token' } } });
    assert.equal(r1.status, 200);
    const b1 = (await r1.json()) as { decision: string; response: { status: number; headers: Record<string, string>; body: string }; logs: Array<{ level: string; message: string }>; durationMs: number; error?: unknown };
    assert.equal(b1.decision, 'revoke');
    assert.equal(b1.response.status, 200);
    assert.equal(b1.response.headers['x-hook-up'], 'u2');
    assert.equal(b1.response.headers['cache-control'], 'no-store');
    assert.equal(b1.response.headers['pragma'], 'no-cache');
    assert.equal(b1.response.body, '');
    assert.deepEqual(b1.logs.map((l) => [l.level, l.message]), [['info', 'running u2']]);
    assert.equal(typeof b1.durationMs, 'number');
    assert.equal(b1.error, undefined);

    // an unsaved source, using the sample and its context variables
    const src = `function revoke(context) {\n  const v = context.getContextVariables();\n  context.getLog().info('client {} scopes {}', context.getClient().getClientId(), context.getToken().getScopes().join(','));\n  context.getResponseBuilder().status(403).type('application/json').entity({ denied: v.get('why') });\n  return false;\n}\n`;
    const r2 = await s.admin('POST', '/hooks/not-saved/test', { source: src, sample: { client: { client_id: 'c-2', scope: 'a b' }, context_variables: { why: 'policy' } } });
    assert.equal(r2.status, 200);
    const b2 = (await r2.json()) as typeof b1;
    assert.equal(b2.decision, 'skip');
    assert.equal(b2.response.status, 403);
    assert.equal(b2.response.headers['content-type'], 'application/json');
    assert.equal(b2.response.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(b2.response.body), { denied: 'policy' });
    assert.deepEqual(b2.logs.map((l) => l.message), ['client c-2 scopes a,b']);
    assert.equal((await s.admin('GET', '/hooks/not-saved')).status, 404, 'a test does not install');

    // a throwing hook: the error has its line
    const r3 = await s.admin('POST', '/hooks/up/test', { source: `function revoke(context) {\n  console.warn('about to fail');\n  null.x;\n  return true;\n}\n` });
    const b3 = (await r3.json()) as typeof b1 & { error: { kind: string; message: string; line: number; column: number } };
    assert.equal(r3.status, 200);
    assert.equal(b3.decision, 'revoke'); // onError "revoke" (default)
    assert.equal(b3.error.kind, 'error');
    assert.equal(b3.error.line, 3);
    assert.match(b3.error.message, /TypeError/);
    assert.deepEqual(b3.logs.map((l) => [l.level, l.message]), [['warn', 'about to fail']]);
    // the onError of a sidecar given with the test applies
    const r3b = await s.admin('POST', '/hooks/up/test', { source: 'function revoke() { throw new Error("x"); }', sidecar: { onError: 'skip' } });
    assert.equal(((await r3b.json()) as typeof b1).decision, 'skip');

    // a source that does not load
    const r4 = await s.admin('POST', '/hooks/up/test', { source: 'function revoke( {', lang: 'ts' });
    const b4 = (await r4.json()) as { decision: null; error: { kind: string; line: number } };
    assert.equal(r4.status, 200);
    assert.equal(b4.decision, null);
    assert.equal(b4.error.kind, 'load');
    assert.equal(b4.error.line, 1);

    // unknown hook without a source; bad sample
    assert.equal((await s.admin('POST', '/hooks/nosuch/test', {})).status, 404);
    assert.equal((await s.admin('POST', '/hooks/up/test', { sample: { client: { nope: 1 } } })).status, 400);

    // the token store is untouched: no audit entry, the live token stays live, nothing written
    assert.deepEqual(await audit(), auditBefore);
    assert.equal((await introspect(g.access_token)).active, true);
    assert.deepEqual(dirListing(), listing);
    assert.equal(fs.readFileSync(path.join(s.hooksDir, 'up.ts'), 'utf8'), stamp('u2'));
    assert.equal(await header('up'), 'u2');
  });

  test('versions: origin file for a direct edit, upload for PUT; rollback restores and records origin rollback', async () => {
    const name = 'filed';
    const v0 = await versions(name);
    assert.equal(v0.length, 1);
    assert.equal(v0[0]!.origin, 'file');
    assert.equal(await header(name), 'f1');

    // direct file edit
    fs.writeFileSync(path.join(s.hooksDir, `${name}.ts`), stamp('f2'));
    await waitFor('f2 serving', async () => (await header(name)) === 'f2');
    const v1 = await waitFor('a second version', async () => {
      const v = await versions(name);
      return v.length === 2 ? v : null;
    });
    assert.equal(v1[0]!.origin, 'file');

    // upload
    const up = await put(name, { source: stamp('f3'), lang: 'ts' });
    assert.equal(up.status, 200);
    const upb = (await up.json()) as Installed;
    const v2 = await versions(name);
    assert.deepEqual(v2.map((v) => v.origin), ['upload', 'file', 'file']);
    assert.equal(upb.versionId, v2[0]!.id);
    assert.equal(v2[0]!.hash, upb.version);

    // an upload of the very same content: 200, no new version
    const same = await put(name, { source: stamp('f3'), lang: 'ts' });
    assert.equal(same.status, 200, await same.clone().text());
    assert.equal(((await same.json()) as Installed).versionId, upb.versionId);
    assert.equal((await versions(name)).length, 3);

    // the full record of one version
    const one = await s.admin('GET', `/hooks/${name}/versions/${v2[2]!.id}`);
    assert.equal(one.status, 200);
    const oneb = (await one.json()) as { source: string; sidecar: string | null; origin: string };
    assert.equal(oneb.source, stamp('f1'));
    assert.equal(oneb.sidecar, null);

    // rollback to the first version
    const rb = await s.admin('POST', `/hooks/${name}/rollback`, { version: v2[2]!.id });
    assert.equal(rb.status, 200, await rb.clone().text());
    const rbb = (await rb.json()) as Installed;
    assert.equal(await header(name), 'f1');
    assert.equal(fs.readFileSync(path.join(s.hooksDir, `${name}.ts`), 'utf8'), stamp('f1'));
    const v3 = await versions(name);
    assert.deepEqual(v3.map((v) => v.origin), ['rollback', 'upload', 'file', 'file']);
    assert.equal(v3[0]!.hash, v2[2]!.hash);
    assert.equal(rbb.versionId, v3[0]!.id);

    // a direct edit back to a content that was uploaded before is a "file" version
    fs.writeFileSync(path.join(s.hooksDir, `${name}.ts`), stamp('f3'));
    await waitFor('f3 serving', async () => (await header(name)) === 'f3');
    const v4 = await waitFor('a fifth version', async () => {
      const v = await versions(name);
      return v.length === 5 ? v : null;
    });
    assert.equal(v4[0]!.origin, 'file');

    // rollback to a version of another hook, or one that does not exist: 404; bad body: 400
    const other = (await versions('up'))[0]!;
    assert.equal((await s.admin('POST', `/hooks/${name}/rollback`, { version: other.id })).status, 404);
    assert.equal((await s.admin('POST', `/hooks/${name}/rollback`, { version: 999999 })).status, 404);
    assert.equal((await s.admin('POST', `/hooks/${name}/rollback`, { version: 'one' })).status, 400);
  });

  test('an uploaded no-op after an identical re-upload: the origin bookkeeping does not leak', async () => {
    // PUT content identical to what is installed activates nothing; a later *file* edit to that
    // same content must still be recorded as "file"
    const name = 'noop';
    assert.equal((await put(name, { source: stamp('n1') })).status, 201);
    assert.equal((await put(name, { source: stamp('n1') })).status, 200);
    fs.writeFileSync(path.join(s.hooksDir, `${name}.js`), stamp('n2'));
    await waitFor('n2', async () => (await header(name)) === 'n2');
    fs.writeFileSync(path.join(s.hooksDir, `${name}.js`), stamp('n1'));
    await waitFor('n1', async () => (await header(name)) === 'n1');
    const v = await waitFor('three versions', async () => {
      const l = await versions(name);
      return l.length === 3 ? l : null;
    });
    assert.deepEqual(v.map((x) => x.origin), ['file', 'file', 'upload']);
  });

  test('a hook whose last call failed can still be re-uploaded unchanged (200, not 409)', async () => {
    const src = `function revoke(context) {\n  if (context.getToken().getHint() === 'boom') throw new Error('boom');\n  return true;\n}\n`;
    assert.equal((await put('flaky', { source: src })).status, 201);
    const g = await createGrant(s, { client_id: client.client_id });
    await (await s.form('/revoke', { token: g.access_token, token_type_hint: 'boom' }, { basic: [client.client_id, client.client_secret!] })).arrayBuffer();
    const st = (await (await s.admin('GET', '/hooks/flaky')).json()) as { lastError: unknown; counters: { errors: number } };
    assert.equal(st.counters.errors, 1);
    const r = await put('flaky', { source: src });
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal((await s.admin('DELETE', '/hooks/flaky')).status, 200);
  });
});
