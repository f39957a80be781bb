// Smoke test for the benchmark harness (`npm run bench`): runs it in --tiny mode (about a second per
// target, a small store) and checks that it produced a result for every target with a numeric rps,
// plus the cold-load, hot-reload and store-size sections. It asserts that the harness works, never a
// speed: the figures of a one-second run on a shared machine mean nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('../bench/run.js', import.meta.url));

const TARGETS = ['baseline', 'ours-revoke', 'ours-unknown', 'introspect', 'hooks-1', 'hooks-3', 'oidc-provider', 'store-1000', 'store-20000'];

test('npm run bench -- --tiny produces a result for every target', { timeout: 58_000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rh-bench-smoke-'));
  try {
    const proc = spawn(process.execPath, [RUN, '--tiny', `--out=${out}`], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    assert.equal(code, 0, `harness exited with ${code}\n--- stderr ---\n${stderr.slice(-4000)}`);

    const report = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8')) as {
      mode: string;
      machine: { cores: number; node: string; cpuModel: string };
      targets: Array<{ id: string; rps: unknown; latencyMs: { p50: unknown; p99: unknown }; errors: unknown; non2xx: unknown; flags: unknown }>;
      ratios: Record<string, unknown>;
      coldLoad: Array<{ hooks: number; readyMs: unknown; rssMb: unknown }>;
      hotReload: { available: boolean; reason: string | null };
      storeSize: unknown[];
      checks: unknown[];
    };
    assert.equal(report.mode, 'tiny');
    assert.equal(report.machine.node, process.version);
    for (const id of TARGETS) {
      const t = report.targets.find((x) => x.id === id);
      assert.ok(t, `no result for target ${id}`);
      assert.equal(typeof t.rps, 'number', `${id}: rps is not a number`);
      assert.ok(Number.isFinite(t.rps as number) && (t.rps as number) >= 0, `${id}: rps ${t.rps}`);
      assert.equal(typeof t.latencyMs.p50, 'number', `${id}: p50`);
      assert.equal(typeof t.latencyMs.p99, 'number', `${id}: p99`);
      assert.equal(typeof t.errors, 'number', `${id}: errors`);
      assert.equal(typeof t.non2xx, 'number', `${id}: non2xx`);
      assert.ok(Array.isArray(t.flags), `${id}: flags`);
    }
    assert.ok('ours ÷ baseline' in report.ratios && 'ours ÷ node-oidc-provider' in report.ratios && '1 hook ÷ no hook' in report.ratios);
    assert.deepEqual(report.coldLoad.map((c) => c.hooks), [0, 1, 10]);
    for (const c of report.coldLoad) assert.equal(typeof c.readyMs, 'number');
    assert.equal(typeof report.hotReload.available, 'boolean');
    if (!report.hotReload.available) assert.match(report.hotReload.reason ?? '', /\S/);
    assert.equal(report.storeSize.length, 2);
    assert.ok(report.checks.length >= 5);
    const md = fs.readFileSync(path.join(out, 'latest.md'), 'utf8');
    assert.match(md, /\| target \| rps \| p50 ms \| p99 ms \|/);
    assert.match(md, new RegExp(`${report.machine.cores} cores`));
    assert.match(stdout, /ours ÷ baseline/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
