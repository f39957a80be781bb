// Per-call cost of the hook runtime with ONE trivial hook (`return true`), versus no hooks.
//   npx tsc -p tsconfig.json && node --no-node-snapshot dist/bench/hooks-overhead.js [iterations]
// Back-to-back sequential calls, 8 concurrent callers (throughput on one isolate), and calls
// separated by idle time (latency when the pre-built spare context is ready).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { HookRuntime } from '../src/hooks/runtime.js';
import type { HookInput } from '../src/hooks/types.js';

const N = Number(process.argv[2] ?? 5000);

const input: HookInput = {
  client: { clientId: 'c', clientName: null, scopes: ['a'], isPublic: false, authenticationMethod: 'client_secret_basic' },
  grant: { grantId: 'g', clientId: 'c', subject: 'u', scopes: ['a'], grantType: 'authorization_code', createdAt: 1, tokens: [{ type: 'access_token', issuedAt: 1, expiresAt: 2, revoked: false }] },
  token: { type: 'access_token', issuedAt: 1, expiresAt: 2, scopes: ['a'], hint: null },
  request: { method: 'POST', path: '/revoke', headers: { 'user-agent': 'bench' }, parameters: {}, remoteAddr: '127.0.0.1' },
};

async function measure(dir: string, label: string): Promise<void> {
  const rt = new HookRuntime({ hooksDir: dir, logger: pino({ level: 'silent' }), onLog: () => {} });
  await rt.loadAll();
  for (let i = 0; i < 300; i++) await rt.run(input); // warm-up
  let t = performance.now();
  for (let i = 0; i < N; i++) await rt.run(input);
  const seq = (performance.now() - t) / N;
  t = performance.now();
  const per = Math.floor(N / 8);
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = 0; i < per; i++) await rt.run(input);
  }));
  const conc = (performance.now() - t) / (per * 8);
  // latency of isolated requests (2 ms idle between them, as on a lightly loaded server)
  let idleSum = 0;
  const M = Math.min(N, 500);
  for (let i = 0; i < M; i++) {
    await new Promise((r) => setTimeout(r, 2));
    const s = performance.now();
    await rt.run(input);
    idleSum += performance.now() - s;
  }
  const idle = idleSum / M;
  console.log(`${label.padEnd(22)} sequential ${(seq * 1000).toFixed(0).padStart(5)} µs/call   8 concurrent ${(conc * 1000).toFixed(0).padStart(5)} µs/call (${Math.round(1000 / conc)} calls/s)   idle-gap ${(idle * 1000).toFixed(0).padStart(5)} µs/call`);
  await rt.dispose();
}

const empty = await mkdtemp(path.join(os.tmpdir(), 'hooks-bench-'));
const one = await mkdtemp(path.join(os.tmpdir(), 'hooks-bench-'));
await writeFile(path.join(one, 'trivial.js'), 'function revoke(context) { return true; }\n');
try {
  await measure(empty, 'no hooks');
  await measure(one, '1 trivial hook');
} finally {
  await rm(empty, { recursive: true, force: true });
  await rm(one, { recursive: true, force: true });
}
