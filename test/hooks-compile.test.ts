// Pure host-side pieces: transpile + wrap (line preservation), sidecar schema, response
// validation, the --no-node-snapshot check. No isolates needed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileHook, WRAPPER_HEAD } from '../src/hooks/compile.js';
import { HookLoadError } from '../src/hooks/errors.js';
import { parseSidecar, defaultHookConfig } from '../src/hooks/sidecar.js';
import { validateBuilderState, validateVars } from '../src/hooks/response.js';
import { assertNoNodeSnapshot, hasNoNodeSnapshot } from '../src/hooks/node-flags.js';

describe('compileHook', () => {
  test('keeps every line on its source line (TS types, enums, imports, exports)', () => {
    const src = [
      'import type { RevokeContext } from "./revoke-hook";',
      'enum Mode { A, B }',
      'interface X {',
      '  a: string;',
      '}',
      'export const marker5 = 5;',
      'export default class Hook {',
      '  revoke(ctx: RevokeContext): boolean { return marker8(); }',
      '}',
      'function marker8(): boolean { return Mode.B === 1; }',
    ].join('\n');
    const c = compileHook('lines', src, 'ts');
    assert.ok(c.code.startsWith(WRAPPER_HEAD), 'header on the first line');
    const lines = c.code.split('\n');
    assert.match(lines[5]!, /marker5 = 5/);
    assert.match(lines[7]!, /revoke\(ctx\) \{ return marker8\(\); \}/);
    assert.match(lines[9]!, /function marker8\(\)/);
    assert.equal(c.filename, 'hook:///lines.ts');
    assert.equal(c.file, 'lines.ts');
    assert.ok(c.columnOffset < -WRAPPER_HEAD.length + 1);
  });

  test('syntax errors carry 1-based line and column', () => {
    const err = (fn: () => unknown): HookLoadError => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof HookLoadError);
        return e;
      }
      throw new Error('no error');
    };
    const a = err(() => compileHook('a', 'function revoke() {\n  return (;\n}', 'js'));
    assert.deepEqual([a.file, a.line, a.column], ['a.js', 2, 11]);
    assert.match(a.message, /^a\.js:2:11: SyntaxError: Unexpected token$/);
    const b = err(() => compileHook('b', 'const x: number = 1;\n', 'js')); // TS syntax in a .js file
    assert.deepEqual([b.line, b.column], [1, 8]);
    assert.match(err(() => compileHook('../x', 'function revoke(){}', 'js')).message, /invalid hook name/);
    assert.match(err(() => compileHook('big', 'x'.repeat(300 * 1024), 'js')).message, /larger than/);
  });
});

describe('sidecar', () => {
  test('defaults', () => {
    assert.deepEqual({ ...parseSidecar('{}', 'x.json'), configurationAttributes: {} }, defaultHookConfig());
    assert.deepEqual(defaultHookConfig(), { enabled: true, order: 100, onError: 'revoke', limits: { memoryMb: 32, cpuMs: 100, wallMs: 1000 }, configurationAttributes: {} });
  });
  test('full sidecar', () => {
    const c = parseSidecar(
      JSON.stringify({ enabled: false, order: 10, onError: 'skip', limits: { memoryMb: 8, cpuMs: 5, wallMs: 30000 }, configurationAttributes: { k: { value1: 'a', description: 'd' } } }),
      'x.json',
    );
    assert.deepEqual({ ...c, configurationAttributes: { ...c.configurationAttributes } }, {
      enabled: false,
      order: 10,
      onError: 'skip',
      limits: { memoryMb: 8, cpuMs: 5, wallMs: 30000 },
      configurationAttributes: { k: { value1: 'a', value2: '', description: 'd' } },
    });
  });
  test('rejections name file and field', () => {
    assert.throws(() => parseSidecar('{"limits":{"memoryMb":1024}}', 'h.json'), /^HookLoadError: h\.json: field "limits\.memoryMb"/);
    assert.throws(() => parseSidecar('{"limits":{"cpuMs":0}}', 'h.json'), /field "limits\.cpuMs"/);
    assert.throws(() => parseSidecar('{"order":1.5}', 'h.json'), /field "order"/);
    assert.throws(() => parseSidecar('{"configurationAttributes":{"__proto__":{"value1":"x"}}}', 'h.json'), /configurationAttributes/);
    assert.throws(() => parseSidecar('[]', 'h.json'), /field "\(root\)"/);
  });
});

describe('host-side response validation', () => {
  const ok = { status: 200, headers: [['X-A', 'b']], body: 'x', contentType: 'text/plain', typeExplicit: true };
  test('accepts a sane state, rejects forbidden/malformed ones', () => {
    assert.deepEqual(validateBuilderState(ok), ok);
    for (const bad of [
      { ...ok, status: 199 },
      { ...ok, status: 600 },
      { ...ok, headers: [['Content-Length', '1']] },
      { ...ok, headers: [['X-A', 'a\r\nb']] },
      { ...ok, headers: [['X A', 'a']] },
      { ...ok, headers: [['Content-Type', 'text/html']] },
      { ...ok, headers: Array.from({ length: 51 }, (_, i) => [`X-${i}`, 'v']) },
      { ...ok, body: 'x'.repeat(64 * 1024 + 1) },
      { ...ok, contentType: 'text/plain\r\nX: y' },
      { ...ok, contentType: 'nonsense' },
      null,
    ]) {
      assert.equal(typeof validateBuilderState(bad), 'string', JSON.stringify(bad)?.slice(0, 100));
    }
  });
  test('context variables', () => {
    assert.deepEqual(validateVars([['a', '1']]), [['a', '1']]);
    assert.equal(typeof validateVars([['a', '{']]), 'string');
    assert.equal(typeof validateVars([['a', '1'], ['a', '2']]), 'string');
    assert.equal(typeof validateVars([['a', JSON.stringify('x'.repeat(70 * 1024))]]), 'string');
  });
});

describe('--no-node-snapshot check', () => {
  test('detects the flag in execArgv or NODE_OPTIONS', () => {
    assert.equal(hasNoNodeSnapshot(['--no-node-snapshot'], ''), true);
    assert.equal(hasNoNodeSnapshot([], '--max-old-space-size=100 --no-node-snapshot'), true);
    assert.equal(hasNoNodeSnapshot(['--inspect'], undefined), false);
    // this test process is started with the flag
    assert.doesNotThrow(() => assertNoNodeSnapshot());
  });
});
