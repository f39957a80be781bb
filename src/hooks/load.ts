// Loading one hook version into a fresh sandbox: build the isolate (V8 syntax check), then one
// call in "init" mode that resolves the hook's shape, reads getApiVersion() and runs init().
import { attributesPayload } from './chain.js';
import { importColumn, type CompiledHook } from './compile.js';
import { HookLoadError } from './errors.js';
import { HookSandbox } from './sandbox.js';
import type { HookConfig } from './sidecar.js';
import type { HookLogLine } from './types.js';

/** Build a sandbox for `compiled`, run getApiVersion()/init(). Throws HookLoadError; disposes on failure. */
export async function loadSandbox(
  compiled: CompiledHook,
  config: HookConfig,
  onCatastrophicError: (msg: string) => void,
  onLog: (line: HookLogLine) => void,
): Promise<{ sandbox: HookSandbox; apiVersion: number | null }> {
  const sandbox = new HookSandbox({ compiled, limits: config.limits, onCatastrophicError });
  const fail = (message: string, line: number | null, column: number | null): never => {
    sandbox.dispose();
    const where = line !== null ? `:${line}${column !== null ? `:${column}` : ''}` : '';
    throw new HookLoadError(`${compiled.file}${where}: ${message}`, compiled.file, line, column);
  };
  try {
    await sandbox.ensure(); // V8 syntax errors surface here with line/column
  } catch (e) {
    sandbox.dispose();
    if (e instanceof HookLoadError) throw e;
    throw new HookLoadError(`${compiled.file}: could not create the hook isolate`, compiled.file, null, null);
  }
  const res = await sandbox.invoke({ mode: 'init', attributes: attributesPayload(config.configurationAttributes) }, (level, message) =>
    onLog({ hook: compiled.name, level, message, at: Date.now() }),
  );
  if (!res.ok) return fail(`init() failed: ${res.message}`, null, null);
  const r = res.result;
  if (!r.ok) {
    switch (r.kind) {
      case 'import':
        return fail(r.message, r.line, importColumn(compiled, r.line));
      case 'load':
        return fail(r.message, null, null);
      case 'init_false':
        return fail('init() returned false; hook not loaded', null, null);
      default:
        return fail(`loading failed: ${r.message}`, r.line, r.column);
    }
  }
  return { sandbox, apiVersion: r.apiVersion };
}

