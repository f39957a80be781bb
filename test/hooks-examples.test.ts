// The shipped hooks/revoke-hook.d.ts type-checks the shipped TypeScript examples (tsc --noEmit
// with an explicit file list, through the TypeScript API), gives script-style hooks globals, and
// actually catches mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import pino from 'pino';
import { HookRuntime } from '../src/hooks/runtime.js';

const HOOKS_DIR = path.resolve(process.cwd(), 'hooks');

// Same settings as hooks/tsconfig.json: no DOM or node types, because hooks have neither.
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: [],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: false,
};

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, OPTIONS);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

test('shipped .ts examples type-check against revoke-hook.d.ts; mistakes are caught', async () => {
  const shipped = (await readdir(HOOKS_DIR)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  assert.ok(shipped.length >= 3, `examples: ${shipped.join(', ')}`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'revoke-hooks-types-'));
  try {
    await copyFile(path.join(HOOKS_DIR, 'revoke-hook.d.ts'), path.join(tmp, 'revoke-hook.d.ts'));
    // script style: the context type and console come from the ambient globals
    await writeFile(
      path.join(tmp, 'script-style.ts'),
      'function revoke(context: RevokeContext): boolean {\n  console.log(context.getClient().getClientId());\n  return context.isInNetwork("10.0.0.0/8");\n}\n',
    );
    await writeFile(path.join(tmp, 'bad.ts'), 'import type { RevokeContext } from "./revoke-hook";\nexport function revoke(c: RevokeContext): boolean {\n  c.getResponseBuilder().status("200");\n  return c.getClient().getClientSecret();\n}\n');

    const files = [...shipped.map((f) => path.join(HOOKS_DIR, f)), path.join(HOOKS_DIR, 'revoke-hook.d.ts'), path.join(tmp, 'script-style.ts')];
    assert.deepEqual(typeErrors(files), []);

    const bad = typeErrors([path.join(tmp, 'bad.ts'), path.join(tmp, 'revoke-hook.d.ts')]);
    assert.equal(bad.length, 2, bad.join('\n'));
    assert.match(bad[0]!, /^bad\.ts:3 .*not assignable to parameter of type 'number'/);
    assert.match(bad[1]!, /^bad\.ts:4 Property 'getClientSecret' does not exist/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('the shipped hooks load; revocation-id is the one enabled', async () => {
  const rt = new HookRuntime({ hooksDir: HOOKS_DIR, logger: pino({ level: 'silent' }), onLog: () => {}, onCatastrophicError: () => {} });
  try {
    await rt.loadAll();
    const st = Object.fromEntries(rt.list().map((s) => [s.name, s.status]));
    assert.deepEqual(st, {
      'allow-all': 'disabled',
      'revocation-id': 'active',
      'service-scope-cidr': 'disabled',
      'risk-score-producer': 'disabled',
      'risk-score-consumer': 'disabled',
    });
  } finally {
    await rt.dispose();
  }
});

test('the examples do what their comments say when enabled', async () => {
  const { readFile } = await import('node:fs/promises');
  const { dryRun } = await import('../src/hooks/runtime.js');
  const { harness, sampleInput } = await import('./hooks-helpers.js');
  const src = (f: string) => readFile(path.join(HOOKS_DIR, f), 'utf8');

  // service-scope-cidr: service-scoped tokens only from allowed networks
  const cidr = { name: 'service-scope-cidr', lang: 'ts' as const, source: await src('service-scope-cidr.ts'), sidecar: await src('service-scope-cidr.json') };
  assert.equal((await dryRun({ ...cidr, input: sampleInput({ tokenScopes: ['service'], remoteAddr: '10.9.8.7' }) })).decision, 'revoke');
  assert.equal((await dryRun({ ...cidr, input: sampleInput({ tokenScopes: ['service'], remoteAddr: '::1' }) })).decision, 'revoke');
  const denied = await dryRun({ ...cidr, input: sampleInput({ tokenScopes: ['openid', 'service'], remoteAddr: '192.168.1.1' }) });
  assert.equal(denied.decision, 'skip');
  assert.ok(denied.logs.some((l) => l.level === 'warn' && /refusing to revoke a service token/.test(l.message)));
  assert.equal((await dryRun({ ...cidr, input: sampleInput({ tokenScopes: ['openid'], remoteAddr: '192.168.1.1' }) })).decision, 'revoke');
  const noNets = await dryRun({ ...cidr, sidecar: '{}', input: sampleInput() });
  assert.equal(noNets.error?.kind, 'load');
  assert.match(noNets.error!.message, /init\(\) returned false/);

  // revocation-id: stamps a header, keeps an existing one
  const rid = { name: 'revocation-id', lang: 'ts' as const, source: await src('revocation-id.ts'), sidecar: await src('revocation-id.json') };
  const stamped = await dryRun({ ...rid, input: sampleInput() });
  assert.equal(stamped.decision, 'revoke');
  assert.match(stamped.response.headers.find(([k]) => k === 'X-Revocation-Id')![1], /^rv-[0-9a-z]+-[0-9a-f]{8}$/);
  const kept = await dryRun({ ...rid, input: sampleInput(), response: { status: null, headers: [['X-Revocation-Id', 'given']], body: null, contentType: null } });
  assert.deepEqual(kept.response.headers, [['X-Revocation-Id', 'given']]);

  // the context-variable pair, enabled, in order
  const x = await harness({
    'risk-score-producer.ts': await src('risk-score-producer.ts'),
    'risk-score-producer.json': '{ "order": 50 }',
    'risk-score-consumer.js': await src('risk-score-consumer.js'),
    'risk-score-consumer.json': '{ "order": 60 }',
  });
  try {
    const r = await x.rt.run(sampleInput());
    assert.equal(r.revoke, true);
    assert.deepEqual(r.outcomes.map((o) => [o.hook, o.error]), [
      ['risk-score-producer', undefined],
      ['risk-score-consumer', undefined],
    ]);
    // confidential client, token already expired (2023), user agent present → score 0
    assert.deepEqual(r.response.headers, [['X-Risk-Score', '0']]);
  } finally {
    await x.close();
  }
});
