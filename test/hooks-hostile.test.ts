// Hostile hooks: each attacks only when the request parameter `attack` names it, so one runtime
// can show that (1) the attack resolves per the hook's onError, (2) nothing host-side leaks,
// (3) the next hook in the same chain still runs, and (4) the attacking hook works again on the
// next request (after its isolate was rebuilt where needed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, sampleInput, sidecar, assertNoHostLeak, type Harness } from './hooks-helpers.js';
import type { HookErrorKind } from '../src/hooks/types.js';

// Tight limits keep the suite fast; the runtime itself does not care about the values.
const LIMITS = { memoryMb: 16, cpuMs: 50, wallMs: 300 };

interface Attack {
  body: string;
  kinds: HookErrorKind[];
  onError?: 'revoke' | 'skip';
  limits?: Partial<typeof LIMITS>;
}


const attacks: Record<string, Attack> = {
  'busy-loop': { body: 'while (true) {}', kinds: ['timeout'] },
  'async-loop': { body: 'await null; while (true) {}', kinds: ['timeout'] },
  'async-loop-skip': { body: 'await Promise.resolve(); for (;;) { Math.random(); }', kinds: ['timeout'], onError: 'skip' },
  'never-settles': { body: 'await new Promise(() => {});', kinds: ['timeout'] },
  // generous CPU so that the heap limit, not the CPU limit, is what stops it
  'memory-bomb': { body: 'const a = []; for (;;) a.push(new Array(1 << 18).fill(a.length));', kinds: ['memory'], limits: { cpuMs: 5000, wallMs: 10000 } },
  'memory-bomb-small': { body: 'const a = []; for (;;) a.push({ i: a.length, s: "x" + a.length });', kinds: ['memory'], limits: { cpuMs: 5000, wallMs: 10000 } },
  'arraybuffer-bomb': { body: 'const keep = []; for (;;) keep.push(new Uint8Array(1 << 24));', kinds: ['memory'], onError: 'skip' },
  'deep-recursion': { body: 'const f = (n) => f(n + 1) + 1; f(0);', kinds: ['error'] },
  'ctor-escape': { body: 'const p = this.constructor.constructor("return process")(); p.env.HOOK_ESCAPED = "1";', kinds: ['error'] },
  'getter-escape': { body: 'const p = ctx.getClient.constructor("return process")(); p.env.HOOK_ESCAPED = "1";', kinds: ['error'] },
  'console-escape': { body: 'const p = console.log.constructor("return process")(); p.env.HOOK_ESCAPED = "1";', kinds: ['error'] },
  'error-escape': {
    body: 'try { null.x; } catch (e) { const p = e.constructor.constructor("return process")(); p.env.HOOK_ESCAPED = "1"; }',
    kinds: ['error'],
  },
  'promise-escape': { body: 'const p = await Promise.resolve().then.constructor("return process")(); p.env.HOOK_ESCAPED = "1";', kinds: ['error'] },
  'global-probe': {
    // everything a host-ish global could offer is absent
    body: `const names = ['process', 'require', 'module', 'fetch', 'setTimeout', 'setInterval', 'queueMicrotask', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'Buffer', '__revokeHookDefine', 'ivm', '_ivm'];
      const present = names.filter((n) => typeof globalThis[n] !== 'undefined');
      if (present.length) throw new Error('present: ' + present.join(','));
      throw new Error('clean');`,
    kinds: ['error'],
  },
  'proto-pollution': {
    // tamper with every prototype the bootstrap might touch, then use the context normally:
    // results must still be right, and nothing may turn into an isolated-vm reference
    body: `Object.prototype.reference = true; Object.prototype.copy = true; Object.prototype.promise = true;
      Object.defineProperty(Object.prototype, 'then', { get() { throw new Error('then getter'); }, configurable: true });
      Object.defineProperty(Object.prototype, 'toJSON', { get() { return undefined; }, configurable: true });
      Array.prototype.push = function () { throw new Error('push hijacked'); };
      Array.prototype[Symbol.iterator] = function () { throw new Error('iterator hijacked'); };
      String.prototype.split = function () { throw new Error('split hijacked'); };
      RegExp.prototype.exec = function () { return null; };
      Function.prototype.call = function () { throw new Error('call hijacked'); };
      JSON.stringify = () => '"hijacked"';
      const ok = ctx.getClient().getClientId() === 'client-1' && ctx.getClient().getScopes().length === 2 && ctx.isInNetwork('127.0.0.0/8')
        && ctx.getHttpRequest().getHeader('User-Agent') === 'test-agent/1.0';
      ctx.getContextVariables().set('polluted', { ok });
      ctx.getResponseBuilder().header('X-Polluted', String(ok));
      console.log('polluted', ok);
      if (!ok) throw new Error('context broken by pollution');
      return 'not a boolean';`,
    kinds: ['invalid_result'],
  },
  'throw-string': { body: 'throw "a plain string";', kinds: ['error'] },
  'throw-object': { body: 'throw { get message() { throw new Error("getter"); }, toString() { throw new Error("toString"); } };', kinds: ['error'] },
  'throw-proxy': { body: 'throw new Proxy({}, { get() { throw new Error("trap"); }, getOwnPropertyDescriptor() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("trap"); } });', kinds: ['error'] },
  'throw-error-getter-stack': {
    body: 'const e = new Error("x"); Object.defineProperty(e, "stack", { get() { while (true) {} } }); throw e;',
    kinds: ['error'],
  },
  'return-proxy': { body: 'return new Proxy({}, { get(t, k) { if (k === "then") return undefined; throw new Error("trap " + String(k)); } });', kinds: ['invalid_result'] },
  'return-thenable': { body: 'return { then() {} };', kinds: ['timeout'] },
  'return-evil-tostring': { body: 'return { toString() { while (true) {} }, valueOf() { while (true) {} } };', kinds: ['invalid_result'] },
  'return-function': { body: 'return () => true;', kinds: ['invalid_result'], onError: 'skip' },
  'prepare-stack-trace': {
    body: 'Error.prepareStackTrace = () => { throw new Error("pst"); }; null.x;',
    kinds: ['error'],
  },
  'log-flood': { body: 'for (let i = 0; i < 1000; i++) console.log("x".repeat(10000)); return true;', kinds: [] },
  'builder-poison': {
    // subvert the in-isolate checks: the host still refuses a forbidden header
    body: `const b = ctx.getResponseBuilder(); String.prototype.toLowerCase = () => 'x-fine'; b.header('Content-Length', '1'); return true;`,
    kinds: ['error'],
  },
};

function hookSource(name: string, a: Attack): string {
  return `async function revoke(ctx) {
  if (ctx.getHttpRequest().getParameter('attack') === ${JSON.stringify(name)}) {
    ${a.body}
  }
  ctx.getResponseBuilder().header('X-Ok-' + ctx.getScript().getName(), 'yes');
  return true;
}\n`;
}

let x: Harness;
before(async () => {
  const files: Record<string, string> = {
    // runs last: proves the chain continues after every onError:"revoke" failure
    'zz-good.js': `function revoke(ctx) { ctx.getResponseBuilder().header('X-Good', 'yes'); return true; }`,
    'zz-good.json': sidecar({ order: 1000 }),
  };
  for (const [name, a] of Object.entries(attacks)) {
    files[`${name}.js`] = hookSource(name, a);
    files[`${name}.json`] = sidecar({ limits: { ...LIMITS, ...a.limits }, onError: a.onError ?? 'revoke' });
  }
  x = await harness(files);
});
after(async () => {
  await x.close();
});

describe('hostile hooks', () => {
  test('all hostile hooks loaded', () => {
    for (const s of x.rt.list()) assert.equal(s.status, 'active', `${s.name}: ${s.lastError?.message}`);
  });

  for (const [name, a] of Object.entries(attacks)) {
    test(name, async () => {
      delete process.env.HOOK_ESCAPED;
      const logsBefore = x.logs.length;
      const r = await x.rt.run(sampleInput({ params: { attack: name } }));
      const o = r.outcomes.find((oc) => oc.hook === name)!;
      assert.ok(o, 'hook ran');
      const onError = a.onError ?? 'revoke';
      if (a.kinds.length === 0) {
        assert.equal(o.error, undefined, o.error?.message);
      } else {
        assert.ok(o.error, `${name} should fail`);
        assert.ok(a.kinds.includes(o.error.kind), `${name}: kind ${o.error.kind} (${o.error.message})`);
        assert.equal(o.decision, onError);
        assert.equal(r.revoke, onError === 'revoke');
        if (onError === 'revoke') {
          // the rest of the chain ran, and this hook's own builder changes were dropped
          assert.equal(r.outcomes.at(-1)!.hook, 'zz-good');
          assert.ok(r.response.headers.some(([k]) => k === 'X-Good'));
        }
        assert.ok(!r.response.headers.some(([k]) => k === `X-Ok-${name}`));
        assertNoHostLeak(o.error.message);
        const st = x.rt.get(name)!;
        assertNoHostLeak(st.lastError!.message);
        assert.ok(st.counters.errors >= 1);
        if (o.error.kind === 'timeout') assert.ok(st.counters.timeouts >= 1);
      }
      for (const l of x.logs.slice(logsBefore)) {
        assertNoHostLeak(l.message);
        assert.ok(Buffer.byteLength(l.message) <= 1024);
      }
      assert.ok(x.logs.slice(logsBefore).filter((l) => l.hook === name).length <= 101, 'log cap');
      assert.equal(process.env.HOOK_ESCAPED, undefined, 'escaped to the host process');
      assert.equal(x.catastrophic.length, 0);

      // the same hook (rebuilt if needed) and the others work on the next request
      const again = await x.rt.run(sampleInput());
      assert.equal(again.revoke, true);
      assert.deepEqual(
        again.outcomes.filter((oc) => oc.error),
        [],
      );
      assert.ok(again.response.headers.some(([k, v]) => k === `X-Ok-${name}` && v === 'yes'));
    });
  }

  test('escape attempts fail with in-isolate ReferenceErrors, not host objects', async () => {
    for (const name of ['ctor-escape', 'getter-escape', 'console-escape', 'error-escape', 'promise-escape']) {
      const r = await x.rt.run(sampleInput({ params: { attack: name } }));
      assert.match(r.outcomes.find((o) => o.hook === name)!.error!.message, /^ReferenceError: process is not defined/);
    }
    const probe = await x.rt.run(sampleInput({ params: { attack: 'global-probe' } }));
    assert.match(probe.outcomes.find((o) => o.hook === 'global-probe')!.error!.message, /^clean \(global-probe\.js:\d+:\d+\)$/);
  });

  test('prototype pollution does not break the context API', async () => {
    const r = await x.rt.run(sampleInput({ params: { attack: 'proto-pollution' } }));
    const o = r.outcomes.find((oc) => oc.hook === 'proto-pollution')!;
    // the hook got correct answers (it would have thrown otherwise) and then returned a string
    assert.equal(o.error?.kind, 'invalid_result');
    assert.ok(x.logs.some((l) => l.hook === 'proto-pollution' && l.message === 'polluted true'));
  });

  test('thrown non-Error values give safe messages', async () => {
    const msg = async (n: string) => (await x.rt.run(sampleInput({ params: { attack: n } }))).outcomes.find((o) => o.hook === n)!.error!.message;
    assert.equal(await msg('throw-string'), 'threw a string: a plain string');
    assert.equal(await msg('throw-object'), 'threw a non-Error value (object)');
    assert.equal(await msg('throw-proxy'), 'threw a non-Error value (object)');
  });
});
