// The hook authors' command line (`npm run hooks -- test|check …`), run as a real child process
// exactly as the npm script does (node --no-node-snapshot dist/src/cli/hooks.js): exit codes 0/1/2,
// JSON on stdout, errors with their line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/hooks.js', import.meta.url));

function run(args: string[], cwd: string, execArgv = ['--no-node-snapshot']): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...execArgv, CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface CliResult {
  decision: 'revoke' | 'skip' | null;
  response: { status: number | null; headers: Array<[string, string]> | Record<string, string>; body: string | null };
  logs: Array<{ level: string; message: string }>;
  durationMs: number;
  error?: { kind: string; message: string; file: string; line: number | null; column: number | null };
}

/** a response header from either shape (pairs or an object) */
function headerOf(r: CliResult, name: string): string | undefined {
  const h = r.response.headers;
  if (Array.isArray(h)) return h.find(([k]) => k.toLowerCase() === name)?.[1];
  return Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
}

describe('hooks CLI', () => {
  let dir: string;
  const write = (f: string, text: string) => fs.writeFileSync(path.join(dir, f), text);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rh-cli-'));
    fs.mkdirSync(path.join(dir, 'hooks'));
    write(
      'hooks/scoped.ts',
      [
        "import type { RevokeContext } from './revoke-hook';",
        'export function revoke(context: RevokeContext): boolean {',
        "  const keep = context.getToken().getScopes().includes('keep');",
        "  context.getLog().info('client {} keep={}', context.getClient().getClientId(), keep);",
        "  context.getResponseBuilder().header('X-Decided-By', context.getScript().getName());",
        "  const attr = context.getConfigurationAttributes().get('mode');",
        "  if (attr) context.getResponseBuilder().header('X-Mode', attr.getValue1());",
        '  return !keep;',
        '}',
        '',
      ].join('\n'),
    );
    write('sample.json', JSON.stringify({ client: { client_id: 'cli-client', scope: 'openid keep' }, token: { type: 'refresh_token' }, request: { remote_addr: '10.1.2.3' } }));
    write('plain.json', JSON.stringify({ client: { client_id: 'cli-client', scope: 'openid' } }));
    write('hooks/throws.js', 'function revoke(context) {\n  const n = 1;\n  console.error("failing now");\n  throw new Error("nope " + n);\n}\n');
    write('hooks/broken.ts', '// a comment\nfunction revoke(context: RevokeContext): boolean {\n  return (true;\n}\n');
    write('hooks/init-false.js', 'function init() { return false; }\nfunction revoke() { return true; }\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('test with a sample file: decision, headers, logs, exit 0', async () => {
    const r = await run(['test', 'hooks/scoped.ts', '--sample', 'sample.json'], dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as CliResult;
    assert.equal(out.decision, 'skip');
    assert.equal(out.error, undefined);
    assert.equal(headerOf(out, 'x-decided-by'), 'scoped');
    assert.deepEqual(out.logs.map((l) => [l.level, l.message]), [['info', 'client cli-client keep=true']]);
    assert.equal(typeof out.durationMs, 'number');

    const r2 = await run(['test', 'hooks/scoped.ts', '--sample', 'plain.json'], dir);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal((JSON.parse(r2.stdout) as CliResult).decision, 'revoke');

    // no sample: defaults
    const r3 = await run(['test', 'hooks/scoped.ts'], dir);
    assert.equal(r3.code, 0, r3.stderr);
    assert.equal((JSON.parse(r3.stdout) as CliResult).decision, 'revoke');
  });

  test('the sidecar next to the hook is used; --sidecar overrides it', async () => {
    write('hooks/scoped.json', JSON.stringify({ configurationAttributes: { mode: { value1: 'beside' } } }));
    write('other.json', JSON.stringify({ configurationAttributes: { mode: { value1: 'given' } } }));
    try {
      const r = await run(['test', 'hooks/scoped.ts', '--sample', 'plain.json'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(headerOf(JSON.parse(r.stdout) as CliResult, 'x-mode'), 'beside');
      const r2 = await run(['test', 'hooks/scoped.ts', '--sidecar', 'other.json'], dir);
      assert.equal(r2.code, 0, r2.stderr);
      assert.equal(headerOf(JSON.parse(r2.stdout) as CliResult, 'x-mode'), 'given');
    } finally {
      fs.rmSync(path.join(dir, 'hooks/scoped.json'));
    }
  });

  test('a throwing hook: exit 1, the error with its line, logs kept', async () => {
    const r = await run(['test', 'hooks/throws.js', '--sample', 'plain.json'], dir);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as CliResult;
    assert.equal(out.error?.kind, 'error');
    assert.equal(out.error?.line, 4);
    assert.equal(out.error?.file, 'throws.js');
    assert.match(out.error!.message, /nope 1/);
    assert.deepEqual(out.logs.map((l) => [l.level, l.message]), [['error', 'failing now']]);
    assert.equal(out.decision, 'revoke'); // onError "revoke"
  });

  test('check: a syntax error is exit 1 with its line; a good hook is exit 0', async () => {
    const r = await run(['check', 'hooks/broken.ts'], dir);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as { loaded: boolean; error: { kind: string; line: number; column: number; message: string } };
    assert.equal(out.loaded, false);
    assert.equal(out.error.kind, 'load');
    assert.equal(out.error.line, 3);
    assert.equal(typeof out.error.column, 'number');
    assert.match(out.error.message, /broken\.ts:3/);

    const ok = await run(['check', 'hooks/scoped.ts'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { loaded: boolean }).loaded, true);
    // check is load only: a hook that throws when called still loads
    const t = await run(['check', 'hooks/throws.js'], dir);
    assert.equal(t.code, 0, t.stderr);
    // init() returning false does not load
    const i = await run(['check', 'hooks/init-false.js'], dir);
    assert.equal(i.code, 1);
    assert.match((JSON.parse(i.stdout) as { error: { message: string } }).error.message, /init\(\) returned false/);
    // test on a syntax error is exit 1 too
    const tt = await run(['test', 'hooks/broken.ts'], dir);
    assert.equal(tt.code, 1);
    assert.equal((JSON.parse(tt.stdout) as CliResult).error?.line, 3);
  });

  test('bad usage: exit 2 with the usage on stderr', async () => {
    const cases: string[][] = [
      [],
      ['test'],
      ['frobnicate', 'hooks/scoped.ts'],
      ['test', 'hooks/scoped.ts', '--sample'],
      ['test', 'hooks/scoped.ts', '--bogus', 'x'],
      ['test', 'hooks/scoped.txt'],
      ['test', 'hooks/missing.ts'],
      ['test', 'hooks/scoped.ts', '--sample', 'missing.json'],
      ['test', 'hooks/scoped.ts', '--sidecar', 'missing.json'],
    ];
    write('notjson.json', '{ nope');
    write('badsample.json', JSON.stringify({ client: { client_id: 1 } }));
    cases.push(['test', 'hooks/scoped.ts', '--sample', 'notjson.json'], ['test', 'hooks/scoped.ts', '--sample', 'badsample.json']);
    for (const args of cases) {
      const r = await run(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.ok(r.stderr.length > 0, args.join(' '));
    }
  });

  test('without --no-node-snapshot it refuses to run (exit 2, says why)', async () => {
    const r = await run(['test', 'hooks/scoped.ts'], dir, []);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-node-snapshot/);
  });
});
